package dev.outpost.relay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Set;

/** PostgreSQL, for several relays behind a load balancer: READ COMMITTED plus explicit row locks where order matters. */
final class PostgresStore extends JdbcStore {
    /** serialization_failure, deadlock_detected. */
    private static final Set<String> RETRY_STATES = Set.of("40001", "40P01");

    private PostgresStore(HikariDataSource pool) {
        super(pool, pool, Dialect.POSTGRES);
    }

    static PostgresStore open(StoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setPoolName("postgres");
        hikari.setInitializationFailTimeout(10_000);
        return migrated(new PostgresStore(new HikariDataSource(hikari)), "postgresql");
    }

    @Override
    boolean retryable(SQLException e) {
        return RETRY_STATES.contains(e.getSQLState());
    }
}
