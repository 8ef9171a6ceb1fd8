package dev.outpost.relay.audit;

import dev.outpost.relay.store.Store;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit log by subject, actor, action and time, a page at a time in chain order. Reading only: appending
 * and verifying stay in {@link AuditLog}.
 *
 * <p>Times are stored as ISO-8601 text whose fraction varies in length, so text order is not time order within one
 * second. The SQL narrows by the first 19 characters (whole seconds, fixed width) and the exact bound is applied
 * here; a page is filled by reading on until enough records match.
 */
public final class AuditSearch {
    private static final String COLUMNS = "seq, at, actor, action, subject, before_json, after_json, reason, prev_hash, hash";

    private final Store store;

    public AuditSearch(Store store) {
        this.store = store;
    }

    public AuditPage search(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(null); // the cursor, set per batch
        if (query.subject() != null) {
            sql.append(" AND subject = ?");
            args.add(query.subject());
        }
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(query.actor());
        }
        if (query.action() != null) {
            if (query.action().endsWith(".*")) {
                sql.append(" AND substr(action, 1, ?) = ?");
                String prefix = query.action().substring(0, query.action().length() - 1);
                args.add(prefix.length());
                args.add(prefix);
            } else {
                sql.append(" AND action = ?");
                args.add(query.action());
            }
        }
        if (query.from() != null) {
            sql.append(" AND substr(at, 1, 19) >= ?");
            args.add(seconds(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND substr(at, 1, 19) <= ?");
            args.add(seconds(query.to()));
        }
        int batch = query.limit() + 1;
        sql.append(" ORDER BY seq LIMIT ").append(batch);
        return store.inTransaction("search audit", tx -> {
            List<AuditRecord> matched = new ArrayList<>();
            long cursor = query.after();
            while (matched.size() <= query.limit()) {
                args.set(0, cursor);
                List<AuditRecord> rows = tx.query(sql.toString(), AuditLog::read, args.toArray());
                for (AuditRecord record : rows) {
                    if (inTime(record.at(), query) && matched.size() <= query.limit()) {
                        matched.add(record);
                    }
                }
                if (rows.size() < batch) {
                    break;
                }
                cursor = rows.getLast().seq();
            }
            if (matched.size() > query.limit()) {
                List<AuditRecord> page = List.copyOf(matched.subList(0, query.limit()));
                return new AuditPage(page, page.getLast().seq());
            }
            return new AuditPage(List.copyOf(matched), null);
        });
    }

    private static boolean inTime(Instant at, AuditQuery query) {
        return (query.from() == null || !at.isBefore(query.from())) && (query.to() == null || at.isBefore(query.to()));
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString().substring(0, 19);
    }
}
