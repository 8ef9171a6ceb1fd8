package dev.outpost.relay.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.json.Json;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit chain, tampered with directly in the database the way an intruder or a careless DBA would. */
@Tag("integration")
class AuditLogIT {
    @TempDir
    Path dir;
    Store store;
    AuditLog audit;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T08:00:00Z"));

    @BeforeEach
    void open() {
        store = Store.open(TestStores.fresh(dir));
        audit = new AuditLog(store, () -> now.getAndUpdate(t -> t.plus(Duration.ofSeconds(1))));
        for (int i = 1; i <= 5; i++) {
            audit.append(new AuditEntry("user:alice", "capacity.changed", "mall:mall-1",
                    Json.tree("{\"capacity\":" + (100 * i) + "}"), Json.tree("{\"capacity\":" + (100 * i + 50) + "}"),
                    "recount number " + i));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void sql(String statement, Object... args) {
        store.inTransaction("tamper", tx -> tx.update(statement, args));
    }

    @Test
    void anIntactChainVerifies() {
        AuditVerification result = audit.verify();
        assertTrue(result.ok(), result.toString());
        assertEquals(5, result.checked());
    }

    @Test
    void recordsChainToTheirPredecessor() {
        AuditRecord sixth = audit.append(new AuditEntry("relay", "relay.started", "relay", null, null, "start-up"));
        assertEquals(6, sixth.seq());
        AuditRecord fifth = store.inTransaction("read", tx -> tx.queryOne(
                "SELECT seq, at, actor, action, subject, before_json, after_json, reason, prev_hash, hash FROM audit_log WHERE seq = 5",
                AuditLog::read)).orElseThrow();
        assertEquals(fifth.hash(), sixth.prevHash());
        assertEquals(AuditLog.GENESIS, store.inTransaction("read", tx -> tx.queryOne(
                "SELECT prev_hash FROM audit_log WHERE seq = 1", r -> r.getString(1))).orElseThrow());
    }

    @Test
    void anEditedReasonIsDetected() {
        sql("UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 3");
        AuditVerification result = audit.verify();
        assertFalse(result.ok());
        assertEquals("record 3: hash does not match its contents (edited)", result.problem().orElseThrow());
    }

    @Test
    void anEditedAfterValueIsDetected() {
        sql("UPDATE audit_log SET after_json = '{\"capacity\":9999}' WHERE seq = 2");
        assertEquals("record 2: hash does not match its contents (edited)", audit.verify().problem().orElseThrow());
    }

    @Test
    void aDeletedRecordIsDetected() {
        sql("DELETE FROM audit_log WHERE seq = 2");
        assertEquals("record 3: expected record 2 here; records are missing (deleted)", audit.verify().problem().orElseThrow());
    }

    @Test
    void aDeletedLastRecordIsDetected() {
        sql("DELETE FROM audit_log WHERE seq = 5");
        assertEquals("the chain ends at record 4 but its head says record 5 (records at the end were deleted or the head was edited)",
                audit.verify().problem().orElseThrow());
    }

    @Test
    void anInsertedRecordIsDetected() {
        // renumber 4 and 5 to make room, then forge a record 4 that claims to follow record 3
        sql("UPDATE audit_log SET seq = seq + 10 WHERE seq >= 4");
        sql("UPDATE audit_log SET seq = seq - 9 WHERE seq >= 14");
        String prev = store.inTransaction("read", tx -> tx.queryOne("SELECT hash FROM audit_log WHERE seq = 3", r -> r.getString(1))).orElseThrow();
        Instant at = Instant.parse("2026-11-21T08:00:03.500Z");
        String forged = AuditLog.hash(4, at, "user:mallory", "capacity.changed", "mall:mall-1", null, null, "forged", prev);
        sql("INSERT INTO audit_log (seq, at, actor, action, subject, before_json, after_json, reason, prev_hash, hash)"
                + " VALUES (4, ?, 'user:mallory', 'capacity.changed', 'mall:mall-1', NULL, NULL, 'forged', ?, ?)", at.toString(), prev, forged);
        assertEquals("record 5: does not follow record 4 (its previous hash differs: a record was deleted, inserted or reordered)",
                audit.verify().problem().orElseThrow());
    }

    @Test
    void swappedRecordsAreDetected() {
        sql("UPDATE audit_log SET seq = 100 WHERE seq = 2");
        sql("UPDATE audit_log SET seq = 2 WHERE seq = 3");
        sql("UPDATE audit_log SET seq = 3 WHERE seq = 100");
        assertEquals("record 2: does not follow record 1 (its previous hash differs: a record was deleted, inserted or reordered)",
                audit.verify().problem().orElseThrow());
    }

    @Test
    void aChangeAndItsAuditRecordCommitTogetherOrNotAtAll() {
        try {
            store.inTransaction("failing change", tx -> {
                audit.append(tx, new AuditEntry("user:alice", "user.created", "user:bob", null, null, "new hire"));
                throw new IllegalStateException("the change itself failed");
            });
        } catch (IllegalStateException expected) {
            // the audit record must be gone with it
        }
        AuditVerification result = audit.verify();
        assertTrue(result.ok(), result.toString());
        assertEquals(5, result.checked());
    }
}
