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
 * Embedded SQLite: one file, WAL, full fsync on commit (nothing acknowledged is lost to a power cut), one writer
 * connection with IMMEDIATE transactions (this process's writers queue for it in the pool; another process's, such as
 * an admin command, wait on the file lock instead of failing half-way). {@link #read} has read-only connections of its
 * own with ordinary (deferred) transactions, which WAL lets run beside the writer.
 */
final class SqliteStore extends JdbcStore {

    private SqliteStore(HikariDataSource pool, HikariDataSource readers) {
        super(pool, readers, Dialect.SQLITE);
    }

    static SqliteStore open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("store: cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        HikariDataSource writers = pool(file, "sqlite", false);
        HikariDataSource readers;
        try {
            readers = pool(file, "sqlite-readers", true);
        } catch (RuntimeException e) {
            writers.close();
            throw e;
        }
        return migrated(new SqliteStore(writers, readers), "sqlite");
    }

    private static HikariDataSource pool(Path file, String name, boolean readOnly) {
        SQLiteConfig sqlite = new SQLiteConfig();
        if (!readOnly) { // the writers made the file WAL, which it stays; a read-only connection may not set it
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        }
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setTransactionMode(readOnly ? SQLiteConfig.TransactionMode.DEFERRED
                : SQLiteConfig.TransactionMode.IMMEDIATE);
        sqlite.setReadOnly(readOnly);
        sqlite.setBusyTimeout(10_000);
        sqlite.enforceForeignKeys(true);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        hikari.setDataSourceProperties(sqlite.toProperties());
        // one writer: SQLite runs one write transaction at a time anyway, and writers of one process waiting in the
        // pool's queue take turns, where several connections polling the file lock through the busy handler do not
        // (under load one of them starved for 6-9 s, and past the 10 s busy timeout its request failed)
        hikari.setMaximumPoolSize(readOnly ? 4 : 1);
        hikari.setPoolName(name);
        hikari.setReadOnly(readOnly);
        return new HikariDataSource(hikari);
    }

    @Override
    boolean retryable(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
    }
}
