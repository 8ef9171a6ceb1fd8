package dev.outpost.relay.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.tinylog.Logger;

/** What both implementations share: a pool, Flyway migrations at open, transactions with retry. */
abstract class JdbcStore implements Store {
    private static final int ATTEMPTS = 5;

    private final HikariDataSource pool;
    private final Dialect dialect;

    JdbcStore(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
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
        var result = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendorLocation)
                .failOnMissingLocations(false)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            Logger.info("store: migrated to schema version {} ({} migrations)", result.targetSchemaVersion, result.migrationsExecuted);
        }
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T inTransaction(String what, Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(new Tx(connection, dialect));
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
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

    /** Whether the database asks for the transaction to be tried again. */
    abstract boolean retryable(SQLException e);

    @Override
    public void close() {
        pool.close();
    }
}
