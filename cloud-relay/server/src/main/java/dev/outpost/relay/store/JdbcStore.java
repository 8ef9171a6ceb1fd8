package dev.outpost.relay.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.outpost.api.runtime.DataFormat;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.tinylog.Logger;

/** What both implementations share: a pool, Flyway migrations at open, transactions with retry. */
abstract class JdbcStore implements Store {
    private static final int ATTEMPTS = 5;

    private final HikariDataSource pool;
    private final HikariDataSource readers;
    private final Dialect dialect;

    /** @param readers the pool {@link #read} uses; {@code pool} itself where reads need no pool of their own */
    JdbcStore(HikariDataSource pool, HikariDataSource readers, Dialect dialect) {
        this.pool = pool;
        this.readers = readers;
        this.dialect = dialect;
    }

    /** Migrates a freshly opened store; closes its pool if that fails, so a refused start leaks no connections. */
    static <S extends JdbcStore> S migrated(S store, String vendorLocation) {
        try {
            store.migrate(vendorLocation);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    void migrate(String vendorLocation) {
        Flyway flyway = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendorLocation)
                .failOnMissingLocations(false)
                .load();
        refuseNewerSchema(flyway.info());
        var result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            Logger.info("store: migrated to schema version {} ({} migrations)", result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    /**
     * Flyway on its own ignores applied migrations it does not know ({@code ignoreMigrationPatterns} is {@code *:future}
     * by default), so an older relay would start on a schema a newer one changed: a package downgrade, or an old relay
     * left running beside new ones on one PostgreSQL database.
     */
    private static void refuseNewerSchema(MigrationInfoService info) {
        MigrationInfo newest = null;
        String known = "none";
        for (MigrationInfo migration : info.all()) {
            MigrationState state = migration.getState();
            if ((state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED)
                    && migration.getVersion() != null
                    && (newest == null || migration.getVersion().isNewerThan(newest.getVersion().getVersion()))) {
                newest = migration;
            } else if (state.isResolved() && migration.getVersion() != null) {
                known = migration.getVersion().getVersion();
            }
        }
        if (newest != null) {
            throw new DataFormat.NewerDataException("relay: the database is at schema version " + newest.getVersion()
                    + " (" + newest.getDescription() + "), newer than this release knows (" + known + " at most): a newer"
                    + " relay migrated it. Run that release or newer, or restore the database from before the upgrade");
        }
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T inTransaction(String what, Work<T> work) {
        return run(pool, true, what, work);
    }

    @Override
    public <T> T read(String what, Work<T> work) {
        // a PostgreSQL read in autocommit spends no round trip on a COMMIT; SQLite's readers keep their snapshot
        return run(readers, dialect != Dialect.POSTGRES, what, work);
    }

    private <T> T run(HikariDataSource from, boolean transaction, String what, Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection connection = from.getConnection()) {
                if (!transaction) {
                    connection.setAutoCommit(true);
                    return work.run(new Tx(connection, dialect));
                }
                connection.setAutoCommit(false);
                T result;
                try {
                    result = work.run(new Tx(connection, dialect));
                } catch (SQLException | RuntimeException e) {
                    rollBack(connection, e);
                    throw e;
                }
                commit(from, connection, what);
                return result;
            } catch (SQLException e) {
                if (!retryable(e)) {
                    throw new StoreException("store: " + what + " failed: " + e.getMessage(), e);
                }
                last = e;
                Logger.debug("store: {} conflicted (attempt {}), retrying: {}", what, attempt, e.getMessage());
            }
        }
        throw new StoreException("store: " + what + " still conflicting after " + ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    /**
     * A COMMIT that fails is never tried again: whether it took effect is unknown, and on SQLite it most likely did
     * (sqlite-jdbc begins the next transaction inside {@code commit()}, and that BEGIN IMMEDIATE is what times out busy).
     * The connection is evicted, as its driver's idea of the transaction may be wrong.
     */
    private static void commit(HikariDataSource from, Connection connection, String what) {
        try {
            connection.commit();
        } catch (SQLException e) {
            from.evictConnection(connection);
            throw new StoreException("store: " + what + ": the commit failed, so whether it took effect is unknown (not"
                    + " tried again): " + e.getMessage(), e);
        }
    }

    /**
     * Rolls back after {@code cause}; a rollback that fails too is kept as suppressed, so what is thrown is still what
     * went wrong (and {@link #retryable} judges it).
     */
    private static void rollBack(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Whether the database asks for the transaction to be tried again. */
    abstract boolean retryable(SQLException e);

    @Override
    public void close() {
        if (readers != pool) {
            readers.close();
        }
        pool.close();
    }
}
