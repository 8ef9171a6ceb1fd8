package dev.outpost.sim.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.appliance.legacy.LegacyConfig;
import dev.outpost.hal.serial.PtyPair;
import dev.outpost.hal.serial.Serial;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The legacy gateway and the simulated device on the two ends of a socat pseudo-terminal pair, both through
 * jSerialComm: switched off means nothing answers (the calls time out), and lines written meanwhile reach the device
 * late, when it is back.
 */
@Tag("integration")
class LegacyOverPtyIT extends LegacyLineContract {
    private PtyPair pty;

    @Override
    LegacyConfig connect() throws Exception {
        pty = PtyPair.start(dir);
        device.serve(Serial.open(new SerialSettings("jserialcomm"), SerialConfig.of(pty.b().toString()).withBaud(115_200)));
        return config(LegacyConfig.Transport.SERIAL, pty.a().toString());
    }

    @Override
    void deviceDown() {
        device.silent(true);
    }

    @Override
    void deviceBack() {
        device.silent(false);
    }

    @AfterEach
    void closePty() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
        if (pty != null) {
            pty.close();
        }
    }

    /** A NAK, a dropped answer, garbage and a slow answer in a row on the serial line: each sale still once. */
    @Test
    void eachFaultOnTheSerialLineCostsARetryNotASale() throws Exception {
        gateway = open(connect());
        device.nakNext(1);
        gateway.forward(sale(1));
        until("t-1", () -> device.taken().contains("t-1"));
        device.dropAnswers(1);
        gateway.forward(sale(2));
        until("t-2 delivered", () -> gateway.status().delivered() == 2);
        device.garbageNext(1);
        gateway.forward(sale(3));
        until("t-3 delivered", () -> gateway.status().delivered() == 3);
        device.slow(TIMEOUT.plusMillis(100));
        gateway.forward(sale(4));
        until("t-4 timed out", () -> gateway.status().failuresInARow() >= 1);
        device.slow(Duration.ZERO);
        until("t-4 delivered", () -> gateway.status().delivered() == 4);
        assertEquals(ids(1, 4), device.taken());
        assertTrue(device.duplicates() >= 3, "t-2, t-3 and t-4 are sent again after their answer was lost (t-4 maybe"
                + " more than once while the device is slow): " + device.status());
    }
}
