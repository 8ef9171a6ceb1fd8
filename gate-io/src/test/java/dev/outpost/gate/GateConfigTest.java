package dev.outpost.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.gate.admission.GateSettings;
import dev.outpost.hal.gpio.GpioSettings;
import dev.outpost.hal.serial.Parity;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.StopBits;
import dev.outpost.hal.turnstile.GpioTurnstileConfig;
import dev.outpost.hal.turnstile.ModbusTurnstileConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GateConfigTest {

    private static final String DEVICE = """
            site.id = mall-0001
            device.id = gate-1
            broker.url = tcp://127.0.0.1:1883
            broker.password = secret
            """;

    private static GateConfig parse(String extra) {
        return GateConfig.from(ConfigFile.parse("gate.conf", DEVICE + extra));
    }

    private static ConfigException rejected(String extra) {
        return assertThrows(ConfigException.class, () -> parse(extra));
    }

    @Test
    void defaultsAreAGpioTurnstileOnTheDocumentedLinesAndTheDefaultGateSettings() {
        GateConfig config = parse("");

        TurnstileWiring.OverGpio wiring = assertInstanceOf(TurnstileWiring.OverGpio.class, config.turnstile());
        assertEquals(GpioSettings.defaults(), wiring.gpio());
        assertEquals(GpioTurnstileConfig.of(17, 27, 22, 5, 6, 13), wiring.lines());
        assertEquals(Path.of("/var/lib/outpost/gate/journal"), config.journalDir());
        assertEquals(GateSettings.defaults(), config.gate());
        assertEquals(8490, config.device().httpPort());
    }

    @Test
    void gpioLinesAndTimingAreRead() {
        GateConfig config = parse("""
                gpio.driver = sim
                gpio.chip = gpiochip1
                turnstile.entry-unlock-line = 1
                turnstile.exit-unlock-line = 2
                turnstile.full-lamp-line = 3
                turnstile.entry-passage-line = 4
                turnstile.exit-passage-line = 5
                turnstile.fire-loop-line = 6
                turnstile.ready-line = 7
                turnstile.tamper-line = 8
                turnstile.manual-release-line = 9
                turnstile.pulse-width = 250ms
                turnstile.debounce = 0ms
                turnstile.exit-dedup = 300ms
                """);

        TurnstileWiring.OverGpio wiring = assertInstanceOf(TurnstileWiring.OverGpio.class, config.turnstile());
        assertEquals(new GpioSettings("sim", "gpiochip1"), wiring.gpio());
        assertEquals(new GpioTurnstileConfig(1, 2, 3, 4, 5, 6, OptionalInt.of(7), OptionalInt.of(8), OptionalInt.of(9),
                Duration.ofMillis(250), Duration.ZERO, Duration.ofMillis(300)), wiring.lines());
    }

    @Test
    void modbusReadsTheSerialLineAndTheModule() {
        GateConfig config = parse("""
                turnstile.driver = modbus
                serial.port = /dev/ttyUSB0
                serial.baud = 19200
                serial.parity = even
                turnstile.unit = 7
                turnstile.poll-period = 50ms
                turnstile.response-timeout = 200ms
                turnstile.failures-before-down = 5
                """);

        TurnstileWiring.OverModbus wiring = assertInstanceOf(TurnstileWiring.OverModbus.class, config.turnstile());
        assertEquals("auto", wiring.serial().driver());
        assertEquals(ModbusTurnstileConfig.of(SerialConfig.of("/dev/ttyUSB0").withBaud(19200)
                        .withFraming(8, Parity.EVEN, StopBits.ONE), 7).withPollPeriod(Duration.ofMillis(50))
                .withResponseTimeout(Duration.ofMillis(200)).withFailuresBeforeDown(5), wiring.module());
    }

    @Test
    void modbusDefaultsAreUnitOneAt9600_8N1() {
        TurnstileWiring.OverModbus wiring = assertInstanceOf(TurnstileWiring.OverModbus.class, parse("""
                turnstile.driver = modbus
                serial.port = /dev/ttyUSB0
                """).turnstile());

        assertEquals(ModbusTurnstileConfig.of(SerialConfig.of("/dev/ttyUSB0"), 1), wiring.module());
    }

    @Test
    void aSerialDeviceServerIsHostAndPortOverTheTcpDriver() {
        TurnstileWiring.OverModbus wiring = assertInstanceOf(TurnstileWiring.OverModbus.class, parse("""
                turnstile.driver = modbus
                serial.driver = tcp
                serial.port = 10.0.0.5:4001
                """).turnstile());

        assertEquals("tcp", wiring.serial().driver());
        assertEquals("10.0.0.5:4001", wiring.module().serial().port());
    }

    @Test
    void gateKeysGoToTheGateSettingsAndTheJournalDirectory() {
        GateConfig config = parse("""
                data.dir = /srv/gate
                gate.lease-size = 10
                gate.low-water = 3
                gate.ask-timeout = 500ms
                gate.hub-silence = 2s
                gate.pulse = 4s
                """);

        assertEquals(new GateSettings(10, 3, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(4)),
                config.gate());
        assertEquals(Path.of("/srv/gate/journal"), config.journalDir());
        assertEquals(Path.of("/var/lib/gate-journal"), parse("gate.journal-dir = /var/lib/gate-journal\n").journalDir());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            turnstile.driver              | rs485   | turnstile.driver must be gpio (lines straight to the turnstile) or modbus (an RS-485 I/O module), was 'rs485'
            turnstile.fire-loop-line      | 1024    | turnstile.fire-loop-line must be between 0 and 1023, was 1024
            turnstile.fire-loop-line      | 17      | turnstile.fire-loop-line and turnstile.entry-unlock-line are both line 17; each line is wired to one thing
            turnstile.ready-line          | none    | turnstile.ready-line must be a whole number between 0 and 1023, was 'none'
            turnstile.pulse-width         | 0ms     | turnstile.pulse-width must be between 1ms and 1m, was 0ms
            turnstile.debounce            | 2s      | turnstile.debounce must be between 0ms and 1s, was 2s
            gpio.driver                   | GPIOD   | gpio.driver must be auto or a driver name such as gpiod or sim, was "GPIOD"
            gpio.chip                     | chip0   | gpio.chip must look like gpiochip0, was "chip0"
            serial.port                   | /dev/ttyUSB0 | serial.port is a turnstile.driver=modbus key, but turnstile.driver is gpio; set turnstile.driver=modbus or remove serial.port
            turnstile.unit                | 7       | turnstile.unit is a turnstile.driver=modbus key, but turnstile.driver is gpio; set turnstile.driver=modbus or remove turnstile.unit
            gate.lease-size               | 0       | gate.lease-size must be between 1 and 1000, was 0
            gate.low-water                | 5       | gate.low-water must be between 0 and lease-size - 1 (4), was 5
            gate.ask-timeout              | 5s      | gate.hub-silence must be at least gate.ask-timeout (5000 ms), was 3000 ms
            gate.hub-silence              | 1h      | gate.hub-silence must be between 10ms and 10m, was 1h
            gate.pulse                    | soon    | gate.pulse must be a duration such as 500ms, 30s, 5m or 2h, was 'soon'
            """)
    void aBadGpioOrGateKeyIsRejectedByName(String key, String value, String problem) {
        ConfigException e = rejected(key + " = " + value + "\n");

        assertEquals(List.of(problem), e.problems());
        assertEquals("config gate.conf: " + problem, e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            serial.driver                 | Tcp     | serial.driver must be auto or a driver name such as jserialcomm or sim, was "Tcp"
            serial.port                   | 10.0.0.5:4001 | serial.port '10.0.0.5:4001' is host:port, not a serial device; set serial.driver=tcp to reach a serial device server
            serial.baud                   | 300     | serial.baud must be between 1200 and 921600, was 300
            serial.data-bits              | 9       | serial.data-bits must be between 5 and 8, was 9
            serial.parity                 | weird   | serial.parity must be one of none, even, odd, mark, space, was 'weird'
            serial.stop-bits              | 3       | serial.stop-bits must be one of one, one_and_half, two, was '3'
            turnstile.unit                | 0       | turnstile.unit must be between 1 and 247, was 0
            turnstile.poll-period         | 0ms     | turnstile.poll-period must be between 1ms and 10s, was 0ms
            turnstile.response-timeout    | 1m      | turnstile.response-timeout must be between 10ms and 10s, was 1m
            turnstile.failures-before-down | 101    | turnstile.failures-before-down must be between 1 and 100, was 101
            turnstile.entry-unlock-line   | 3       | turnstile.entry-unlock-line is a turnstile.driver=gpio key, but turnstile.driver is modbus; set turnstile.driver=gpio or remove turnstile.entry-unlock-line
            """)
    void aBadModbusKeyIsRejectedByName(String key, String value, String problem) {
        String base = "turnstile.driver = modbus\n" + (key.equals("serial.port") ? "" : "serial.port = /dev/ttyUSB0\n");
        ConfigException e = rejected(base + key + " = " + value + "\n");

        assertEquals(List.of(problem), e.problems());
    }

    @Test
    void modbusNeedsTheSerialPort() {
        ConfigException e = rejected("turnstile.driver = modbus\n");

        assertEquals(List.of("serial.port is required with turnstile.driver=modbus (the I/O module's line: a "
                + "device such as /dev/ttyUSB0, or host:port of a serial device server with serial.driver=tcp)"),
                e.problems());
    }

    @Test
    void theTcpDriverNeedsHostAndPort() {
        ConfigException e = rejected("turnstile.driver = modbus\nserial.driver = tcp\nserial.port = /dev/ttyUSB0\n");

        assertEquals(List.of("serial.port must be host:port of the serial device server with "
                + "serial.driver=tcp, was '/dev/ttyUSB0'"), e.problems());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = rejected("turnstile.fire-loop-line = -1\ngate.lease-size = 2000\nturnstile.colour = red\n");

        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("turnstile.fire-loop-line must be between 0 and 1023"), e.getMessage());
        assertTrue(e.problems().get(1).startsWith("gate.lease-size must be between 1 and 1000"), e.getMessage());
        assertTrue(e.problems().get(2).startsWith("unknown key turnstile.colour"), e.getMessage());
    }
}
