package dev.outpost.relay.testing;

import dev.outpost.relay.store.StoreConfig;
import java.nio.file.Path;

/**
 * The store a relay test runs against. The suite runs once per backend: SQLite by default; the PostgreSQL run
 * (system property {@code outpost.test.store=postgres}) is added by the storage matrix.
 */
public final class TestStores {
    private TestStores() {
    }

    /** A fresh, empty store for one test, under {@code dir}. */
    public static StoreConfig fresh(Path dir) {
        return StoreConfig.sqlite(dir.resolve("relay.db"));
    }
}
