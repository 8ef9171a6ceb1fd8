package dev.outpost.relay.store;

import java.sql.SQLException;

/**
 * The relay's storage: one interface, two implementations (embedded SQLite, PostgreSQL), both migrated by Flyway
 * at open. All state that matters lives here, never only in one relay process's memory, so several relays can
 * share one PostgreSQL database.
 */
public interface Store extends AutoCloseable {

    /** Work done inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls back on any exception. A conflict the database
     * asks us to retry (a serialization failure, a deadlock, a busy SQLite file) is retried a few times, so
     * {@code work} must not have side effects outside the transaction.
     */
    <T> T inTransaction(String what, Work<T> work);

    /**
     * {@link #inTransaction} for work that only reads: on SQLite it runs on a reader connection, so it neither waits
     * for nor holds up the writer (WAL readers see the last commit); on PostgreSQL it runs in autocommit, so each
     * statement sees the last commit on its own and no COMMIT round trip is spent. Reads whose statements must agree
     * with each other use {@link #inTransaction}.
     */
    <T> T read(String what, Work<T> work);

    Dialect dialect();

    static Store open(StoreConfig config) {
        return switch (config.kind()) {
            case SQLITE -> SqliteStore.open(config.sqliteFile());
            case POSTGRES -> PostgresStore.open(config);
        };
    }

    @Override
    void close();
}
