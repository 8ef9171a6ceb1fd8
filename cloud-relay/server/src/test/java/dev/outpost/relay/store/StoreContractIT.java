package dev.outpost.relay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.outpost.relay.testing.TestStores;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link Store} promises, run on the store of this run (SQLite, or PostgreSQL in the postgres run). */
@Tag("integration")
class StoreContractIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    StoreConfig config;
    Store store;

    @BeforeEach
    void open() {
        config = TestStores.empty(dir); // the contract includes migrating a store nothing has opened yet
        store = Store.open(config);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void insertSite(Tx tx, String site) throws SQLException {
        tx.update("INSERT INTO fleet_site (site_id, received_at, received_ms, heartbeat_json) VALUES (?, ?, ?, ?)",
                site, "2026-11-21T05:00:00Z", 0L, "{}");
    }

    private List<String> sites() {
        return store.inTransaction("list", tx -> tx.query("SELECT site_id FROM fleet_site ORDER BY site_id", r -> r.getString(1)));
    }

    /** A conflict as the database of this run reports it: SQLITE_BUSY, or PostgreSQL's serialization_failure. */
    private SQLException conflict() {
        return store.dialect() == Dialect.SQLITE
                ? new SQLException("[SQLITE_BUSY] The database file is locked", null, 5)
                : new SQLException("could not serialize access due to concurrent update", "40001");
    }

    @Test
    void migrationsApplyAtOpenAndOnlyOnce() {
        List<String> versions = store.inTransaction("history", tx -> tx.query(
                "SELECT version FROM flyway_schema_history WHERE success = ? AND version IS NOT NULL ORDER BY installed_rank",
                r -> r.getString(1), true));
        assertTrue(versions.containsAll(List.of("1", "4")), "applied: " + versions);
        store.inTransaction("seed", tx -> {
            insertSite(tx, "store-1");
            return null;
        });
        store.close();
        // reopening finds the schema current: nothing re-applied, nothing lost
        store = Store.open(config);
        assertEquals(List.of("store-1"), sites());
        long applied = store.inTransaction("history", tx -> tx.queryLong(
                "SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL"));
        assertEquals(versions.size(), applied);
    }

    @Test
    void aTransactionCommitsAllItsWrites() {
        store.inTransaction("two sites", tx -> {
            insertSite(tx, "store-1");
            insertSite(tx, "store-2");
            return null;
        });
        assertEquals(List.of("store-1", "store-2"), sites());
    }

    @Test
    void aReadIsNotHeldUpByAWriteInFlightAndSeesItOnceCommitted() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        Future<?> writer = threads.submit(() -> store.inTransaction("slow write", tx -> {
            insertSite(tx, "store-1");
            written.countDown();
            try {
                release.await(); // holds the transaction (SQLite: the file's write lock) open
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertTrue(written.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        // a writer would wait for the lock here; a read goes ahead and sees the last commit
        assertEquals(List.of(), threads.submit(() -> store.read("list", tx -> tx.query(
                "SELECT site_id FROM fleet_site", r -> r.getString(1)))).get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        release.countDown();
        writer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        threads.close();
        assertEquals(List.of("store-1"), store.read("list", tx -> tx.query("SELECT site_id FROM fleet_site",
                r -> r.getString(1))));
    }

    @Test
    void aFailedTransactionLeavesNothingBehindAndSaysWhatFailed() {
        StoreException e = assertThrows(StoreException.class, () -> store.inTransaction("add store-1 twice", tx -> {
            insertSite(tx, "store-0");
            insertSite(tx, "store-1");
            insertSite(tx, "store-1");
            return null;
        }));
        assertTrue(e.getMessage().startsWith("store: add store-1 twice failed: "), e.getMessage());
        assertEquals(List.of(), sites());
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> store.inTransaction("abort", tx -> {
            insertSite(tx, "store-9");
            throw new IllegalStateException("changed my mind");
        }));
        assertEquals("changed my mind", thrown.getMessage());
        assertEquals(List.of(), sites());
    }

    @Test
    void aConflictIsRetriedAndOnlyTheSuccessfulAttemptCommits() {
        AtomicInteger attempts = new AtomicInteger();
        String result = store.inTransaction("retried", tx -> {
            insertSite(tx, "store-" + attempts.incrementAndGet());
            if (attempts.get() < 3) {
                throw conflict();
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(3, attempts.get());
        assertEquals(List.of("store-3"), sites());
    }

    /**
     * A COMMIT that fails may still have taken effect (on SQLite it is the next BEGIN IMMEDIATE, inside the driver's
     * commit, that times out busy), so it is named and never retried. Here the work ends the transaction itself, so the
     * driver's COMMIT finds none; the failure used to surface as the rollback's, hiding the commit's.
     */
    @Test
    void aFailedCommitIsNamedAndNotRetried() {
        assumeTrue(store.dialect() == Dialect.SQLITE, "PostgreSQL's driver sends no COMMIT when no transaction is open");
        AtomicInteger attempts = new AtomicInteger();
        StoreException e = assertThrows(StoreException.class, () -> store.inTransaction("ended early", tx -> {
            attempts.incrementAndGet();
            insertSite(tx, "store-1");
            tx.update("ROLLBACK");
            return "done";
        }));
        assertTrue(e.getMessage().startsWith("store: ended early: the commit failed, so whether it took effect is"
                + " unknown (not tried again): "), e.getMessage());
        assertEquals(1, attempts.get());
        assertEquals(List.of(), sites(), "nothing of it stayed, and the store still works");
    }

    @Test
    void aConflictThatNeverClearsGivesUpByName() {
        AtomicInteger attempts = new AtomicInteger();
        StoreException e = assertThrows(StoreException.class, () -> store.inTransaction("hopeless", tx -> {
            attempts.incrementAndGet();
            insertSite(tx, "store-1");
            throw conflict();
        }));
        assertTrue(e.getMessage().startsWith("store: hopeless still conflicting after 5 attempts: "), e.getMessage());
        assertEquals(5, attempts.get());
        assertEquals(List.of(), sites());
    }

    @Test
    void aRealDeadlockBetweenTwoTransactionsIsRetriedAndBothCommit() throws Exception {
        assumeTrue(store.dialect() == Dialect.POSTGRES, "SQLite takes the write lock up front: it cannot deadlock");
        store.inTransaction("seed", tx -> {
            insertSite(tx, "a");
            insertSite(tx, "b");
            return null;
        });
        CountDownLatch bothLockedOne = new CountDownLatch(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> ab = threads.submit(() -> lockBoth(bothLockedOne, attempts, "a", "b"));
            Future<?> ba = threads.submit(() -> lockBoth(bothLockedOne, attempts, "b", "a"));
            ab.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            ba.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        // PostgreSQL aborted one of them (deadlock_detected); the store retried it
        assertTrue(attempts.get() >= 3, "attempts: " + attempts.get());
        long bothTwice = store.inTransaction("count", tx -> tx.queryLong(
                "SELECT COUNT(*) FROM fleet_site WHERE received_ms = 2"));
        assertEquals(2, bothTwice);
    }

    private void lockBoth(CountDownLatch bothLockedOne, AtomicInteger attempts, String first, String second) {
        store.inTransaction("lock " + first + " then " + second, tx -> {
            attempts.incrementAndGet();
            tx.update("UPDATE fleet_site SET received_ms = received_ms + 1 WHERE site_id = ?", first);
            bothLockedOne.countDown();
            try {
                if (!bothLockedOne.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other transaction never locked its first row");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            tx.update("UPDATE fleet_site SET received_ms = received_ms + 1 WHERE site_id = ?", second);
            return null;
        });
    }
}
