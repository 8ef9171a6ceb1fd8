package dev.outpost.api.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier's datagrams reach a unix datagram socket as systemd's would receive them (socat listens there). */
@Tag("integration")
class HelperNotifierIT {

    @Test
    void eachStateArrivesAsADatagramOnTheNotifySocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("notify");
        Process listener = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "STDOUT")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(socket), "socat did not bind " + socket);
            List<String> received = new ArrayList<>();
            try (HelperNotifier notifier = HelperNotifier.to(socket.toString());
                 BufferedReader in = new BufferedReader(new InputStreamReader(listener.getInputStream(),
                         StandardCharsets.UTF_8))) {
                notifier.send("READY=1");
                notifier.send("WATCHDOG=1");
                notifier.send("STOPPING=1");
                while (received.size() < 3) {
                    received.add(in.readLine());
                }
            }
            assertEquals(List.of("READY=1", "WATCHDOG=1", "STOPPING=1"), received);
        } finally {
            listener.destroy();
            listener.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAbstractSocketIsAddressedAsSuch() {
        assertEquals("ABSTRACT-SENDTO:/org/freedesktop/systemd1/notify",
                HelperNotifier.socatAddress("@/org/freedesktop/systemd1/notify"));
        assertEquals("UNIX-SENDTO:/run/systemd/notify", HelperNotifier.socatAddress("/run/systemd/notify"));
    }
}
