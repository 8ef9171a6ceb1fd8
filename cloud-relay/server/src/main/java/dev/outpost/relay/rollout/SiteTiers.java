package dev.outpost.relay.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.relay.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tinylog.Logger;

/**
 * The menu tier of every site, projected from what its appliance reports ({@code menu.tier}: the tier and since when;
 * {@code menu.override}: a manager's override of EXPIRED STARTED or ENDED) into {@code site_tier}, one row per site,
 * in the transaction that stores the events in the inbox.
 *
 * <p>Design: the row remembers the newest event it applied, by the site's clock and then the stream's sequence; an
 * event that is not newer changes nothing. So a duplicate counts once and a late event never rolls a site back (a
 * STALE that arrives after the FRESH that followed it stays history). A payload without a readable tier or action is
 * skipped with a warning naming the field: the event stays stored in the inbox.
 */
public final class SiteTiers {
    static final Set<String> TIERS = Set.of("FRESH", "STALE", "EXPIRED", "EXPIRED_OVERRIDDEN");
    private static final String COLUMNS = "site_id, tier, since, override_until, occurred_at, sequence, event_id,"
            + " received_at";

    /** The inbox's follow-up ({@code StoredEvents}): projects the tier events among those it newly stored. */
    public void stored(Tx tx, String site, List<EventEnvelope> stored, Instant now) throws SQLException {
        for (EventEnvelope event : stored) {
            if (event.type().equals("menu.tier") || event.type().equals("menu.override")) {
                apply(tx, site, event, now);
            }
        }
    }

    private void apply(Tx tx, String site, EventEnvelope event, Instant now) throws SQLException {
        Optional<Freshness.Tier> was = tx.queryOne("SELECT " + COLUMNS + " FROM site_tier WHERE site_id = ?",
                SiteTiers::row, site);
        if (was.isPresent() && !newer(event, was.get())) {
            return;
        }
        String tier;
        Instant since;
        Instant overrideUntil;
        try {
            JsonNode p = event.payload();
            if (event.type().equals("menu.tier")) {
                tier = text(p, "tier");
                if (!TIERS.contains(tier)) {
                    throw new IllegalArgumentException("tier must be one of " + TIERS + ", was '" + tier + "'");
                }
                since = instant(p, "since");
                // an override runs only while EXPIRED_OVERRIDDEN; its end is known from its menu.override
                overrideUntil = tier.equals("EXPIRED_OVERRIDDEN") ? was.map(Freshness.Tier::overrideUntil).orElse(null)
                        : null;
            } else {
                String action = text(p, "action");
                if (!action.equals("STARTED") && !action.equals("ENDED")) {
                    throw new IllegalArgumentException("action must be STARTED or ENDED, was '" + action + "'");
                }
                overrideUntil = action.equals("STARTED") ? instant(p, "until") : null;
                // an override arriving before any tier: the site is EXPIRED (overrides are of EXPIRED only)
                tier = was.map(Freshness.Tier::tier).orElse("EXPIRED");
                since = was.map(Freshness.Tier::since).orElse(event.occurredAt());
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            Logger.warn("site {}: {} event {} not projected into its menu tier: payload {}", site, event.type(),
                    event.eventId(), e.getMessage());
            return;
        }
        tx.update("INSERT INTO site_tier (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site_id) DO UPDATE"
                        + " SET tier = excluded.tier, since = excluded.since, override_until = excluded.override_until,"
                        + " occurred_at = excluded.occurred_at, sequence = excluded.sequence,"
                        + " event_id = excluded.event_id, received_at = excluded.received_at",
                site, tier, since.toString(), overrideUntil == null ? null : overrideUntil.toString(),
                event.occurredAt().toString(), event.sequence(), event.eventId().toString(), now.toString());
    }

    private static boolean newer(EventEnvelope event, Freshness.Tier was) {
        int byClock = event.occurredAt().compareTo(was.reportedAt());
        return byClock > 0 || byClock == 0 && event.sequence() > was.sequence();
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload == null ? null : payload.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, was " + value);
        }
        return value.asText();
    }

    private static Instant instant(JsonNode payload, String field) {
        try {
            return Instant.parse(text(payload, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant, was '" + payload.get(field).asText()
                    + "'");
        }
    }

    /** Every site's tier, by site. */
    static Map<String, Freshness.Tier> all(Tx tx) throws SQLException {
        Map<String, Freshness.Tier> out = new HashMap<>();
        for (Freshness.Tier t : tx.query("SELECT " + COLUMNS + " FROM site_tier", SiteTiers::row)) {
            out.put(t.siteId(), t);
        }
        return out;
    }

    private static Freshness.Tier row(ResultSet r) throws SQLException {
        String until = r.getString(4);
        return new Freshness.Tier(r.getString(1), r.getString(2), Instant.parse(r.getString(3)),
                until == null ? null : Instant.parse(until), Instant.parse(r.getString(5)), r.getLong(6),
                Instant.parse(r.getString(8)));
    }
}
