package dev.outpost.api.runtime;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Sends notifications to systemd through a helper process: the JDK has no unix datagram sockets
 * ({@code DatagramChannel.open(StandardProtocolFamily.UNIX)} throws UnsupportedOperationException, JDK 25 included),
 * and only datagrams reach {@code NOTIFY_SOCKET}.
 *
 * <p>systemd attributes a message to a unit by the sender's cgroup, which it looks up by the sender's pid when it reads
 * the message. {@code systemd-notify} exits right after sending, so its message can arrive from a process that no
 * longer exists and be dropped (systemd 254 added {@code --exec} for that race; Debian 12 has 252). So the helper is
 * one long-lived {@code socat} in the service's own cgroup (the unit says {@code NotifyAccess=all}) that sends each
 * line written to it as a datagram; it is started again if it dies. Without socat it falls back to one
 * {@code systemd-notify} per message, and says so.
 */
final class HelperNotifier implements Watchdog.Notifier {
    private final String socket;
    private final Optional<Path> socat;
    private Process helper;
    private OutputStream toHelper;

    private HelperNotifier(String socket, Optional<Path> socat) {
        this.socket = socket;
        this.socat = socat;
    }

    static HelperNotifier to(String socket) {
        Optional<Path> socat = onPath("socat");
        if (socat.isEmpty()) {
            Logger.warn("systemd notification: socat is not installed; using systemd-notify, whose messages systemd "
                    + "may drop (install socat)");
        }
        return new HelperNotifier(socket, socat);
    }

    /** The socat address for {@code NOTIFY_SOCKET}: a path, or {@code @name} in the abstract namespace. */
    static String socatAddress(String socket) {
        return socket.startsWith("@") ? "ABSTRACT-SENDTO:" + socket.substring(1) : "UNIX-SENDTO:" + socket;
    }

    @Override
    public synchronized void send(String state) {
        if (socat.isEmpty()) {
            sendOnce(state);
            return;
        }
        byte[] line = (state + "\n").getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                if (helper == null || !helper.isAlive()) {
                    startHelper();
                }
                toHelper.write(line);
                toHelper.flush();
                return;
            } catch (IOException e) {
                Logger.warn("systemd notification: socat to {} failed ({}); {}", socket, e.getMessage(),
                        attempt == 1 ? "starting it again" : "'" + state + "' not sent");
                stopHelper();
            }
        }
    }

    private void startHelper() throws IOException {
        helper = new ProcessBuilder(socat.get().toString(), "-u", "STDIN", socatAddress(socket))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        toHelper = helper.getOutputStream();
    }

    private void sendOnce(String state) {
        try {
            Process notify = new ProcessBuilder("systemd-notify", state)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!notify.waitFor(5, TimeUnit.SECONDS)) {
                notify.destroyForcibly();
                Logger.warn("systemd notification: systemd-notify {} did not finish within 5 s", state);
            }
        } catch (IOException e) {
            Logger.warn("systemd notification: cannot run systemd-notify {}: {}", state, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopHelper() {
        if (helper != null) {
            try {
                toHelper.close();
            } catch (IOException ignored) {
                // it is being stopped anyway
            }
            try {
                // let socat send what it has read (STOPPING=1 is the last message) before it is told to go
                if (!helper.waitFor(1, TimeUnit.SECONDS)) {
                    helper.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                helper.destroy();
            }
            helper = null;
            toHelper = null;
        }
    }

    @Override
    public synchronized void close() {
        stopHelper();
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : List.of((path + File.pathSeparator + "/usr/bin").split(File.pathSeparator))) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
