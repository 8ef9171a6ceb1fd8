package dev.outpost.relay.occupancy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.relay.store.Tx;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Each gate's admits, rejects and exits over the last minute, the sources of its decisions, and its last event: the
 * per-gate part of the live occupancy, from the {@code gate.*} events the mall's sites send to the inbox.
 *
 * <p>Design: the inbox calls {@link #record} in the transaction that stores a batch, with the events it newly
 * stored, so a re-sent batch counts nothing twice. Events count for the mall their site is bound to, whatever their
 * payload says (a site cannot write another mall's figures; a site bound to no mall records nothing), per second of
 * occurrence on the gate's clock: a backlog an outbox drains after an outage counts when it happened, not as a
 * burst. A batch is summed in memory and written in key order, so concurrent batches lock rows in one order. Only
 * seconds inside the window are written (a clock far off would otherwise grow the table); the view sums the seconds
 * of the last {@link #WINDOW} on the relay's clock and the sweep deletes older ones.
 */
public final class GateActivity {
    /** The span the per-minute rates are counted over. */
    static final Duration WINDOW = Duration.ofMinutes(1);

    private static final String ADMIT = "gate.admit";
    private static final String REJECT = "gate.reject";
    private static final String EXIT = "gate.exit";

    private GateActivity() {
    }

    /** One gate's counts within one second, summed over a batch. */
    private record Second(String gateId, long secondMs) {
    }

    private static final class Counts {
        long admits;
        long rejects;
        long exits;
        final long[] sources = new long[Source.values().length];
    }

    /** Where a decision came from, as the gate names it in the event's {@code source}. */
    private enum Source {
        CENTRAL, GATE_LEASE, SITE_BLOCK, FALLBACK;

        static Optional<Source> of(JsonNode payload) {
            String text = payload.path("source").asText("");
            for (Source source : values()) {
                if (source.name().equals(text)) {
                    return Optional.of(source);
                }
            }
            return Optional.empty();
        }
    }

    /** Counts the newly stored gate events of {@code site}'s batch; other types are ignored. */
    public static void record(Tx tx, String site, List<EventEnvelope> stored, Instant now) throws SQLException {
        List<EventEnvelope> gates = stored.stream()
                .filter(e -> e.type().equals(ADMIT) || e.type().equals(REJECT) || e.type().equals(EXIT)).toList();
        if (gates.isEmpty()) {
            return;
        }
        Optional<String> mall = Ledger.boundMall(tx, site);
        if (mall.isEmpty()) {
            return;
        }
        long from = now.minus(WINDOW).toEpochMilli();
        long to = now.plus(WINDOW).toEpochMilli();
        Map<Second, Counts> seconds = new TreeMap<>(Comparator.comparing(Second::gateId).thenComparingLong(Second::secondMs));
        Map<String, Long> last = new TreeMap<>();
        for (EventEnvelope event : gates) {
            JsonNode payload = event.payload();
            String gate = payload.path("gate_id").isTextual() && !payload.path("gate_id").asText().isBlank()
                    ? payload.path("gate_id").asText() : event.deviceId();
            long at = event.occurredAt().toEpochMilli();
            last.merge(gate, at, Math::max);
            long second = Math.floorDiv(at, 1000) * 1000;
            if (second <= from || second > to) {
                continue;
            }
            Counts counts = seconds.computeIfAbsent(new Second(gate, second), k -> new Counts());
            switch (event.type()) {
                case ADMIT -> counts.admits++;
                case REJECT -> counts.rejects++;
                default -> counts.exits++;
            }
            if (!event.type().equals(EXIT)) {
                Source.of(payload).ifPresent(s -> counts.sources[s.ordinal()]++);
            }
        }
        for (var entry : seconds.entrySet()) {
            Counts c = entry.getValue();
            tx.update("INSERT INTO occupancy_gate_second (mall_id, site_id, gate_id, second_ms, admits, rejects, exits, central,"
                    + " gate_lease, site_block, fallback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (mall_id, site_id, gate_id, second_ms) DO UPDATE SET"
                    + " admits = occupancy_gate_second.admits + excluded.admits,"
                    + " rejects = occupancy_gate_second.rejects + excluded.rejects,"
                    + " exits = occupancy_gate_second.exits + excluded.exits,"
                    + " central = occupancy_gate_second.central + excluded.central,"
                    + " gate_lease = occupancy_gate_second.gate_lease + excluded.gate_lease,"
                    + " site_block = occupancy_gate_second.site_block + excluded.site_block,"
                    + " fallback = occupancy_gate_second.fallback + excluded.fallback",
                    mall.get(), site, entry.getKey().gateId(), entry.getKey().secondMs(), c.admits, c.rejects, c.exits,
                    c.sources[0], c.sources[1], c.sources[2], c.sources[3]);
        }
        for (var entry : last.entrySet()) {
            tx.update("INSERT INTO occupancy_gate (mall_id, site_id, gate_id, last_event_ms) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (mall_id, site_id, gate_id) DO UPDATE SET last_event_ms = excluded.last_event_ms"
                    + " WHERE excluded.last_event_ms > occupancy_gate.last_event_ms",
                    mall.get(), site, entry.getKey(), entry.getValue());
        }
    }

    /** Every gate the mall has heard from, by site and gate, with its counts over the window ending {@code now}. */
    static List<OccupancyView.Gate> read(Tx tx, String mallId, Instant now) throws SQLException {
        return tx.query("SELECT g.site_id, g.gate_id, g.last_event_ms, COALESCE(SUM(s.admits), 0), COALESCE(SUM(s.rejects), 0),"
                + " COALESCE(SUM(s.exits), 0), COALESCE(SUM(s.central), 0), COALESCE(SUM(s.gate_lease), 0),"
                + " COALESCE(SUM(s.site_block), 0), COALESCE(SUM(s.fallback), 0)"
                + " FROM occupancy_gate g LEFT JOIN occupancy_gate_second s ON s.mall_id = g.mall_id AND s.site_id = g.site_id"
                + " AND s.gate_id = g.gate_id AND s.second_ms > ? AND s.second_ms <= ?"
                + " WHERE g.mall_id = ? GROUP BY g.site_id, g.gate_id, g.last_event_ms ORDER BY g.site_id, g.gate_id",
                r -> new OccupancyView.Gate(r.getString(1), r.getString(2), r.getLong(4), r.getLong(5), r.getLong(6),
                        new OccupancyView.Sources(r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10)),
                        Instant.ofEpochMilli(r.getLong(3))),
                now.minus(WINDOW).toEpochMilli(), now.toEpochMilli(), mallId);
    }

    /** Deletes the seconds that have left the window. */
    static void prune(Tx tx, Instant now) throws SQLException {
        tx.update("DELETE FROM occupancy_gate_second WHERE second_ms <= ?", now.minus(WINDOW).toEpochMilli());
    }
}
