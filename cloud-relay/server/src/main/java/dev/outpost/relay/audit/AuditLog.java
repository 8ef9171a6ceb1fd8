package dev.outpost.relay.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.CanonicalJson;
import dev.outpost.api.json.Json;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The append-only, hash-chained audit log. Each record's hash is SHA-256 over the canonical JSON (RFC 8785) of its
 * fields and the previous record's hash, so editing, deleting, inserting or reordering a record breaks the chain
 * from that point, and {@link #verify()} names where.
 *
 * <p>Appends take the row lock on {@code audit_head} first, so two relay processes on one PostgreSQL database
 * append one after the other and never fork the chain. Append in the same transaction as the change it
 * describes: both commit or neither.
 */
public final class AuditLog {
    static final String GENESIS = "0".repeat(64);

    private final Store store;
    private final InstantSource clock;

    public AuditLog(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Appends inside the caller's transaction. */
    public AuditRecord append(Tx tx, AuditEntry entry) throws SQLException {
        // the UPDATE takes the head's row lock before we read it: appends serialize across processes
        tx.update("UPDATE audit_head SET seq = seq WHERE id = 1");
        Head head = tx.queryOne("SELECT seq, hash FROM audit_head WHERE id = 1", r -> new Head(r.getLong(1), r.getString(2)))
                .orElseThrow(() -> new SQLException("audit_head is missing its row"));
        long seq = head.seq() + 1;
        Instant at = clock.instant();
        String hash = hash(seq, at, entry.actor(), entry.action(), entry.subject(), entry.before(), entry.after(),
                entry.reason(), head.hash());
        tx.update("INSERT INTO audit_log (seq, at, actor, action, subject, before_json, after_json, reason, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq, at.toString(), entry.actor(), entry.action(), entry.subject(), text(entry.before()), text(entry.after()),
                entry.reason(), head.hash(), hash);
        tx.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash);
        return new AuditRecord(seq, at, entry.actor(), entry.action(), entry.subject(), entry.before(), entry.after(),
                entry.reason(), head.hash(), hash);
    }

    /** Appends in a transaction of its own, for events that change nothing else (a refused login, say). */
    public AuditRecord append(AuditEntry entry) {
        return store.inTransaction("audit " + entry.action(), tx -> append(tx, entry));
    }

    /** Walks the whole chain in order and reports the first break. */
    public AuditVerification verify() {
        return store.inTransaction("verify audit chain", tx -> {
            Head head = tx.queryOne("SELECT seq, hash FROM audit_head WHERE id = 1", r -> new Head(r.getLong(1), r.getString(2)))
                    .orElse(null);
            if (head == null) {
                return new AuditVerification(false, 0, Optional.of("the chain head is missing"));
            }
            long expectedSeq = 1;
            String prev = GENESIS;
            long checked = 0;
            try (var statement = tx.prepare("SELECT seq, at, actor, action, subject, before_json, after_json, reason, prev_hash, hash"
                    + " FROM audit_log ORDER BY seq"); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    AuditRecord record = read(rows);
                    checked++;
                    if (record.seq() != expectedSeq) {
                        return broken(checked, "record " + record.seq() + ": expected record " + expectedSeq
                                + " here; " + (record.seq() > expectedSeq ? "records are missing (deleted)" : "the order is broken"));
                    }
                    if (!record.prevHash().equals(prev)) {
                        return broken(checked, "record " + record.seq() + ": does not follow record " + (record.seq() - 1)
                                + " (its previous hash differs: a record was deleted, inserted or reordered)");
                    }
                    String recomputed = hash(record.seq(), record.at(), record.actor(), record.action(), record.subject(),
                            record.before(), record.after(), record.reason(), record.prevHash());
                    if (!recomputed.equals(record.hash())) {
                        return broken(checked, "record " + record.seq() + ": hash does not match its contents (edited)");
                    }
                    prev = record.hash();
                    expectedSeq++;
                }
            }
            if (head.seq() != expectedSeq - 1 || !head.hash().equals(prev)) {
                return broken(checked, "the chain ends at record " + (expectedSeq - 1) + " but its head says record "
                        + head.seq() + " (records at the end were deleted or the head was edited)");
            }
            return new AuditVerification(true, checked, Optional.empty());
        });
    }

    private static AuditVerification broken(long checked, String problem) {
        return new AuditVerification(false, checked, Optional.of(problem));
    }

    static AuditRecord read(ResultSet row) throws SQLException {
        return new AuditRecord(row.getLong(1), Instant.parse(row.getString(2)), row.getString(3), row.getString(4),
                row.getString(5), tree(row.getString(6)), tree(row.getString(7)), row.getString(8), row.getString(9),
                row.getString(10));
    }

    static String hash(long seq, Instant at, String actor, String action, String subject, JsonNode before, JsonNode after,
                       String reason, String prevHash) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("seq", seq);
        fields.put("at", at.toString());
        fields.put("actor", actor);
        fields.put("action", action);
        fields.put("subject", subject);
        fields.set("before", before == null ? JsonNodeFactory.instance.nullNode() : before);
        fields.set("after", after == null ? JsonNodeFactory.instance.nullNode() : after);
        fields.put("reason", reason);
        fields.put("prev_hash", prevHash);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(CanonicalJson.canonicalize(fields)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String text(JsonNode node) {
        return node == null ? null : new String(CanonicalJson.canonicalize(node), StandardCharsets.UTF_8);
    }

    private static JsonNode tree(String text) {
        return text == null ? null : Json.tree(text);
    }

    private record Head(long seq, String hash) {
    }
}
