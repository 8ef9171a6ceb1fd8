package dev.outpost.relay.audit;

import java.time.Instant;

/**
 * Which audit records to return: all given filters must match; {@code after} is the paging cursor.
 *
 * @param subject exact subject, e.g. "user:bob", or null for any
 * @param actor   exact actor, e.g. "user:alice", or null for any
 * @param action  exact action, e.g. "staff.login.failed"; a trailing ".*" matches a family ("staff.login.*"); null for any
 * @param from    records at or after this instant, or null
 * @param to      records before this instant, or null
 * @param after   records with a sequence number above this (0 = from the start)
 * @param limit   at most this many records, 1 to {@link #MAX_LIMIT}
 */
public record AuditQuery(String subject, String actor, String action, Instant from, Instant to, long after, int limit) {
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("audit query: limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (after < 0) {
            throw new IllegalArgumentException("audit query: after must be a record number of 0 or more, was " + after);
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("audit query: to (" + to + ") must be after from (" + from + ")");
        }
    }

    public static AuditQuery all(int limit) {
        return new AuditQuery(null, null, null, null, null, 0, limit);
    }

    public AuditQuery after(long seq) {
        return new AuditQuery(subject, actor, action, from, to, seq, limit);
    }
}
