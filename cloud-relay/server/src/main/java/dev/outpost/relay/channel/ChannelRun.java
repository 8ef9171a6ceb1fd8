package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.CanonicalJson;
import dev.outpost.api.json.Json;
import dev.outpost.relay.blob.Blobs;
import dev.outpost.relay.channel.ChannelAdapter.Outcome;
import dev.outpost.relay.channel.ChannelAdapter.Push;
import dev.outpost.relay.channel.ChannelAdapter.State;
import dev.outpost.relay.menu.Menus;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One publish run over every channel: for each item the channel should carry (see {@link #channelsFor}), the value
 * formatted for it; an item it carries but should not any more is removed. What was recorded last decides what is
 * sent:
 * <ul>
 *   <li>the value the channel last accepted is not sent again;</li>
 *   <li>a value it rejected is not sent again (the same value would be refused the same way) until it changes;</li>
 *   <li>a value that failed is sent again, with the same key, once its backoff has passed (30 s, doubling, at most
 *       30 min).</li>
 * </ul>
 * The idempotency key is the SHA-256 of the canonical JSON of channel, item, exact value and the key of the value
 * it replaces. A retry of one change has one key, so a channel that de-duplicates by key applies it once however
 * often it is sent; and a price that goes A → B → A sends a second A under a new key, which a de-duplicating channel
 * does not mistake for the first.
 * <p>
 * Several relays may run at once on one store. A channel outside the relay ({@link ChannelAdapter.Remote}) is sent
 * only what this relay claimed first ({@code channel_send_claim}), so no change is sent by two relays at once, and
 * none again that another relay recorded while this run was reading; a channel the relay hosts
 * ({@link ChannelAdapter.Hosted}) is published and recorded in one transaction under the channel's row lock.
 */
final class ChannelRun {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    /** How much longer than its sends' timeouts a relay's claim on them lasts. */
    static final Duration CLAIM_MARGIN = Duration.ofMinutes(1);

    /**
     * What a run did for one channel; {@code waiting}: items whose retry is not due yet or that another relay is
     * sending; {@code held}: items a hold keeps as they were.
     */
    record Report(String channel, String variant, Integer version, int sent, int accepted, int rejected, int failed,
                  int waiting, int held, String problem) {
    }

    /** A menu at a store after holds: the version evaluated, the items no channel may change, the holds opened. */
    private record Released(int number, Set<String> held, List<Holds.Hold> opened) {
    }

    private record Row(String acceptedKey, JsonNode acceptedValue, String attemptKey, State state, int attempts,
                       Instant nextAttemptAt) {
    }

    private final Store store;
    private final InstantSource clock;
    private final Map<String, ChannelAdapter> adapters;
    private final Holds holds;
    private final HoldWebhook webhook = new HoldWebhook();

    ChannelRun(Store store, InstantSource clock, Map<String, ChannelAdapter> adapters, Holds holds) {
        this.store = store;
        this.clock = clock;
        this.adapters = adapters;
        this.holds = holds;
    }

    List<Report> run(List<Channel> channels, Map<String, List<String>> rules) {
        Set<String> all = new TreeSet<>(channels.stream().map(Channel::id).toList());
        // holds first, once per menu and store, so every channel of that store sees the same released items
        Map<List<String>, List<String>> locales = new LinkedHashMap<>();
        for (Channel channel : channels) {
            locales.computeIfAbsent(List.of(channel.variant(), channel.site()), k -> new ArrayList<>()).add(channel.locale());
        }
        Map<List<String>, Optional<Released>> released = new HashMap<>();
        List<Holds.Hold> opened = new ArrayList<>();
        Holds.Rules holdRules = store.inTransaction("channel_hold_rules", Holds::rules);
        locales.forEach((menu, tags) -> released.put(menu, store.inTransaction("channel_holds_evaluate", tx -> {
            // one evaluation of a variant at a time, across relays: holds are opened once
            tx.update("UPDATE menu_variant SET name = name WHERE id = ?", menu.get(0));
            for (String locale : tags) { // prices and items are the same in every locale: any one the menu has
                Optional<Menus.Published> published = Menus.published(tx, menu.get(0), menu.get(1), locale);
                if (published.isPresent()) {
                    Holds.Evaluation evaluation = holds.evaluate(tx, holdRules, published.get(), menu.get(1));
                    return Optional.of(new Released(published.get().number(), evaluation.held(), evaluation.opened()));
                }
            }
            return Optional.<Released>empty();
        })));
        released.values().forEach(r -> r.ifPresent(x -> opened.addAll(x.opened())));
        webhook.opened(holdRules.notifyUrl(), opened);
        List<Report> reports = new ArrayList<>();
        for (Channel channel : channels) {
            Optional<Released> r = released.get(List.of(channel.variant(), channel.site()));
            reports.add(run(channel, rules, all, r.map(Released::number).orElse(null),
                    r.map(Released::held).orElse(Set.of())));
        }
        return reports;
    }

    private Report run(Channel channel, Map<String, List<String>> rules, Set<String> all, Integer evaluated,
                       Set<String> held) {
        Instant now = clock.instant();
        record Plan(Optional<Menus.Published> menu, Map<String, Row> rows) {
        }
        Plan plan = store.inTransaction("channel_run_read", tx -> new Plan(
                Menus.published(tx, channel.variant(), channel.site(), channel.locale()), rows(tx, channel.id())));
        if (plan.menu().isEmpty()) {
            return new Report(channel.id(), channel.variant(), null, 0, 0, 0, 0, 0, 0, "variant " + channel.variant()
                    + " has no published menu for store " + channel.site() + " in " + channel.locale());
        }
        Menus.Published published = plan.menu().get();
        if (evaluated == null || evaluated != published.number()) {
            return new Report(channel.id(), channel.variant(), published.number(), 0, 0, 0, 0, 0, 0, "variant "
                    + channel.variant() + " v" + published.number() + " was published during this run; the next run"
                    + " sends it");
        }
        Map<String, JsonNode> wanted = new TreeMap<>();
        published.menu().get("items").properties().forEach(item -> {
            if (channelsFor(item.getValue(), rules, all).contains(channel.id())) {
                wanted.put(item.getKey(), ItemFormat.format(channel, published.menu(), item.getKey()));
            }
        });
        Set<String> items = new TreeSet<>(wanted.keySet());
        items.addAll(plan.rows().keySet()); // what the channel has or was sent may need removing
        List<Push> pushes = new ArrayList<>();
        List<String> settled = new ArrayList<>(); // back in step without a send: the value went back to the accepted one
        int waiting = 0;
        int heldHere = 0;
        for (String item : items) {
            if (held.contains(item)) {
                heldHere++;
                continue;
            }
            JsonNode value = wanted.get(item);
            Row row = plan.rows().get(item);
            JsonNode onChannel = row == null ? null : row.acceptedValue();
            if (same(value, onChannel)) {
                if (row != null && row.state() != State.ACCEPTED) {
                    settled.add(item);
                }
                continue;
            }
            String key = key(channel.id(), item, value, row == null ? null : row.acceptedKey());
            if (row != null && key.equals(row.attemptKey())) {
                if (row.state() == State.REJECTED) {
                    continue;
                }
                if (row.state() == State.FAILED && now.isBefore(row.nextAttemptAt())) {
                    waiting++;
                    continue;
                }
            }
            pushes.add(new Push(item, key, value));
        }
        record Sent(List<Push> pushes, List<Outcome> outcomes) {
        }
        ChannelAdapter adapter = adapters.get(channel.kind());
        Sent remote = new Sent(List.of(), List.of());
        if (adapter instanceof ChannelAdapter.Remote r && !pushes.isEmpty()) {
            List<Push> claimed = claim(channel, pushes, plan.rows());
            remote = new Sent(claimed, claimed.isEmpty() ? List.of() : r.send(channel, claimed));
        }
        Sent fromRemote = remote;
        Instant done = clock.instant();
        Sent sent = store.inTransaction("channel_run_record", tx -> {
            lock(tx, channel.id());
            Sent out = fromRemote;
            if (adapter instanceof ChannelAdapter.Hosted hosted) {
                List<Push> unchanged = unchanged(tx, channel.id(), pushes, plan.rows());
                out = new Sent(unchanged, unchanged.isEmpty() ? List.of() : hosted.publish(tx, channel, unchanged));
            }
            for (Push push : out.pushes()) {
                tx.update("DELETE FROM channel_send_claim WHERE channel_id = ? AND item_id = ?", channel.id(), push.item());
            }
            for (String item : settled) {
                tx.update("DELETE FROM channel_delivery WHERE channel_id = ? AND item_id = ? AND accepted_key IS NULL",
                        channel.id(), item); // never reached the channel, and is no longer meant to
                tx.update("UPDATE channel_delivery SET attempt_key = accepted_key, attempt_value_json ="
                        + " accepted_value_json, state = 'ACCEPTED', reason = NULL, next_attempt_at = NULL,"
                        + " updated_at = ? WHERE channel_id = ? AND item_id = ?", done.toString(), channel.id(), item);
            }
            for (int i = 0; i < out.pushes().size(); i++) {
                Push push = out.pushes().get(i);
                record(tx, channel.id(), published, push, out.outcomes().get(i), plan.rows().get(push.item()), done);
            }
            return out;
        });
        int[] counts = new int[State.values().length];
        sent.outcomes().forEach(o -> counts[o.state().ordinal()]++);
        return new Report(channel.id(), channel.variant(), published.number(), sent.pushes().size(),
                counts[State.ACCEPTED.ordinal()], counts[State.REJECTED.ordinal()], counts[State.FAILED.ordinal()],
                waiting + pushes.size() - sent.pushes().size(), heldHere, null);
    }

    /**
     * Claims {@code pushes} for this relay to send, leaving out any item another relay is sending (its claim has not
     * run out) or recorded since {@code read} was read: those are that relay's to finish. A claim lasts for as long
     * as sending them all may take, and a minute more; recording the outcome ends it.
     */
    private List<Push> claim(Channel channel, List<Push> pushes, Map<String, Row> read) {
        long now = clock.millis();
        long perPush = channel.timeoutMs() == null ? 0 : 2L * channel.timeoutMs(); // to connect, then to answer
        long until = now + CLAIM_MARGIN.toMillis() + pushes.size() * perPush;
        return store.inTransaction("channel_send_claim", tx -> {
            lock(tx, channel.id());
            List<Push> claimed = new ArrayList<>();
            for (Push push : unchanged(tx, channel.id(), pushes, read)) {
                if (tx.update("INSERT INTO channel_send_claim (channel_id, item_id, until_ms) VALUES (?, ?, ?)"
                        + " ON CONFLICT (channel_id, item_id) DO UPDATE SET until_ms = excluded.until_ms"
                        + " WHERE channel_send_claim.until_ms <= ?", channel.id(), push.item(), until, now) == 1) {
                    claimed.add(push);
                }
            }
            return claimed;
        });
    }

    /** The pushes whose item is recorded as it was in {@code read}: no other relay has sent it since. */
    private static List<Push> unchanged(Tx tx, String channelId, List<Push> pushes, Map<String, Row> read)
            throws SQLException {
        Map<String, Row> now = rows(tx, channelId);
        return pushes.stream().filter(p -> Objects.equals(now.get(p.item()), read.get(p.item()))).toList();
    }

    /**
     * Takes {@code channelId}'s row lock for the rest of the transaction: claims, records and published files of one
     * channel are written one relay at a time, each seeing what the one before committed.
     */
    private static void lock(Tx tx, String channelId) throws SQLException {
        tx.update("UPDATE channel SET revision = revision WHERE id = ?", channelId);
    }

    /** Equal as JSON: a value read back from the store is an IntNode where the formatted one is a LongNode. */
    private static boolean same(JsonNode a, JsonNode b) {
        return a == null || b == null ? a == b
                : Arrays.equals(CanonicalJson.canonicalize(a), CanonicalJson.canonicalize(b));
    }

    /** An item's own channel list wins; else its category's rule; else every channel. */
    static Set<String> channelsFor(JsonNode item, Map<String, List<String>> rules, Set<String> all) {
        List<String> chosen = new ArrayList<>();
        if (item.has("channels")) {
            item.get("channels").forEach(c -> chosen.add(c.textValue()));
        } else if (rules.containsKey(item.path("category").asText())) {
            chosen.addAll(rules.get(item.get("category").textValue()));
        } else {
            chosen.addAll(all);
        }
        Set<String> out = new LinkedHashSet<>(chosen);
        out.retainAll(all);
        return out;
    }

    static String key(String channel, String item, JsonNode value, String replaces) {
        ObjectNode fingerprint = JsonNodeFactory.instance.objectNode();
        fingerprint.put("channel", channel);
        fingerprint.put("item", item);
        fingerprint.set("value", value == null ? JsonNodeFactory.instance.nullNode() : value);
        fingerprint.put("replaces", replaces);
        return Blobs.sha256(CanonicalJson.canonicalize(fingerprint));
    }

    /** The wait before the next try of a key that has failed {@code attempts} times. */
    static Duration backoff(int attempts) {
        Duration wait = FIRST_BACKOFF;
        for (int i = 1; i < attempts && wait.compareTo(MAX_BACKOFF) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private static Map<String, Row> rows(Tx tx, String channelId) throws SQLException {
        Map<String, Row> out = new TreeMap<>();
        tx.query("SELECT item_id, accepted_key, accepted_value_json, attempt_key, state, attempts, next_attempt_at FROM"
                + " channel_delivery WHERE channel_id = ?", rs -> out.put(rs.getString(1), new Row(rs.getString(2),
                json(rs.getString(3)), rs.getString(4), State.valueOf(rs.getString(5)), rs.getInt(6),
                rs.getString(7) == null ? null : Instant.parse(rs.getString(7)))), channelId);
        return out;
    }

    private static void record(Tx tx, String channelId, Menus.Published published, Push push, Outcome outcome,
                               Row before, Instant now) throws SQLException {
        int attempts = before != null && push.key().equals(before.attemptKey()) ? before.attempts() + 1 : 1;
        String value = push.value() == null ? null : Json.writeString(push.value());
        String next = outcome.state() == State.FAILED ? now.plus(backoff(attempts)).toString() : null;
        tx.update("INSERT INTO channel_delivery (channel_id, item_id, attempt_key, attempt_variant, attempt_number, state,"
                + " attempts, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (channel_id, item_id) DO NOTHING",
                channelId, push.item(), push.key(), published.variantId(), published.number(), outcome.state().name(),
                now.toString());
        tx.update("UPDATE channel_delivery SET attempt_key = ?, attempt_value_json = ?, attempt_variant = ?,"
                + " attempt_number = ?, state = ?, reason = ?, attempts = ?, next_attempt_at = ?, updated_at = ?"
                + " WHERE channel_id = ? AND item_id = ?", push.key(), value, published.variantId(), published.number(),
                outcome.state().name(), outcome.reason(), attempts, next, now.toString(), channelId, push.item());
        if (outcome.state() == State.ACCEPTED) {
            tx.update("UPDATE channel_delivery SET accepted_key = ?, accepted_value_json = ?, accepted_at = ? WHERE"
                    + " channel_id = ? AND item_id = ?", push.key(), value, now.toString(), channelId, push.item());
        }
    }

    private static JsonNode json(String text) {
        return text == null ? null : Json.tree(text);
    }
}
