package dev.outpost.hal.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SerialSettingsTest {

    private static void rejects(String message, Executable construct) {
        assertEquals(message, assertThrows(RuntimeException.class, construct).getMessage());
    }

    @Test
    void defaultsAre9600Baud8N1() {
        SerialConfig config = SerialConfig.of("/dev/ttyUSB0");
        assertEquals("9600 8N1", config.framing());
        assertEquals(false, config.rs485HalfDuplex());
        assertEquals(Duration.ofSeconds(1), config.readTimeout());
    }

    @Test
    void badValuesNameTheFieldTheLimitAndTheValue() {
        rejects("serial.baud must be one of 1200..921600, was 0", () -> SerialConfig.of("/dev/ttyUSB0").withBaud(0));
        rejects("serial.dataBits must be between 5 and 8, was 9",
                () -> SerialConfig.of("/dev/ttyUSB0").withFraming(9, Parity.NONE, StopBits.ONE));
        rejects("serial.port must be a device path such as /dev/ttyUSB0, was \" \"", () -> SerialConfig.of(" "));
        rejects("serial.readTimeout must be between 1 ms and 600000 ms, was 0 ms",
                () -> SerialConfig.of("/dev/ttyUSB0").withReadTimeout(Duration.ZERO));
        rejects("serial.parity must be one of NONE, EVEN, ODD, MARK, SPACE, was null",
                () -> SerialConfig.of("/dev/ttyUSB0").withFraming(8, null, StopBits.ONE));
        rejects("serial.driver must be auto or a driver name such as jserialcomm or sim, was \"USB!\"",
                () -> new SerialSettings("USB!"));
    }

    @Test
    void everyDriverIsRegisteredWithServiceLoader() {
        List<String> names = ServiceLoader.load(SerialProvider.class).stream()
                .map(provider -> provider.get().name()).sorted().toList();
        assertEquals(List.of("jserialcomm", "sim", "tcp"), names);
    }

    @Test
    void autoNeverPicksTheSimulator() {
        SerialException e = assertThrows(SerialException.class, () -> Serial.open(SerialSettings.defaults(),
                SerialConfig.of("/dev/sim-ttyUSB9"), Ticker.system(), List.of(new SimSerialProvider())));
        assertEquals("serial /dev/sim-ttyUSB9: no serial driver available (no real serial driver on the classpath); "
                + "set serial.driver=sim for a simulated line", e.getMessage());
    }

    @Test
    void autoPicksJSerialCommWhichSaysWhenThePortIsMissing() {
        SerialException e = assertThrows(SerialException.class,
                () -> Serial.open(SerialSettings.defaults(), SerialConfig.of("/dev/outpost-no-such-tty")));
        assertEquals("serial /dev/outpost-no-such-tty: no such device; check serial.port and that the adapter is "
                + "plugged in", e.getMessage());
    }

    @Test
    void anUnknownDriverListsTheKnownOnes() {
        SerialException e = assertThrows(SerialException.class,
                () -> Serial.open(new SerialSettings("rxtx"), SerialConfig.of("/dev/ttyUSB0")));
        assertEquals("serial /dev/ttyUSB0: serial.driver=rxtx is not a known driver; known: jserialcomm, sim, tcp "
                + "(or auto)", e.getMessage());
    }
}
