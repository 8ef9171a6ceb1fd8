package dev.outpost.relay.channel;

import dev.outpost.api.json.Json;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.menu.Menus;
import dev.outpost.relay.staff.Staff;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import dev.outpost.relay.stores.StoreDirectory;
import dev.outpost.relay.stores.StoreProfile;
import io.javalin.http.HttpStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Changes that wait for a person before any channel gets them. Each item of a menu (variant) at a store is compared
 * with how the channels were last released it (its baseline): appearing, disappearing, or a price moving by more
 * than the threshold matches a hold rule and opens a hold; nothing of that item goes to any channel until an
 * approver for the store's country approves. A rejected hold keeps the item as it was on every channel for as long
 * as the menu says the same; a menu that moves on closes a hold nobody decided (SUPERSEDED). Other changes to the
 * item (its name, say) flow; a first release of a menu at a store holds nothing.
 */
final class Holds {
    static final String PENDING = "PENDING";
    static final String APPROVED = "APPROVED";
    static final String REJECTED = "REJECTED";
    static final String SUPERSEDED = "SUPERSEDED";
    static final String ABSENT = "absent";

    /**
     * The hold rules: {@code priceChangePercent} null never holds a price; {@code notifyUrl}, if set, is POSTed
     * every hold opened ({@link HoldWebhook}).
     */
    public record Rules(Integer priceChangePercent, boolean newItems, boolean removedItems, String notifyUrl) {
        static final Rules NONE = new Rules(null, false, false, null);
    }

    /** What one evaluation found: the items no channel may change now, and the holds it opened. */
    record Evaluation(Set<String> held, List<Hold> opened) {
    }

    /** One held change. {@code fromState}/{@code toState}: {@code price:949} or {@code absent}. */
    public record Hold(String id, String variant, String site, String item, int version, String kind, String detail,
                       String fromState, String toState, String state, Instant createdAt, String decidedBy,
                       Instant decidedAt, String reason) {
    }

    private record Base(boolean present, Long price) {
        String state() {
            return present ? "price:" + price : ABSENT;
        }
    }

    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;

    Holds(Store store, AuditLog audit, InstantSource clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    Rules rules() {
        return store.inTransaction("channel_hold_rules", Holds::rules);
    }

    Rules putRules(String actor, Rules rules, String reason) {
        Integer pct = rules.priceChangePercent();
        if (pct != null && (pct < 1 || pct > 1000)) {
            throw HttpProblem.badRequest("channel hold rules: price_change_percent must be from 1 to 1000 (or null: prices"
                    + " never hold), was " + pct);
        }
        if (rules.notifyUrl() != null) {
            Channel.httpUrl("channel hold rules: ", "notify_url", rules.notifyUrl());
        }
        return store.inTransaction("channel_hold_rules_put", tx -> {
            Rules before = rules(tx);
            tx.update("DELETE FROM channel_hold_rules WHERE id = 1");
            tx.update("INSERT INTO channel_hold_rules (id, price_change_percent, new_items, removed_items, notify_url,"
                    + " updated_by, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)", pct, rules.newItems() ? 1 : 0,
                    rules.removedItems() ? 1 : 0, rules.notifyUrl(), actor, clock.instant().toString());
            audit.append(tx, new AuditEntry(actor, "channel.hold-rules.saved", "channel-hold-rules",
                    Json.toTree(before), Json.toTree(rules), reason));
            return rules;
        });
    }

    static Rules rules(Tx tx) throws SQLException {
        return tx.queryOne("SELECT price_change_percent, new_items, removed_items, notify_url FROM channel_hold_rules"
                + " WHERE id = 1", rs -> {
                    int pct = rs.getInt(1);
                    return new Rules(rs.wasNull() ? null : pct, rs.getInt(2) == 1, rs.getInt(3) == 1, rs.getString(4));
                }).orElse(Rules.NONE);
    }

    List<Hold> all() {
        return store.inTransaction("channel_holds", tx -> {
            List<Hold> holds = tx.query("SELECT " + COLUMNS + " FROM channel_hold", Holds::hold);
            // instants are stored as text of varying precision: order them as instants, newest first
            return holds.stream().sorted(java.util.Comparator.comparing(Hold::createdAt).reversed()
                    .thenComparing(Hold::item)).toList();
        });
    }

    /** The rejected holds of one ISO week (UTC, Monday to Monday), oldest decision first. */
    public record Digest(String week, Instant from, Instant until, List<Hold> rejected) {
    }

    /** The weekly digest of rejected holds for {@code week} ({@code 2026-W47}); the current week when null. */
    Digest digest(String week) {
        LocalDate monday;
        if (week == null) {
            monday = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).with(ChronoField.DAY_OF_WEEK, 1);
        } else {
            try {
                monday = LocalDate.parse(week + "-1", DateTimeFormatter.ISO_WEEK_DATE);
            } catch (DateTimeParseException e) {
                throw HttpProblem.badRequest("channel hold digest: week must be an ISO week such as 2026-W47, was '"
                        + week + "'");
            }
        }
        Instant from = monday.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant until = monday.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Hold> rejected = store.inTransaction("channel_hold_digest", tx -> tx.query("SELECT " + COLUMNS
                + " FROM channel_hold WHERE state = ?", Holds::hold, REJECTED)).stream()
                .filter(h -> !h.decidedAt().isBefore(from) && h.decidedAt().isBefore(until))
                .sorted(java.util.Comparator.comparing(Hold::decidedAt)).toList();
        return new Digest(String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)), from, until, rejected);
    }

    /** An approver for the store's country approves or rejects a pending hold; audited. */
    Hold decide(Staff staff, String id, boolean approve, String reason) {
        return store.inTransaction("channel_hold_decide", tx -> {
            Hold hold = tx.queryOne("SELECT " + COLUMNS + " FROM channel_hold WHERE id = ?", Holds::hold, id)
                    .orElseThrow(() -> HttpProblem.notFound("channel hold " + id + ": no such hold"));
            String country = StoreDirectory.find(tx, hold.site()).map(StoreProfile::country).orElse(null);
            if (country == null || !staff.approvesFor(country)) {
                throw new HttpProblem(HttpStatus.FORBIDDEN, "channel hold " + id + ": store " + hold.site() + " is in "
                        + country + ", which user '" + staff.username() + "' does not approve for (approves for "
                        + String.join(", ", staff.jurisdictions()) + ")");
            }
            if (!hold.state().equals(PENDING)) {
                throw HttpProblem.conflict("channel hold " + id + ": is " + hold.state() + ", nothing to decide");
            }
            String state = approve ? APPROVED : REJECTED;
            Instant now = clock.instant();
            tx.update("UPDATE channel_hold SET state = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?",
                    state, staff.actor(), now.toString(), reason, id);
            audit.append(tx, new AuditEntry(staff.actor(), approve ? "channel.hold.approved" : "channel.hold.rejected",
                    "channel-hold:" + id, Json.toTree(Map.of("state", PENDING)), Json.toTree(Map.of("state", state,
                    "item", hold.item(), "site", hold.site(), "change", hold.detail())), reason));
            return new Hold(hold.id(), hold.variant(), hold.site(), hold.item(), hold.version(), hold.kind(),
                    hold.detail(), hold.fromState(), hold.toState(), state, hold.createdAt(), staff.actor(), now, reason);
        });
    }

    /**
     * Compares {@code menu} (the newest published version of a variant, as {@code siteId} shows it) with the
     * baseline, opens and closes holds, releases what may go, and says which items no channel may change now.
     */
    Evaluation evaluate(Tx tx, Rules rules, Menus.Published menu, String siteId) throws SQLException {
        Instant now = clock.instant();
        String variant = menu.variantId();
        Map<String, Base> baseline = new HashMap<>();
        tx.query("SELECT item_id, present, price_minor FROM channel_baseline WHERE variant_id = ? AND site_id = ?",
                rs -> baseline.put(rs.getString(1), new Base(rs.getInt(2) == 1, nullableLong(rs, 3))), variant, siteId);
        boolean first = baseline.isEmpty();
        Map<String, Base> current = new TreeMap<>();
        menu.menu().get("items").properties().forEach(e -> current.put(e.getKey(),
                new Base(true, e.getValue().get("price").get("amount_minor").longValue())));
        Map<String, Hold> open = new HashMap<>();
        for (Hold h : tx.query("SELECT " + COLUMNS + " FROM channel_hold WHERE variant_id = ? AND site_id = ? AND open = 1",
                Holds::hold, variant, siteId)) {
            open.put(h.item(), h);
        }
        Set<String> items = new TreeSet<>(current.keySet());
        items.addAll(baseline.keySet());
        Set<String> held = new TreeSet<>();
        List<Hold> opened = new ArrayList<>();
        for (String item : items) {
            String from = baseline.getOrDefault(item, new Base(false, null)).state();
            Base to = current.getOrDefault(item, new Base(false, null));
            Hold hold = open.get(item);
            if (from.equals(to.state())) {
                close(tx, hold);
                continue;
            }
            String kind = first ? null : match(rules, baseline.get(item), to);
            if (kind != null && hold != null && hold.fromState().equals(from) && hold.toState().equals(to.state())) {
                if (!hold.state().equals(APPROVED)) {
                    held.add(item); // pending, or rejected: the channels keep what they have
                    continue;
                }
                kind = null; // approved: released now
            }
            close(tx, hold);
            if (kind == null) {
                tx.update("DELETE FROM channel_baseline WHERE variant_id = ? AND site_id = ? AND item_id = ?", variant,
                        siteId, item);
                tx.update("INSERT INTO channel_baseline (variant_id, site_id, item_id, present, price_minor, number)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", variant, siteId, item, to.present() ? 1 : 0, to.price(),
                        menu.number());
            } else {
                Hold opening = new Hold(UUID.randomUUID().toString(), variant, siteId, item, menu.number(), kind,
                        detail(kind, baseline.get(item), to), from, to.state(), PENDING, now, null, null, null);
                tx.update("INSERT INTO channel_hold (id, variant_id, site_id, item_id, number, kind, detail, from_state,"
                        + " to_state, state, open, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
                        opening.id(), variant, siteId, item, menu.number(), kind, opening.detail(), from, to.state(),
                        PENDING, now.toString());
                held.add(item);
                opened.add(opening);
            }
        }
        return new Evaluation(held, opened);
    }

    /** A hold that no longer governs its item: one nobody decided is superseded. */
    private static void close(Tx tx, Hold hold) throws SQLException {
        if (hold != null) {
            tx.update("UPDATE channel_hold SET open = 0, state = CASE WHEN state = ? THEN ? ELSE state END WHERE id = ?",
                    PENDING, SUPERSEDED, hold.id());
        }
    }

    private static String match(Rules rules, Base from, Base to) {
        boolean was = from != null && from.present();
        if (!was) {
            return rules.newItems() ? "NEW" : null;
        }
        if (!to.present()) {
            return rules.removedItems() ? "REMOVED" : null;
        }
        Integer pct = rules.priceChangePercent();
        long change = Math.abs(to.price() - from.price());
        return pct != null && BigDecimal.valueOf(change).multiply(BigDecimal.valueOf(100))
                .compareTo(BigDecimal.valueOf(pct).multiply(BigDecimal.valueOf(from.price()))) > 0 ? "PRICE" : null;
    }

    private static String detail(String kind, Base from, Base to) {
        return switch (kind) {
            case "NEW" -> "new item, price " + to.price();
            case "REMOVED" -> "item removed";
            default -> "price " + from.price() + " → " + to.price() + (from.price() == 0 ? "" : " ("
                    + (to.price() > from.price() ? "+" : "") + BigDecimal.valueOf((to.price() - from.price()) * 100)
                    .divide(BigDecimal.valueOf(from.price()), 1, RoundingMode.HALF_UP) + "%)");
        };
    }

    private static final String COLUMNS = "id, variant_id, site_id, item_id, number, kind, detail, from_state, to_state,"
            + " state, created_at, decided_by, decided_at, reason";

    private static Hold hold(ResultSet rs) throws SQLException {
        return new Hold(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), Instant.parse(rs.getString(11)),
                rs.getString(12), rs.getString(13) == null ? null : Instant.parse(rs.getString(13)), rs.getString(14));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
