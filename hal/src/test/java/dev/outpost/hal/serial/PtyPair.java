package dev.outpost.hal.serial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Two connected pseudo-terminals made by socat: real serial I/O without hardware. Other modules' tests use it
 * through hal's test-jar.
 *
 * <pre>{@code
 * try (PtyPair pty = PtyPair.start(tempDir)) {
 *     open(pty.a()); open(pty.b());   // /dev/pts/N paths
 * }
 * }</pre>
 */
public final class PtyPair implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Process socat;
    private final Path log;
    private final Path a;
    private final Path b;

    private PtyPair(Process socat, Path log, Path a, Path b) {
        this.socat = socat;
        this.log = log;
        this.a = a;
        this.b = b;
    }

    /** Starts socat with links in {@code dir} and waits (at most 10 s) for both pseudo-terminals to exist. */
    public static PtyPair start(Path dir) throws IOException {
        Path socatBinary = socat();
        Path linkA = dir.resolve("a");
        Path linkB = dir.resolve("b");
        Path log = dir.resolve("socat.log");
        Process process = new ProcessBuilder(List.of(socatBinary.toString(), "-d", "-d",
                "pty,raw,echo=0,link=" + linkA, "pty,raw,echo=0,link=" + linkB))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!(Files.exists(linkA) && Files.exists(linkB))) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                throw new IOException("socat: pty pair did not appear within " + STARTUP.toSeconds() + " s (alive="
                        + process.isAlive() + "); log:\n" + read(log));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return new PtyPair(process, log, linkA.toRealPath(), linkB.toRealPath());
    }

    private static Path socat() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, "socat");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path usual = Path.of("/usr/bin/socat");
        if (Files.isExecutable(usual)) {
            return usual;
        }
        throw new IOException("socat: not found on PATH; install it (apt-get install -y socat)");
    }

    /** The first pseudo-terminal, resolved to its {@code /dev/pts/N} path. */
    public Path a() {
        return a;
    }

    public Path b() {
        return b;
    }

    public String log() {
        return read(log);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no socat log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            socat.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
