package dev.outpost.relay.testing;

import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store a relay test runs against. The suite runs once per backend: SQLite by default, and PostgreSQL when the
 * system property {@code outpost.test.store=postgres} is set (failsafe's second execution in cloud-relay/server).
 *
 * <p>A {@link #fresh} store is migrated but holds no rows. Flyway's migrations run once per JVM, into a template
 * (a SQLite file copied for each test, a PostgreSQL database each test's is created from): a relay's start on it
 * checks the schema instead of building it, which took most of the start. {@link #empty} is a store nothing has
 * touched yet, for the tests of the first start itself.
 */
public final class TestStores {
    public static final String PROPERTY = "outpost.test.store";
    private static Path sqliteTemplate;

    private TestStores() {
    }

    /** Whether this run is the PostgreSQL one. */
    public static boolean postgres() {
        String store = System.getProperty(PROPERTY, "sqlite");
        return switch (store) {
            case "sqlite" -> false;
            case "postgres" -> true;
            default -> throw new IllegalStateException(PROPERTY + " must be sqlite or postgres, was '" + store + "'");
        };
    }

    /**
     * A store for one test, migrated and with no rows: a SQLite file under {@code dir} (the one there already, if a
     * relay of the test ran on it before), or a new PostgreSQL database.
     */
    public static StoreConfig fresh(Path dir) {
        if (postgres()) {
            return PostgresServer.shared().freshDatabase();
        }
        Path file = dir.resolve("relay.db");
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(dir);
                Files.copy(sqliteTemplate(), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("test store: cannot copy the migrated template to " + file + ": " + e.getMessage(), e);
        }
        return StoreConfig.sqlite(file);
    }

    /** A store for one test that nothing has opened yet: no schema, no rows. */
    public static StoreConfig empty(Path dir) {
        return postgres() ? PostgresServer.shared().emptyDatabase() : StoreConfig.sqlite(dir.resolve("relay.db"));
    }

    /** Opens {@code config} once, which migrates it, and closes it again. */
    static void migrate(StoreConfig config) {
        Store.open(config).close();
    }

    /** The JVM's migrated SQLite file, made on first use; closing the store folded its write-ahead log into it. */
    private static synchronized Path sqliteTemplate() throws IOException {
        if (sqliteTemplate == null) {
            Path dir = Files.createTempDirectory("outpost-relay-template-");
            Path file = dir.resolve("relay.db");
            migrate(StoreConfig.sqlite(file));
            Path wal = dir.resolve("relay.db-wal");
            if (Files.exists(wal) && Files.size(wal) > 0) {
                throw new IllegalStateException("test store: the template " + file + " kept a write-ahead log of "
                        + Files.size(wal) + " bytes after its store closed");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a leftover temporary directory is harmless
                }
            }, "relay-template-cleanup"));
            sqliteTemplate = file;
        }
        return sqliteTemplate;
    }
}
