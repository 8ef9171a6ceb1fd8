package dev.outpost.hal.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.hal.time.Ticker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimSerialTest extends SerialLinkContract {

    @Override
    protected Ends open() {
        SimSerial.Pair pair = SimSerial.pair();
        return new Ends(pair.a(), pair.b());
    }

    @Test
    void codeOpeningAPortWithTheSimDriverTalksToTheAttachedDevice() {
        try (SerialLink device = SimSerial.attach("/dev/sim-ttyUSB7");
             SerialLink host = Serial.open(new SerialSettings("sim"), SerialConfig.of("/dev/sim-ttyUSB7"))) {
            host.write(new byte[] {0x10, 0x04, 0x01});
            byte[] got = new byte[3];
            device.readExactly(got, Duration.ofSeconds(5));
            assertArrayEquals(new byte[] {0x10, 0x04, 0x01}, got);

            SerialException twice = assertThrows(SerialException.class,
                    () -> Serial.open(new SerialSettings("sim"), SerialConfig.of("/dev/sim-ttyUSB7")));
            assertEquals("serial /dev/sim-ttyUSB7: already open (ports are exclusive)", twice.getMessage());
        }
    }

    @Test
    void openingASimPortWithNoDeviceSaysHowToAttachOne() {
        SerialException e = assertThrows(SerialException.class,
                () -> SimSerial.open(SerialConfig.of("/dev/sim-nothing"), Ticker.system()));
        assertEquals("serial /dev/sim-nothing: no simulated device attached; attach one with "
                + "SimSerial.attach(\"/dev/sim-nothing\") or set serial.driver to a real driver", e.getMessage());
    }

    @Test
    void closingTheDeviceEndDetachesIt() {
        SimSerial.attach("/dev/sim-ttyUSB8").close();
        assertThrows(SerialException.class, () -> SimSerial.open(SerialConfig.of("/dev/sim-ttyUSB8"), Ticker.system()));
    }
}
