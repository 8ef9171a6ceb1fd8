package dev.outpost.relay.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One recorded audit entry, as stored: its place in the chain, when, and the hashes that link it. */
public record AuditRecord(long seq, Instant at, String actor, String action, String subject, JsonNode before,
                          JsonNode after, String reason, String prevHash, String hash) {
}
