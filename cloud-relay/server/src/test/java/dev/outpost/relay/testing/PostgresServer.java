package dev.outpost.relay.testing;

import dev.outpost.relay.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the Debian package ({@code /usr/lib/postgresql/<version>/bin}), one per JVM, started
 * on first use and stopped by a shutdown hook: initdb into a temporary directory, listening on 127.0.0.1 only, on a
 * free port, as an unprivileged user. PostgreSQL refuses to run as root, so under root the binaries run through
 * {@code runuser -u postgres} (the package's system user) over a directory chowned to it.
 *
 * <p>Every test takes a {@link #freshDatabase() fresh database}, so tests never see each other's rows: a copy of a
 * template database migrated once (see {@link TestStores}). Durability is switched off (fsync, synchronous_commit):
 * a test server that loses data on a power cut costs nothing.
 */
public final class PostgresServer {
    private static final String USER = "outpost";
    private static final String RUN_AS = "postgres";
    private static PostgresServer shared;

    private final Path bin;
    private final Path root;
    private final Path data;
    private final int port;
    private final boolean asRoot;
    private final AtomicInteger databases = new AtomicInteger();
    /** The migrated database every fresh one is copied from, made on first use. */
    private String template;

    private PostgresServer(Path bin, Path root, int port, boolean asRoot) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.asRoot = asRoot;
    }

    /** The JVM's server, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            PostgresServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
            shared = server;
        }
        return shared;
    }

    private static PostgresServer start() {
        Path bin = findBinaries();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        try {
            Path root = Files.createTempDirectory("outpost-pg-");
            PostgresServer server = new PostgresServer(bin, root, freePort(), asRoot);
            if (asRoot) {
                server.run(List.of("chown", "-R", RUN_AS + ":", root.toString()), false);
            }
            server.run(List.of(bin.resolve("initdb").toString(), "-D", server.data.toString(), "-U", USER,
                    "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"), true);
            server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", server.data.toString(), "-w", "-t", "60",
                    "-l", root.resolve("server.log").toString(), "start", "-o",
                    "-p " + server.port + " -c listen_addresses=127.0.0.1 -k " + root
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"), true);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("postgres: cannot prepare a temporary directory: " + e.getMessage(), e);
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} holding initdb. */
    private static Path findBinaries() {
        Path base = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent())))
                    .orElseThrow(() -> new IllegalStateException("postgres: no initdb under " + base
                            + "/<version>/bin; install it with: apt-get install -y postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("postgres: " + base + " is missing (" + e.getMessage()
                    + "); install it with: apt-get install -y postgresql", e);
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void run(List<String> command, boolean unprivileged) {
        List<String> full = new ArrayList<>();
        if (unprivileged && asRoot) {
            full.addAll(List.of("runuser", "-u", RUN_AS, "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).directory(root.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("postgres: " + String.join(" ", full) + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("postgres: " + String.join(" ", full) + " exited with "
                        + process.exitValue() + ":\n" + output + serverLog());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("postgres: cannot run " + full + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("postgres: interrupted while running " + full, e);
        }
    }

    private String serverLog() {
        try {
            Path log = root.resolve("server.log");
            return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public int port() {
        return port;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A database with a name no other test uses, migrated (a copy of the JVM's migrated template) and with no rows. */
    public synchronized StoreConfig freshDatabase() {
        if (template == null) {
            String name = "template_" + ProcessHandle.current().pid();
            TestStores.migrate(create(name, "template1"));
            awaitNoSessions(name);
            template = name;
        }
        return create(nextName(), template);
    }

    /** A database with a name no other test uses that nothing has opened yet: no schema, no rows. */
    public StoreConfig emptyDatabase() {
        return create(nextName(), "template1");
    }

    private String nextName() {
        return "test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    }

    private StoreConfig create(String name, String from) {
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE " + from);
        } catch (SQLException e) {
            throw new IllegalStateException("postgres: cannot create database " + name + " from " + from + " on port "
                    + port + ": " + e.getMessage(), e);
        }
        return StoreConfig.postgres(url(name), USER, "", 8);
    }

    /**
     * Waits until no session is left on {@code database}: PostgreSQL copies a template only when nobody is connected
     * to it, and a closed pool's server processes end a moment after their clients hung up.
     */
    private void awaitNoSessions(String database) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
             var sessions = admin.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ?")) {
            sessions.setString(1, database);
            while (true) {
                try (var rows = sessions.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("postgres: sessions on the template " + database + " did not end"
                            + " within 30 s");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("postgres: cannot read the sessions on " + database + ": " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), true);
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary directory is harmless
            }
        }
    }
}
