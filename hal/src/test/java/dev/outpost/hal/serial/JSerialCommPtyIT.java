package dev.outpost.hal.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jSerialComm driver over real pseudo-terminals from socat. */
@Tag("integration")
class JSerialCommPtyIT extends SerialLinkContract {

    @TempDir
    Path dir;

    private PtyPair pty;

    @Override
    protected Ends open() throws Exception {
        pty = PtyPair.start(dir);
        SerialLink first = Serial.open(SerialSettings.defaults(), SerialConfig.of(pty.a().toString()));
        SerialLink second = JSerialCommLink.open(SerialConfig.of(pty.b().toString()).withBaud(115_200), Ticker.system());
        return new Ends(first, second);
    }

    @Override
    protected void release() {
        pty.close();
    }

    @Test
    void theDriverOpensTheRealPtsPath() {
        assertTrue(a.port().startsWith("/dev/pts/"), a.port());
        assertTrue(a instanceof JSerialCommLink, a.getClass().getName());
    }

    @Test
    void aPortIsOpenedExclusively() {
        SerialException e = assertThrows(SerialException.class,
                () -> JSerialCommLink.open(SerialConfig.of(a.port()), Ticker.system()));
        assertTrue(e.getMessage().startsWith("serial " + a.port() + ": cannot open at 9600 8N1"), e.getMessage());
    }

    @Test
    void halfDuplexModeStillCarriesBytes() {
        b.close();
        try (SerialLink rs485 = JSerialCommLink.open(SerialConfig.of(pty.b().toString()).withRs485HalfDuplex(true),
                Ticker.system())) {
            rs485.write(new byte[] {0x01, 0x05, 0x00, 0x00});
            byte[] got = new byte[4];
            a.readExactly(got, Duration.ofSeconds(5));
            assertArrayEquals(new byte[] {0x01, 0x05, 0x00, 0x00}, got);
            a.write(new byte[] {0x7f});
            byte[] reply = new byte[1];
            rs485.readExactly(reply, Duration.ofSeconds(5));
            assertEquals(0x7f, reply[0]);
        }
    }
}
