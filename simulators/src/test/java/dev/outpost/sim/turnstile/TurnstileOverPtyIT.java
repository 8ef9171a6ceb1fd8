package dev.outpost.sim.turnstile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.serial.PtyPair;
import dev.outpost.hal.serial.Serial;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.serial.SerialSettings;
import dev.outpost.hal.turnstile.TurnstileStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver and the module on the two ends of a socat pseudo-terminal pair, both through jSerialComm. */
@Tag("integration")
class TurnstileOverPtyIT extends ModbusTurnstileContract {

    @TempDir
    Path dir;

    private PtyPair pty;

    @Override
    protected SerialLink connect(TurnstileModule module) throws Exception {
        pty = PtyPair.start(dir);
        module.serve(Serial.open(new SerialSettings("jserialcomm"), SerialConfig.of(pty.b().toString())));
        return Serial.open(SerialSettings.defaults(), SerialConfig.of(pty.a().toString()));
    }

    @Override
    protected void release() {
        pty.close();
    }

    /** Regression: waiting out t3.5 with a timed read cost 100 ms a request on jSerialComm (termios VTIME steps). */
    @Test
    void pollsKeepPaceWithThePollPeriodOnARealPort() {
        turnstile.listen(recorder);
        recorder.awaitStatus("answering=true", TurnstileStatus::answering);
        long target = module.requestsSeen() + 40;
        long start = System.nanoTime();
        Eventually.until("40 more requests", () -> module.requestsSeen() >= target);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis < 2000, "20 polls of 2 requests every 20 ms took " + elapsedMillis + " ms");
    }
}
