package dev.outpost.gate;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.config.ConfigReader;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.gate.admission.GateSettings;
import dev.outpost.hal.gpio.DigitalInputConfig;
import dev.outpost.hal.gpio.GpioSettings;
import dev.outpost.hal.modbus.ModbusMaster;
import dev.outpost.hal.serial.Parity;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialSettings;
import dev.outpost.hal.serial.StopBits;
import dev.outpost.hal.turnstile.GpioTurnstileConfig;
import dev.outpost.hal.turnstile.ModbusTurnstileConfig;
import dev.outpost.site.presence.DeviceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The gate controller's configuration: the device keys every device reads, how it reaches its turnstile, where its
 * journal lives and how it admits. Keys, defaults and units are in the README's configuration reference.
 *
 * @param turnstile  turnstile.driver ({@code gpio}, the default, or {@code modbus}) and that driver's keys
 * @param journalDir gate.journal-dir: the journal's directory (default {@code data.dir/journal})
 * @param gate       gate.lease-size, gate.low-water, gate.ask-timeout, gate.hub-silence, gate.pulse
 */
public record GateConfig(DeviceSettings device, TurnstileWiring turnstile, Path journalDir, GateSettings gate,
                         LogSettings log) {

    static final String GPIO = "gpio";
    static final String MODBUS = "modbus";

    private static final List<String> GPIO_KEYS = List.of("gpio.driver", "gpio.chip", "turnstile.entry-unlock-line",
            "turnstile.exit-unlock-line", "turnstile.full-lamp-line", "turnstile.entry-passage-line",
            "turnstile.exit-passage-line", "turnstile.fire-loop-line", "turnstile.ready-line", "turnstile.tamper-line",
            "turnstile.manual-release-line", "turnstile.pulse-width", "turnstile.debounce", "turnstile.exit-dedup");
    private static final List<String> MODBUS_KEYS = List.of("serial.driver", "serial.port", "serial.baud",
            "serial.data-bits", "serial.parity", "serial.stop-bits", "turnstile.unit", "turnstile.poll-period",
            "turnstile.response-timeout", "turnstile.failures-before-down");

    public static GateConfig from(ConfigFile file) {
        ConfigReader in = file.reader();
        DeviceSettings device = DeviceSettings.read(in, 8490, Path.of("/var/lib/outpost/gate"));
        String driver = in.string("turnstile.driver", GPIO);
        if (!driver.equals(GPIO) && !driver.equals(MODBUS)) {
            in.problem("turnstile.driver must be gpio (lines straight to the turnstile) or modbus (an RS-485 I/O "
                    + "module), was '" + driver + "'");
        }
        GpioKeys gpio = GpioKeys.read(in, driver.equals(GPIO));
        ModbusKeys modbus = ModbusKeys.read(in, driver.equals(MODBUS));
        if (driver.equals(GPIO)) {
            keysOfTheOtherDriver(in, MODBUS_KEYS, MODBUS, driver);
        } else if (driver.equals(MODBUS)) {
            keysOfTheOtherDriver(in, GPIO_KEYS, GPIO, driver);
        }
        Path journalDir = in.path("gate.journal-dir", device.dataDir().resolve("journal"));
        GateSettings d = GateSettings.defaults();
        int leaseSize = in.intIn("gate.lease-size", d.leaseSize(), 1, 1000);
        int lowWater = in.intIn("gate.low-water", d.lowWater(), 0, 999);
        Duration askTimeout = in.duration("gate.ask-timeout", d.askTimeout(), Duration.ofMillis(10),
                Duration.ofMinutes(1));
        Duration hubSilence = in.duration("gate.hub-silence", d.hubSilence(), Duration.ofMillis(10),
                Duration.ofMinutes(10));
        Duration pulse = in.duration("gate.pulse", d.pulse(), Duration.ofMillis(10), Duration.ofMinutes(1));
        LogSettings log = LogSettings.read(in);
        in.finish();

        // the records check what single keys cannot: combinations, driver names; each message names its key
        List<String> problems = new ArrayList<>();
        Supplier<TurnstileWiring> turnstile = driver.equals(GPIO) ? gpio::wiring : modbus::wiring;
        TurnstileWiring wiring = checked(problems, turnstile);
        GateSettings gate = checked(problems,
                () -> new GateSettings(leaseSize, lowWater, askTimeout, hubSilence, pulse));
        if (!problems.isEmpty()) {
            throw new ConfigException(file.source(), problems);
        }
        return new GateConfig(device, wiring, journalDir, gate, log);
    }

    /** A key of the driver not chosen is a mistake (most likely turnstile.driver was forgotten), never ignored. */
    private static void keysOfTheOtherDriver(ConfigReader in, List<String> keys, String other, String driver) {
        for (String key : keys) {
            if (in.string(key, null) != null) {
                in.problem(key + " is a turnstile.driver=" + other + " key, but turnstile.driver is " + driver
                        + "; set turnstile.driver=" + other + " or remove " + key);
            }
        }
    }

    private static <T> T checked(List<String> problems, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private record GpioKeys(String driver, String chip, Map<String, Integer> lines, Duration pulseWidth,
                            Duration debounce, Duration exitDedup) {

        static GpioKeys read(ConfigReader in, boolean chosen) {
            String driver = in.string("gpio.driver", GpioSettings.AUTO);
            String chip = in.string("gpio.chip", "gpiochip0");
            Map<String, Integer> lines = new LinkedHashMap<>();
            lines.put("turnstile.entry-unlock-line", line(in, "turnstile.entry-unlock-line", 17));
            lines.put("turnstile.exit-unlock-line", line(in, "turnstile.exit-unlock-line", 27));
            lines.put("turnstile.full-lamp-line", line(in, "turnstile.full-lamp-line", 22));
            lines.put("turnstile.entry-passage-line", line(in, "turnstile.entry-passage-line", 5));
            lines.put("turnstile.exit-passage-line", line(in, "turnstile.exit-passage-line", 6));
            lines.put("turnstile.fire-loop-line", line(in, "turnstile.fire-loop-line", 13));
            lines.put("turnstile.ready-line", line(in, "turnstile.ready-line", -1));
            lines.put("turnstile.tamper-line", line(in, "turnstile.tamper-line", -1));
            lines.put("turnstile.manual-release-line", line(in, "turnstile.manual-release-line", -1));
            Duration pulseWidth = in.duration("turnstile.pulse-width", GpioTurnstileConfig.DEFAULT_PULSE_WIDTH,
                    Duration.ofMillis(1), Duration.ofSeconds(60));
            Duration debounce = in.duration("turnstile.debounce", GpioTurnstileConfig.DEFAULT_DEBOUNCE, Duration.ZERO,
                    DigitalInputConfig.MAX_DEBOUNCE);
            Duration exitDedup = in.duration("turnstile.exit-dedup", GpioTurnstileConfig.DEFAULT_EXIT_DEDUP,
                    Duration.ZERO, DigitalInputConfig.MAX_DEBOUNCE);
            if (chosen) {
                Map<Integer, String> owners = new LinkedHashMap<>();
                lines.forEach((key, line) -> {
                    String other = line < 0 ? null : owners.putIfAbsent(line, key);
                    if (other != null) {
                        in.problem(key + " and " + other + " are both line " + line
                                + "; each line is wired to one thing");
                    }
                });
            }
            return new GpioKeys(driver, chip, lines, pulseWidth, debounce, exitDedup);
        }

        /** -1: not wired (only the optional lines default to it; a value must be a line). */
        private static int line(ConfigReader in, String key, int defaultLine) {
            return in.intIn(key, defaultLine, 0, GpioTurnstileConfig.MAX_LINE);
        }

        TurnstileWiring wiring() {
            GpioTurnstileConfig config = new GpioTurnstileConfig(lines.get("turnstile.entry-unlock-line"),
                    lines.get("turnstile.exit-unlock-line"), lines.get("turnstile.full-lamp-line"),
                    lines.get("turnstile.entry-passage-line"), lines.get("turnstile.exit-passage-line"),
                    lines.get("turnstile.fire-loop-line"), optional("turnstile.ready-line"),
                    optional("turnstile.tamper-line"), optional("turnstile.manual-release-line"), pulseWidth, debounce,
                    exitDedup);
            return new TurnstileWiring.OverGpio(new GpioSettings(driver, chip), config);
        }

        private OptionalInt optional(String key) {
            int line = lines.get(key);
            return line < 0 ? OptionalInt.empty() : OptionalInt.of(line);
        }
    }

    private record ModbusKeys(String driver, String port, int baud, int dataBits, Parity parity, StopBits stopBits,
                              int unit, Duration pollPeriod, Duration responseTimeout, int failuresBeforeDown) {

        private static final String HOST_PORT = "[^/\\s:]+:[0-9]{1,5}";

        static ModbusKeys read(ConfigReader in, boolean chosen) {
            String driver = in.string("serial.driver", SerialSettings.AUTO);
            String port = in.string("serial.port", null);
            if (chosen && port == null) {
                in.problem("serial.port is required with turnstile.driver=modbus (the I/O module's line: a device such "
                        + "as /dev/ttyUSB0, or host:port of a serial device server with serial.driver=tcp)");
            } else if (chosen && driver.equals("tcp") && !port.matches(HOST_PORT)) {
                in.problem("serial.port must be host:port of the serial device server with serial.driver=tcp, was '"
                        + port + "'");
            } else if (chosen && driver.equals(SerialSettings.AUTO) && port.matches(HOST_PORT)) {
                in.problem("serial.port '" + port + "' is host:port, not a serial device; set serial.driver=tcp to "
                        + "reach a serial device server");
            }
            return new ModbusKeys(driver, port,
                    in.intIn("serial.baud", 9600, SerialConfig.MIN_BAUD, SerialConfig.MAX_BAUD),
                    in.intIn("serial.data-bits", 8, 5, 8),
                    in.enumValue("serial.parity", Parity.class, Parity.NONE),
                    in.enumValue("serial.stop-bits", StopBits.class, StopBits.ONE),
                    in.intIn("turnstile.unit", 1, 1, ModbusMaster.MAX_UNIT),
                    in.duration("turnstile.poll-period", ModbusTurnstileConfig.DEFAULT_POLL_PERIOD,
                            Duration.ofMillis(1), Duration.ofSeconds(10)),
                    in.duration("turnstile.response-timeout", ModbusTurnstileConfig.DEFAULT_RESPONSE_TIMEOUT,
                            Duration.ofMillis(10), Duration.ofSeconds(10)),
                    in.intIn("turnstile.failures-before-down", ModbusTurnstileConfig.DEFAULT_FAILURES_BEFORE_DOWN,
                            1, 100));
        }

        TurnstileWiring wiring() {
            SerialConfig serial = SerialConfig.of(port).withBaud(baud).withFraming(dataBits, parity, stopBits);
            ModbusTurnstileConfig module = ModbusTurnstileConfig.of(serial, unit).withPollPeriod(pollPeriod)
                    .withResponseTimeout(responseTimeout).withFailuresBeforeDown(failuresBeforeDown);
            return new TurnstileWiring.OverModbus(new SerialSettings(driver), module);
        }
    }
}
