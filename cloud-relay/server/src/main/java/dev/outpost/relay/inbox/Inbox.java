package dev.outpost.relay.inbox;

import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.EventTypes;
import dev.outpost.api.event.Rejection;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import dev.outpost.relay.store.Store;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The relay's inbox: every event a site sends is stored once, whatever the WAN does.
 *
 * <p>De-duplication is the table's primary key (site, event_id) enforced by the insert itself: each event is an
 * insert-or-ignore in one JDBC batch, in one transaction, and the per-row update count says whether it was new
 * (accepted) or already there (duplicate). Nothing reads before writing, so two relays ingesting the same event
 * at once still store it once and one of them answers "duplicate".
 *
 * <p>Order is kept per stream: {@code sequence} counts the events of one device of a site (see
 * {@link EventEnvelope}), so a stream is (site, device) and its events are ordered by sequence whatever order they
 * arrive in. A gap is a run of sequence numbers missing between two received events of a stream; {@link #gaps}
 * computes them from the stored events, so a gap closes by itself when its late events arrive.
 *
 * <p>The newly stored events go, in the same transaction, to the {@link StoredEvents} it was made with: the gate
 * events count towards their mall's live occupancy, the menu milestones move the site's menu state, the sale events
 * count in the store's sales.
 */
public final class Inbox {
    /** How many gaps one {@link #gaps} call reports at most. */
    public static final int MAX_GAPS = 1000;

    private static final String INSERT = "INSERT INTO inbox_event"
            + " (site_id, event_id, device_id, type, occurred_at, sequence, payload, received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, event_id) DO NOTHING";

    private final Store store;
    private final InstantSource clock;
    private final StoredEvents then;

    public Inbox(Store store, InstantSource clock, StoredEvents then) {
        this.store = store;
        this.clock = clock;
        this.then = then;
    }

    /**
     * Checks what makes a whole batch unacceptable, before anything is stored.
     *
     * @throws ContractException naming the first event whose type is not in {@link EventTypes}, or whose payload
     *                           breaks its type's contract
     */
    public static void validate(EventBatch batch) {
        List<EventEnvelope> events = batch.events();
        for (int i = 0; i < events.size(); i++) {
            String type = events.get(i).type();
            if (!EventTypes.known(type)) {
                throw new ContractException(Json.documentName(EventBatch.class), ".events[" + i + "].type",
                        "unknown event type '" + type + "'; known types: " + EventTypes.list());
            }
            try {
                EventTypes.payload(type, events.get(i).payload());
            } catch (ContractException e) {
                throw new ContractException(Json.documentName(EventBatch.class), ".events[" + i + "].payload"
                        + e.path(), "(" + type + ") " + e.problem(), e);
            }
        }
    }

    /**
     * Stores a batch sent by {@code site} in one transaction and says, per event, what became of it. An event naming
     * another site is rejected (the rest of the batch is still stored); a batch with an unknown type is refused whole.
     */
    public EventBatchResult ingest(String site, EventBatch batch) {
        validate(batch);
        List<EventEnvelope> mine = new ArrayList<>(batch.events().size());
        List<Rejection> rejected = new ArrayList<>();
        for (EventEnvelope event : batch.events()) {
            if (event.siteId().equals(site)) {
                mine.add(event);
            } else {
                rejected.add(new Rejection(event.eventId(), "site_id '" + event.siteId()
                        + "' does not match the path's site '" + site + "'"));
            }
        }
        // serialize outside the transaction: a retried transaction should hold its locks for as short as it can
        List<String> payloads = mine.stream().map(e -> Json.writeString(e.payload())).toList();
        Instant now = clock.instant();
        String receivedAt = now.toString();
        return store.inTransaction("ingest " + mine.size() + " events of site " + site, tx -> {
            List<UUID> accepted = new ArrayList<>();
            List<UUID> duplicate = new ArrayList<>();
            List<EventEnvelope> stored = new ArrayList<>();
            if (!mine.isEmpty()) {
                int[] counts;
                try (PreparedStatement insert = tx.connection().prepareStatement(INSERT)) {
                    for (int i = 0; i < mine.size(); i++) {
                        EventEnvelope event = mine.get(i);
                        insert.setString(1, site);
                        insert.setString(2, event.eventId().toString());
                        insert.setString(3, event.deviceId());
                        insert.setString(4, event.type());
                        insert.setString(5, event.occurredAt().toString());
                        insert.setLong(6, event.sequence());
                        insert.setString(7, payloads.get(i));
                        insert.setString(8, receivedAt);
                        insert.addBatch();
                    }
                    counts = insert.executeBatch();
                }
                if (counts.length != mine.size()) {
                    throw new SQLException("inbox: the driver reported " + counts.length + " results for a batch of "
                            + mine.size() + " inserts");
                }
                for (int i = 0; i < counts.length; i++) {
                    switch (counts[i]) {
                        case 1 -> {
                            accepted.add(mine.get(i).eventId());
                            stored.add(mine.get(i));
                        }
                        case 0 -> duplicate.add(mine.get(i).eventId());
                        default -> throw new SQLException("inbox: the driver reported " + counts[i]
                                + " rows for the insert of event " + mine.get(i).eventId()
                                + "; de-duplication needs per-row counts (do not enable batch rewriting)");
                    }
                }
            }
            then.stored(tx, site, stored, now);
            return new EventBatchResult(accepted, duplicate, List.copyOf(rejected));
        });
    }

    /** The streams of a site, and the sequence numbers missing between the events received so far. */
    public SiteGaps gaps(String site) {
        return store.inTransaction("read event gaps of site " + site, tx -> {
            List<StreamSummary> streams = new ArrayList<>(tx.query(
                    "SELECT device_id, MIN(sequence), MAX(sequence), COUNT(*) FROM inbox_event WHERE site_id = ?"
                            + " GROUP BY device_id",
                    r -> new StreamSummary(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4)), site));
            streams.sort(Comparator.comparing(StreamSummary::deviceId));
            List<StreamGap> gaps = new ArrayList<>(tx.query(
                    "SELECT device_id, prev_sequence, sequence FROM ("
                            + " SELECT device_id, sequence,"
                            + " LAG(sequence) OVER (PARTITION BY device_id ORDER BY sequence) AS prev_sequence"
                            + " FROM inbox_event WHERE site_id = ?) s"
                            + " WHERE prev_sequence IS NOT NULL AND sequence > prev_sequence + 1"
                            + " ORDER BY sequence LIMIT " + (MAX_GAPS + 1),
                    r -> new StreamGap(r.getString(1), r.getLong(2) + 1, r.getLong(3) - 1), site));
            boolean truncated = gaps.size() > MAX_GAPS;
            if (truncated) {
                gaps = new ArrayList<>(gaps.subList(0, MAX_GAPS));
            }
            gaps.sort(Comparator.comparing(StreamGap::deviceId).thenComparingLong(StreamGap::missingFrom));
            return new SiteGaps(site, clock.instant(), streams, gaps, truncated);
        });
    }
}
