package dev.outpost.appliance.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One SQLite file of the appliance's own state (the outbox, menu sync): WAL and {@code synchronous=FULL}, so a
 * commit is on disk when it returns; one connection, which the owner guards; the schema version in
 * {@code PRAGMA user_version}, and a file a newer appliance wrote is refused rather than misread. Failures come out
 * as the owner's own exception, naming the file and what it could not do.
 */
public final class SqliteFile implements AutoCloseable {
    /** Brings the schema from {@code version} (0: an empty file) up to the owner's current one. */
    @FunctionalInterface
    public interface Schema {
        void upgrade(Statement statement, int version) throws SQLException;
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** The owner's exception for a failure; nothing of the failed request was applied. */
    @FunctionalInterface
    public interface Failure {
        RuntimeException of(String message, Throwable cause);
    }

    private final String name;
    private final Connection db;
    private final Failure failure;

    private SqliteFile(String name, Connection db, Failure failure) {
        this.name = name;
        this.db = db;
        this.failure = failure;
    }

    /**
     * Opens (creating it if need be) {@code file}, called {@code what} in messages ({@code outbox}, {@code menu store}),
     * at schema version {@code schema}.
     */
    public static SqliteFile open(Path file, String what, int schema, Schema upgrade, Failure failure) {
        String name = what + " " + file;
        Connection db = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            SqliteFile opened = new SqliteFile(name, db, failure);
            opened.migrate(schema, upgrade);
            return opened;
        } catch (IOException | SQLException | RuntimeException e) {
            if (db != null) {
                try {
                    db.close();
                } catch (SQLException ignored) {
                    // the failure to open is the one to report
                }
            }
            throw e instanceof SchemaTooNew tooNew ? failure.of(tooNew.getMessage(), null)
                    : failure.of(name + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static final class SchemaTooNew extends RuntimeException {
        SchemaTooNew(String message) {
            super(message, null, false, false);
        }
    }

    private void migrate(int schema, Schema upgrade) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            db.setAutoCommit(false);
            int version;
            try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                version = r.getInt(1);
            }
            if (version > schema) {
                throw new SchemaTooNew(name + ": schema version " + version + " is newer than this appliance's ("
                        + schema + "); run the newer appliance or move the file away");
            }
            if (version < schema) {
                upgrade.upgrade(s, version);
                s.execute("PRAGMA user_version = " + schema);
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        }
    }

    /** The connection, for statements inside {@link #inTransaction}. */
    public Connection connection() {
        return db;
    }

    /** Runs {@code work} and commits it; rolls back on any exception. */
    public <T> T inTransaction(String what, Work<T> work) {
        try {
            T result = work.run();
            db.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw failure.of(name + ": cannot " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the failure being reported is the one that matters; nothing was committed
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure.of(name + ": cannot close: " + e.getMessage(), e);
        }
    }
}
