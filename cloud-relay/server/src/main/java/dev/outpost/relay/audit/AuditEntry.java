package dev.outpost.relay.audit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What happened, before it is recorded: who did what to which thing, the state before and after, and why.
 *
 * @param actor   a staff login ("user:alice"), a device ("site:store-0042"), or the relay itself ("relay")
 * @param action  a dotted verb, e.g. "staff.login.failed", "device.enrolled", "capacity.changed"
 * @param subject what it was done to, e.g. "user:bob", "site:store-0042", "mall:mall-1"
 * @param before  the state before (null when there was none)
 * @param after   the state after (null when there is none)
 * @param reason  why, as the person gave it; the relay's own actions say what triggered them
 */
public record AuditEntry(String actor, String action, String subject, JsonNode before, JsonNode after, String reason) {
    public AuditEntry {
        require(actor, "actor");
        require(action, "action");
        require(subject, "subject");
        require(reason, "reason");
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("audit entry: " + field + " is required");
        }
    }
}
