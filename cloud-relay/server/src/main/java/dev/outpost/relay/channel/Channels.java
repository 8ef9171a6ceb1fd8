package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.staff.Staff;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import dev.outpost.relay.stores.StoreDirectory;
import io.javalin.http.HttpStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Channel publishing (ARCHITECTURE.md §1): the channels and their rules, and the runs that send every channel what
 * changed for it ({@link ChannelRun}). A run starts after a menu version becomes PUBLISHED, on request, and when a
 * failed send's backoff has passed (looked for every {@link #RETRY_CHECK} against the injected clock, so a failure
 * is retried even when nothing else is published). Runs go one at a time, on one thread; a second relay on the same
 * store runs too, and the claims of {@link ChannelRun} keep the two from sending one change twice.
 */
public final class Channels implements AutoCloseable {
    /** How often each relay looks for failed sends whose backoff has passed (by the injected clock). */
    static final Duration RETRY_CHECK = Duration.ofSeconds(1);

    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Map<String, ChannelAdapter> adapters = new TreeMap<>();
    private final Holds holds;
    private final ChannelRun run;
    private final ScheduledExecutorService runs = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "channel-runs");
        thread.setDaemon(true);
        return thread;
    });
    /** The failed sends found due by the last retry check that ran; runs thread only. */
    private Set<String> retried = Set.of();

    public Channels(Store store, AuditLog audit, InstantSource clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        ContentStore files = new ContentStore(clock);
        for (ChannelAdapter adapter : List.of(new WebsiteAdapter(files), new OrderPlatformAdapter(),
                new PdfMenuAdapter(files), new QrPageAdapter(files))) {
            adapters.put(adapter.kind(), adapter);
        }
        this.holds = new Holds(store, audit, clock);
        this.run = new ChannelRun(store, clock, adapters, holds);
        runs.scheduleWithFixedDelay(this::retryDue, RETRY_CHECK.toMillis(), RETRY_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One item on one channel: what the channel has, and how the last attempt to change it went. */
    public record Delivery(String channel, String item, boolean inStep, String state, String key, String reason,
                           int attempts, Instant nextAttemptAt, String variant, int version, JsonNode acceptedValue,
                           Instant acceptedAt, JsonNode attemptValue, Instant updatedAt) {
    }

    // ---- channels and rules ----

    public List<String> kinds() {
        return List.copyOf(adapters.keySet());
    }

    public List<Channel> channels() {
        return store.inTransaction("channels", this::channels);
    }

    /** Saves channel {@code id} (created or replaced) from its document; 400/422 naming the field otherwise. */
    public Channel put(String actor, String id, JsonNode doc, String reason) {
        Channel channel = Channel.read(id, doc, adapters.keySet());
        return store.inTransaction("channel_put", tx -> {
            if (tx.queryOne("SELECT id FROM menu_variant WHERE id = ?", rs -> rs.getString(1), channel.variant()).isEmpty()) {
                throw new HttpProblem(HttpStatus.UNPROCESSABLE_CONTENT, "channel " + id + ": variant '"
                        + channel.variant() + "' does not exist");
            }
            if (StoreDirectory.find(tx, channel.site()).isEmpty()) {
                throw new HttpProblem(HttpStatus.UNPROCESSABLE_CONTENT, "channel " + id + ": site '" + channel.site()
                        + "' is not in the store directory");
            }
            Optional<Channel> before = channel(tx, id);
            String now = clock.instant().toString();
            String json = Json.writeString(channel);
            if (before.isPresent()) {
                tx.update("UPDATE channel SET config_json = ?, revision = revision + 1, updated_by = ?, updated_at = ?"
                        + " WHERE id = ?", json, actor, now, id);
            } else {
                tx.update("INSERT INTO channel (id, config_json, revision, updated_by, updated_at) VALUES (?, ?, 1, ?, ?)",
                        id, json, actor, now);
            }
            audit.append(tx, new AuditEntry(actor, "channel.saved", "channel:" + id,
                    before.map(Json::toTree).orElse(null), Json.toTree(channel), reason));
            return channel;
        });
    }

    /** Replaces channel {@code id}'s template; 400 naming an unknown placeholder. */
    public Channel putTemplate(String actor, String id, String template, String reason) {
        Channel before = store.inTransaction("channel", tx -> channel(tx, id)).orElseThrow(() -> unknown(id));
        var doc = (ObjectNode) Json.toTree(before);
        doc.remove("id");
        doc.put("template", template);
        return put(actor, id, doc, reason);
    }

    /** Category id → the channels its items go to unless an item lists its own. */
    public Map<String, List<String>> rules() {
        return store.inTransaction("channel_rules", Channels::rules);
    }

    public List<String> putRule(String actor, String category, List<String> channels, String reason) {
        if (!category.matches(Channel.ID)) {
            throw HttpProblem.badRequest("channel rule: category must be a menu category id (lowercase letters,"
                    + " digits and '-'), was '" + category + "'");
        }
        if (channels.stream().distinct().count() != channels.size()) {
            throw HttpProblem.badRequest("channel rule " + category + ": channels lists a channel twice: " + channels);
        }
        return store.inTransaction("channel_rule_put", tx -> {
            List<String> known = channels(tx).stream().map(Channel::id).toList();
            List<String> missing = channels.stream().filter(c -> !known.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new HttpProblem(HttpStatus.UNPROCESSABLE_CONTENT, "channel rule " + category + ": no channel "
                        + String.join(", ", missing) + " (channels: " + String.join(", ", known) + ")");
            }
            List<String> before = rules(tx).get(category);
            String now = clock.instant().toString();
            if (before == null) {
                tx.update("INSERT INTO channel_rule (category, channels_json, updated_by, updated_at) VALUES (?, ?, ?, ?)",
                        category, Json.writeString(channels), actor, now);
            } else {
                tx.update("UPDATE channel_rule SET channels_json = ?, updated_by = ?, updated_at = ? WHERE category = ?",
                        Json.writeString(channels), actor, now, category);
            }
            audit.append(tx, new AuditEntry(actor, "channel.rule.saved", "channel-rule:" + category,
                    before == null ? null : Json.toTree(before), Json.toTree(channels), reason));
            return channels;
        });
    }

    public void deleteRule(String actor, String category, String reason) {
        store.inTransaction("channel_rule_delete", tx -> {
            List<String> before = rules(tx).get(category);
            if (before == null) {
                throw HttpProblem.notFound("channel rule " + category + ": no such rule");
            }
            tx.update("DELETE FROM channel_rule WHERE category = ?", category);
            audit.append(tx, new AuditEntry(actor, "channel.rule.deleted", "channel-rule:" + category,
                    Json.toTree(before), null, reason));
            return null;
        });
    }

    // ---- holds ----

    public Holds.Rules holdRules() {
        return holds.rules();
    }

    public Holds.Rules putHoldRules(String actor, Holds.Rules rules, String reason) {
        return holds.putRules(actor, rules, reason);
    }

    /** Every hold, newest first. */
    public List<Holds.Hold> holds() {
        return holds.all();
    }

    /** The rejected holds of an ISO week ({@code 2026-W47}; null: this week). */
    public Holds.Digest digest(String week) {
        return holds.digest(week);
    }

    /** Approves (the change then goes out, in the background) or rejects (every channel stays as it was) a hold. */
    public Holds.Hold decide(Staff staff, String holdId, boolean approve, String reason) {
        Holds.Hold hold = holds.decide(staff, holdId, approve, reason);
        if (approve) {
            runInBackground("hold " + holdId + " approved");
        }
        return hold;
    }

    // ---- runs ----

    /** A version of {@code variantId} was published: send what changed, in the background. */
    public void menuPublished(String variantId) {
        runInBackground("variant " + variantId + " published");
    }

    private void runInBackground(String after) {
        runs.execute(() -> runAndLog(after));
    }

    /** Whether the run went through; what went wrong is logged. */
    private boolean runAndLog(String after) {
        try {
            for (ChannelRun.Report report : runOnce()) {
                if (report.problem() != null || report.failed() > 0 || report.rejected() > 0) {
                    Logger.warn("channel run after {}: {}", after, report);
                }
            }
            return true;
        } catch (RuntimeException e) {
            Logger.error(e, "channel run after {} failed", after);
            return false;
        }
    }

    /**
     * Runs when a failed send's backoff has passed and no run since has taken it up. A send still due after that run
     * (held, or another relay is sending it) does not start another run until its next attempt time moves on.
     */
    private void retryDue() {
        try {
            Instant now = clock.instant();
            Set<String> due = new HashSet<>();
            store.inTransaction("channel_retries_due", tx -> tx.query("SELECT channel_id, item_id, next_attempt_at"
                    + " FROM channel_delivery WHERE state = 'FAILED'", rs -> {
                        if (rs.getString(3) != null && !Instant.parse(rs.getString(3)).isAfter(now)) {
                            due.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                        }
                        return null;
                    }));
            if (!retried.containsAll(due) && runAndLog("a failed send's backoff passed")) {
                retried = due;
            }
        } catch (RuntimeException e) {
            Logger.error(e, "channel retries: cannot read the failed sends");
        }
    }

    /** Runs now, after any run in progress, and says what each channel did; the request is audited. */
    public List<ChannelRun.Report> runNow(String actor, String reason) {
        audit.append(new AuditEntry(actor, "channel.run.requested", "channels", null, null, reason));
        try {
            return runs.submit(this::runOnce).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("channel run: interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private List<ChannelRun.Report> runOnce() {
        record Config(List<Channel> channels, Map<String, List<String>> rules) {
        }
        Config config = store.inTransaction("channel_run_config", tx -> new Config(channels(tx), rules(tx)));
        return run.run(config.channels(), config.rules());
    }

    // ---- what the channels have ----

    public List<Delivery> deliveries(String channelId) {
        return store.inTransaction("channel_deliveries", tx -> {
            channel(tx, channelId).orElseThrow(() -> unknown(channelId));
            return tx.query("SELECT " + DELIVERY_COLUMNS + " FROM channel_delivery WHERE channel_id = ? ORDER BY item_id",
                    Channels::delivery, channelId);
        });
    }

    /** Every item whose channel does not have the value last sent: rejected, or failed and waiting for a retry. */
    public List<Delivery> outOfStep() {
        return store.inTransaction("channel_out_of_step", tx -> tx.query("SELECT " + DELIVERY_COLUMNS
                + " FROM channel_delivery WHERE state <> 'ACCEPTED' ORDER BY channel_id, item_id", Channels::delivery));
    }

    /** A published file of a channel ({@code menu.json}, {@code v3.pdf}, {@code index.html}, …), if it exists. */
    public Optional<byte[]> file(String channelId, String name) {
        return store.inTransaction("channel_file", tx -> ContentStore.file(tx, channelId, name));
    }

    @Override
    public void close() {
        runs.shutdown();
        try {
            // let a run in progress record what it sent before the store closes under it
            if (!runs.awaitTermination(30, TimeUnit.SECONDS)) {
                runs.shutdownNow();
            }
        } catch (InterruptedException e) {
            runs.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---- rows ----

    private static final String DELIVERY_COLUMNS = "channel_id, item_id, state, attempt_key, reason, attempts, next_attempt_at,"
            + " attempt_variant, attempt_number, accepted_value_json, accepted_at, attempt_value_json, updated_at";

    private static Delivery delivery(ResultSet rs) throws SQLException {
        String state = rs.getString(3);
        return new Delivery(rs.getString(1), rs.getString(2), state.equals("ACCEPTED"), state, rs.getString(4),
                rs.getString(5), rs.getInt(6), instant(rs.getString(7)), rs.getString(8), rs.getInt(9),
                json(rs.getString(10)), instant(rs.getString(11)), json(rs.getString(12)), Instant.parse(rs.getString(13)));
    }

    private List<Channel> channels(Tx tx) throws SQLException {
        return tx.query("SELECT id, config_json FROM channel ORDER BY id", rs -> read(rs.getString(1), rs.getString(2)));
    }

    private Optional<Channel> channel(Tx tx, String id) throws SQLException {
        return tx.queryOne("SELECT id, config_json FROM channel WHERE id = ?", rs -> read(rs.getString(1),
                rs.getString(2)), id);
    }

    private Channel read(String id, String json) {
        var doc = (ObjectNode) Json.tree(json);
        doc.remove("id");
        return Channel.read(id, doc, adapters.keySet());
    }

    private static Map<String, List<String>> rules(Tx tx) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        tx.query("SELECT category, channels_json FROM channel_rule ORDER BY category", rs -> {
            List<String> channels = new ArrayList<>();
            Json.tree(rs.getString(2)).forEach(c -> channels.add(c.textValue()));
            return out.put(rs.getString(1), List.copyOf(channels));
        });
        return out;
    }

    private static HttpProblem unknown(String id) {
        return HttpProblem.notFound("channel " + id + ": no such channel");
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static JsonNode json(String text) {
        return text == null ? null : Json.tree(text);
    }
}
