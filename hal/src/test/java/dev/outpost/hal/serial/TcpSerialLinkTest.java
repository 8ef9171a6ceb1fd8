package dev.outpost.hal.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.time.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The tcp driver against a loopback server standing in for a serial device server. */
class TcpSerialLinkTest extends SerialLinkContract {

    private static final Duration GENEROUS = Duration.ofSeconds(5);

    private ServerSocket server;

    @Override
    protected Ends open() throws IOException {
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        SerialLink host = Serial.open(new SerialSettings("tcp"), SerialConfig.of("127.0.0.1:" + server.getLocalPort()));
        return new Ends(host, TcpSerialLink.accepted(server.accept(), Duration.ofSeconds(1), Ticker.system()));
    }

    @Override
    protected void release() throws IOException {
        server.close();
    }

    @Test
    void theDriverIsChosenByNameAndKeepsTheConfiguredPort() {
        assertTrue(a instanceof TcpSerialLink, a.getClass().getName());
        assertEquals("127.0.0.1:" + server.getLocalPort(), a.port());
    }

    @Test
    void aPortThatIsNotHostColonPortSaysWhatIsExpected() {
        for (String port : new String[] {"/dev/ttyUSB0", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:http", ":5020"}) {
            SerialException e = assertThrows(SerialException.class,
                    () -> Serial.open(new SerialSettings("tcp"), SerialConfig.of(port)));
            assertEquals("serial " + port + ": serial.driver=tcp needs serial.port as host:port with a port of "
                    + "1..65535, e.g. 127.0.0.1:5020", e.getMessage());
        }
    }

    @Test
    void nothingListeningFailsAtOpenSayingWhatToCheck() throws IOException {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        SerialException e = assertThrows(SerialException.class,
                () -> Serial.open(new SerialSettings("tcp"), SerialConfig.of("127.0.0.1:" + port)));
        assertTrue(e.getMessage().startsWith("serial 127.0.0.1:" + port + ": cannot connect within 1000 ms ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("check that the device server is on and in TCP-server mode on that port"),
                e.getMessage());
    }

    @Test
    void afterThePeerDropsTheConnectionTheNextWriteConnectsAgain() throws IOException {
        b.close();
        SerialException lost = assertThrows(SerialException.class, () -> a.read(new byte[1], GENEROUS));
        assertEquals("serial " + a.port() + ": the peer closed the connection; the next read or write connects again",
                lost.getMessage());

        a.write(new byte[] {0x01, 0x02, 0x00, 0x00});
        try (SerialLink again = TcpSerialLink.accepted(server.accept(), Duration.ofSeconds(1), Ticker.system())) {
            byte[] got = new byte[4];
            again.readExactly(got, GENEROUS);
            assertArrayEquals(new byte[] {0x01, 0x02, 0x00, 0x00}, got);
            again.write(new byte[] {0x7f});
            byte[] reply = new byte[1];
            a.readExactly(reply, GENEROUS);
            assertEquals(0x7f, reply[0]);
        }
    }

    @Test
    void anAcceptedLinkStaysDownOnceThePeerLeaves() {
        a.close();
        SerialException lost = assertThrows(SerialException.class, () -> b.read(new byte[1], GENEROUS));
        assertTrue(lost.getMessage().endsWith(": the peer closed the connection"), lost.getMessage());
        SerialException gone = assertThrows(SerialException.class, () -> b.write(new byte[] {1}));
        assertEquals("serial " + b.port() + ": the connection is gone; the peer has to connect again",
                gone.getMessage());
    }
}
