package dev.outpost.appliance.flip;

import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.appliance.menu.HeldManifest;
import dev.outpost.site.clock.SiteScheduler;
import dev.outpost.site.message.FlipAnswer;
import dev.outpost.site.message.FlipDecision;
import dev.outpost.site.message.FlipOutcome;
import dev.outpost.site.message.FlipPrepare;
import dev.outpost.site.message.FlipReport;
import dev.outpost.site.message.MenuShown;
import dev.outpost.site.message.Messages;
import dev.outpost.site.message.DeviceMessage;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The appliance's side of the flip (ARCHITECTURE.md §5.4): for each upcoming manifest entry whose blob is held it
 * sends a PREPARE at T − {@code flip.lead} (at once when first seen inside it) to every screen that says it shows
 * that variant and locale ({@link MenuShown}) and is present, gathers PREPARED / ABORT, and at T decides: COMMIT,
 * sent three times 100 ms apart, when every screen prepared or — unless {@code flip.abort-on-missing} — all but one
 * did (the laggard catches up from the retained decision); ABORT with the reason otherwise. Each flip and each
 * screen's answer and commit instant (site time, from its retained {@link FlipReport}) are kept in SQLite and shown
 * at {@code GET /v1/flips}. Screens of one flip still on different versions {@code flip.mixed-bound} after T raise an
 * alarm (logged at error, state MIXED), unless a later flip of the same menu has activated by then (that one is
 * checked instead). What a screen shows is what it last announced ({@link MenuShown}) or reported committing.
 *
 * <p>Design: every state change runs on one {@link SiteScheduler} thread on the appliance's clock (which is site
 * time); MQTT callbacks and the scan hand their work over. A missed activation (T already past when first seen) is
 * skipped, never replayed. Known limit: a MIXED flip is not rolled back site-wide yet (screens have no rollback
 * message); the alarm says which screens disagree.
 */
public final class FlipCoordinator implements AutoCloseable {
    static final Duration REPEAT = Duration.ofMillis(100);
    static final int COMMITS = 3;
    static final Duration SCAN = Duration.ofMillis(200);

    private final String site;
    private final FlipConfig config;
    private final SiteMqttClient mqtt;
    private final Supplier<Optional<HeldManifest>> manifests;
    private final Predicate<String> present;
    private final InstantSource clock;
    private final SiteScheduler scheduler;
    private final FlipStore store;
    private final ScheduledExecutorService ticker;
    private final UuidV7 ids;

    // confined to the scheduler thread
    private final Map<String, MenuShown> shown = new HashMap<>();
    private final Map<String, Flip> byKey = new HashMap<>();
    private final Map<UUID, Flip> byId = new LinkedHashMap<>();
    private final List<Consumer<UUID>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final class Flip {
        final FlipPrepare prepare;
        final Set<String> targets = new TreeSet<>();
        final Map<String, FlipOutcome> answers = new HashMap<>();
        String state = "PREPARING";

        Flip(FlipPrepare prepare) {
            this.prepare = prepare;
        }
    }

    private FlipCoordinator(String site, FlipConfig config, SiteMqttClient mqtt, Supplier<Optional<HeldManifest>> manifests,
                            Predicate<String> present, InstantSource clock, FlipStore store) {
        this.site = site;
        this.config = config;
        this.mqtt = mqtt;
        this.manifests = manifests;
        this.present = present;
        this.clock = clock;
        this.store = store;
        this.ids = new UuidV7(clock);
        this.scheduler = SiteScheduler.start("flip-" + site, clock);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flip-scan-" + site);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens {@code data.dir/flips.db} and starts coordinating over {@code mqtt} (an appliance connection);
     * {@code manifests} is menu sync's {@code held()}; {@code present} says whether a device is online now.
     */
    public static FlipCoordinator start(String site, FlipConfig config, SiteMqttClient mqtt,
                                        Supplier<Optional<HeldManifest>> manifests, Predicate<String> present,
                                        InstantSource clock, Path dataDir) {
        FlipStore store = FlipStore.open(dataDir.resolve("flips.db"));
        FlipCoordinator c = new FlipCoordinator(site, config, mqtt, manifests, present, clock, store);
        for (FlipView.Flip known : store.recent(1000)) {
            c.byKey.put(key(known.variant(), known.locale(), known.versionId(), known.activateAt()), null);
        }
        mqtt.subscribe(Topics.allMenusShown(site), 1, (topic, payload) -> c.receive(topic, payload, MenuShown.class,
                c::onShown));
        mqtt.subscribe(Topics.allFlipAnswers(site), 1, (topic, payload) -> c.receive(topic, payload, FlipAnswer.class,
                c::onAnswer));
        mqtt.subscribe(Topics.allFlipReports(site), 1, (topic, payload) -> c.receive(topic, payload, FlipReport.class,
                c::onReport));
        c.ticker.scheduleWithFixedDelay(() -> c.scheduler.now(c::scan), 0, SCAN.toMillis(), TimeUnit.MILLISECONDS);
        return c;
    }

    /** Runs a scan now rather than within 200 ms: after a test moved its clock, say. */
    public void wake() {
        scheduler.now(this::scan);
    }

    /** Called on the coordinator's thread with a flip's id whenever it changes (answers, decision, reports). */
    public void onChange(Consumer<UUID> listener) {
        listeners.add(listener);
    }

    public FlipView view() {
        return new FlipView(site, store.recent(100));
    }

    private <T extends DeviceMessage> void receive(String topic, byte[] payload, Class<T> type, Consumer<T> handler) {
        T message;
        try {
            message = Messages.decodeFrom(site, topic, payload, type);
        } catch (ContractException e) {
            Logger.warn("site {}: flip: message on '{}' dropped: {}", site, topic, e.getMessage());
            return;
        }
        scheduler.now(() -> handler.accept(message));
    }

    private static String key(String variant, String locale, String version, Instant at) {
        return variant + "/" + locale + "|" + version + "|" + at;
    }

    private void scan() {
        Optional<HeldManifest> held = manifests.get();
        if (held.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Flip flip : byId.values()) {
            if (flip.state.equals("PREPARING")) { // screens that came (or were heard) after the prepare went out
                shown.values().stream().filter(s -> s.slot().equals(flip.prepare.slot()) && present.test(s.deviceId()))
                        .forEach(s -> target(flip, s.deviceId()));
            }
        }
        for (ManifestEntry e : held.get().manifest().upcoming()) {
            String key = key(e.variant(), e.locale(), e.versionId(), e.activateAt());
            if (byKey.containsKey(key) || !held.get().servable().contains(e.sha256())) {
                continue;
            }
            if (!now.isBefore(e.activateAt())) {
                byKey.put(key, null);
                Logger.warn("site {}: flip of {} to {} at {} missed (now {}): skipped, never replayed", site, e.slot(),
                        e.versionId(), e.activateAt(), now);
                continue;
            }
            if (!now.isBefore(e.activateAt().minus(config.lead()))) {
                begin(e, held.get());
            }
        }
    }

    private void begin(ManifestEntry e, HeldManifest held) {
        Instant now = clock.instant();
        FlipPrepare prepare = new FlipPrepare(ids.next(), e.variant(), e.locale(), e.versionId(), e.sha256(),
                e.activateAt(), held.document());
        Flip flip = new Flip(prepare);
        byKey.put(key(e.variant(), e.locale(), e.versionId(), e.activateAt()), flip);
        byId.put(prepare.flipId(), flip);
        store.insert(new FlipView.Flip(prepare.flipId(), e.variant(), e.locale(), e.versionId(), e.sha256(),
                e.activateAt(), flip.state, null, now, null, null, List.of()));
        shown.values().stream().filter(s -> s.slot().equals(e.slot()) && present.test(s.deviceId()))
                .forEach(s -> target(flip, s.deviceId()));
        Logger.info("site {}: flip {}: {} to {} at {}: PREPARE sent to {}", site, prepare.flipId(), e.slot(),
                e.versionId(), e.activateAt(), flip.targets);
        scheduler.at(e.activateAt(), () -> decide(flip));
        changed(flip);
    }

    private void target(Flip flip, String device) {
        if (flip.targets.add(device)) {
            store.target(flip.prepare.flipId(), device);
            publish(Topics.flipPrepare(site, device), Messages.encode(flip.prepare), true);
        }
    }

    private void onShown(MenuShown m) {
        shown.put(m.deviceId(), m);
        for (Flip flip : byId.values()) {
            if (flip.state.equals("PREPARING") && flip.prepare.slot().equals(m.slot())
                    && present.test(m.deviceId())) {
                target(flip, m.deviceId()); // a screen that came late still gets its prepare
            }
        }
    }

    private void onAnswer(FlipAnswer a) {
        Flip flip = byId.get(a.flipId());
        store.answered(a.flipId(), a.deviceId(), a.outcome(), a.reason());
        if (flip != null) {
            flip.answers.put(a.deviceId(), a.outcome());
            if (a.outcome() == FlipOutcome.ABORT) {
                Logger.warn("site {}: flip {}: {} aborts: {}", site, a.flipId(), a.deviceId(), a.reason());
            }
            changed(flip);
        }
    }

    private void onReport(FlipReport r) {
        store.committed(r.flipId(), r.deviceId(), r.committedAt(), r.autonomous());
        Flip flip = byId.get(r.flipId());
        if (r.autonomous()) {
            Logger.warn("site {}: flip {}: {} committed on its own at {}", site, r.flipId(), r.deviceId(), r.committedAt());
        }
        if (flip != null) {
            // a screen's report of its commit says what it shows as much as its next MenuShown will
            MenuShown before = shown.get(r.deviceId());
            if (before == null || r.committedAt().isAfter(before.at())) {
                shown.put(r.deviceId(), new MenuShown(r.deviceId(), flip.prepare.variant(), flip.prepare.locale(),
                        r.versionId(), r.sha256(), r.committedAt()));
            }
            changed(flip);
        }
    }

    private void decide(Flip flip) {
        UUID id = flip.prepare.flipId();
        Instant now = clock.instant();
        List<String> prepared = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String device : flip.targets) {
            FlipOutcome answer = flip.answers.get(device);
            if (answer == FlipOutcome.PREPARED) {
                prepared.add(device);
            } else {
                missing.add(device + (answer == null ? " (silent)" : " (aborted)"));
            }
        }
        if (flip.targets.isEmpty()) {
            flip.state = "NO_DEVICES";
            store.decided(id, flip.state, "no screen shows " + flip.prepare.slot(), now);
            Logger.info("site {}: flip {}: no screen shows {}", site, id, flip.prepare.slot());
            changed(flip);
            return;
        }
        int allowed = config.abortOnMissing() ? 0 : 1;
        if (prepared.isEmpty() || missing.size() > allowed) {
            String reason = prepared.size() + " of " + flip.targets.size() + " screens prepared; not: "
                    + String.join(", ", missing) + (config.abortOnMissing() ? " (flip.abort-on-missing)" : "");
            flip.state = "ABORTED";
            store.decided(id, flip.state, reason, now);
            Logger.error("site {}: flip {} of {} to {} ABORTED: {}", site, id, flip.prepare.slot(),
                    flip.prepare.versionId(), reason);
            String text = reason.length() > 128 ? reason.substring(0, 125) + "..." : reason;
            flip.targets.forEach(d -> publish(Topics.flipDecision(site, d), Messages.encode(FlipDecision.abort(id, text)), true));
            changed(flip);
            return;
        }
        flip.state = "COMMITTED";
        String reason = missing.isEmpty() ? "all " + prepared.size() + " screens prepared"
                : prepared.size() + " of " + flip.targets.size() + " prepared; catching up: " + String.join(", ", missing);
        store.decided(id, flip.state, reason, now);
        byte[] commit = Messages.encode(FlipDecision.commit(id));
        for (int i = 0; i < COMMITS; i++) {
            Runnable send = () -> flip.targets.forEach(d -> publish(Topics.flipDecision(site, d), commit, true));
            if (i == 0) {
                send.run();
            } else {
                scheduler.at(flip.prepare.activateAt().plus(REPEAT.multipliedBy(i)), send);
            }
        }
        Logger.info("site {}: flip {}: COMMIT at {} ({})", site, id, now, reason);
        scheduler.at(flip.prepare.activateAt().plus(config.mixedBound()), () -> checkMixed(flip));
        changed(flip);
    }

    private void checkMixed(Flip flip) {
        if (superseded(flip)) {
            return; // the screens are meant to be on a later flip of the same menu by now: that one is checked instead
        }
        List<String> behind = flip.targets.stream()
                .filter(present)
                .filter(d -> !Optional.ofNullable(shown.get(d)).map(MenuShown::sha256).orElse("").equals(flip.prepare.sha256()))
                .toList();
        if (!behind.isEmpty() && flip.state.equals("COMMITTED")) {
            flip.state = "MIXED";
            String reason = "still not on " + flip.prepare.versionId() + " " + config.mixedBound().toSeconds()
                    + " s after T: " + String.join(", ", behind);
            store.decided(flip.prepare.flipId(), flip.state, reason, clock.instant());
            Logger.error("site {}: flip {} of {}: ALARM mixed versions: {}", site, flip.prepare.flipId(),
                    flip.prepare.slot(), reason);
            changed(flip);
        }
    }

    /** Whether a later flip of the same variant and locale has reached its activation since {@code flip}'s. */
    private boolean superseded(Flip flip) {
        Instant now = clock.instant();
        return byId.values().stream().anyMatch(other -> other.prepare.slot().equals(flip.prepare.slot())
                && other.prepare.activateAt().isAfter(flip.prepare.activateAt()) && !other.prepare.activateAt().isAfter(now));
    }

    private void changed(Flip flip) {
        for (Consumer<UUID> listener : listeners) {
            listener.accept(flip.prepare.flipId());
        }
    }

    private void publish(String topic, byte[] payload, boolean retained) {
        mqtt.publish(topic, payload, 1, retained).whenComplete((ok, e) -> {
            if (e != null) {
                Logger.warn("site {}: flip: {} not published: {}", site, topic, e.getMessage());
            }
        });
    }

    /** Stops coordinating; what was decided stays in SQLite, and screens commit on their own if a COMMIT is owed. */
    @Override
    public void close() {
        ticker.shutdownNow();
        scheduler.close();
        mqtt.unsubscribe(Topics.allMenusShown(site));
        mqtt.unsubscribe(Topics.allFlipAnswers(site));
        mqtt.unsubscribe(Topics.allFlipReports(site));
        store.close();
    }
}
