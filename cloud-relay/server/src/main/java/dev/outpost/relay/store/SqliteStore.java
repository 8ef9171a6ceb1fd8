package dev.outpost.relay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * Embedded SQLite: one file, WAL, full fsync on commit (nothing acknowledged is lost to a power cut), and
 * IMMEDIATE transactions so writers queue on the file lock instead of failing half-way.
 */
final class SqliteStore extends JdbcStore {

    private SqliteStore(HikariDataSource pool) {
        super(pool, Dialect.SQLITE);
    }

    static SqliteStore open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("store: cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        sqlite.setBusyTimeout(10_000);
        sqlite.enforceForeignKeys(true);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        hikari.setDataSourceProperties(sqlite.toProperties());
        hikari.setMaximumPoolSize(4);
        hikari.setPoolName("sqlite");
        return migrated(new SqliteStore(new HikariDataSource(hikari)), "sqlite");
    }

    @Override
    boolean retryable(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
    }
}
