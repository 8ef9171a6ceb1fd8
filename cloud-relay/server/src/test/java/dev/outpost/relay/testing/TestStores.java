package dev.outpost.relay.testing;

import dev.outpost.relay.store.StoreConfig;
import java.nio.file.Path;

/**
 * The store a relay test runs against. The suite runs once per backend: SQLite by default, and PostgreSQL when the
 * system property {@code outpost.test.store=postgres} is set (failsafe's second execution in cloud-relay/server).
 */
public final class TestStores {
    public static final String PROPERTY = "outpost.test.store";

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

    /** A fresh, empty store for one test: a SQLite file under {@code dir}, or a new PostgreSQL database. */
    public static StoreConfig fresh(Path dir) {
        return postgres() ? PostgresServer.shared().freshDatabase() : StoreConfig.sqlite(dir.resolve("relay.db"));
    }
}
