package dev.outpost.appliance.flip;

import dev.outpost.api.event.FlipResult;
import dev.outpost.api.event.MenuDownloaded;
import dev.outpost.api.event.UuidV7;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.appliance.menu.HeldManifest;
import dev.outpost.appliance.outbox.Handover;
import dev.outpost.appliance.outbox.Outbox;
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
import java.util.HashSet;
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
import java.util.stream.Stream;
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
 * <p>Every milestone goes to the relay through the site's {@link Outbox} as an event of the appliance's own stream
 * ({@link FlipStore#DEVICE}): {@code menu.downloaded} when an upcoming version's blob is held, {@code flip.prepared}
 * when every screen prepared, and the outcome ({@link FlipResult}): {@code flip.abort} at once, {@code flip.commit}
 * once every screen reported its commit or at T + {@code flip.mixed-bound} (MIXED if screens still disagree then). A
 * flip left undecided by an appliance that was down at T is reported from the screens' retained reports after the
 * restart: AUTONOMOUS if they committed on their own.
 *
 * <p>Design: every state change runs on one {@link SiteScheduler} thread on the appliance's clock (which is site
 * time); MQTT callbacks and the scan hand their work over. A missed activation (T already past when first seen) is
 * skipped, never replayed. Each report is written in the SQLite transaction of the change it reports and handed to
 * the outbox after (see {@link FlipStore} on why that is durable). A MIXED flip is abandoned site-wide: every screen
 * of it gets the flip's ABORT, and one that shows it goes back to the menu it replaced.
 */
public final class FlipCoordinator implements AutoCloseable {
    static final Duration REPEAT = Duration.ofMillis(100);
    static final int COMMITS = 3;
    static final Duration SCAN = Duration.ofMillis(200);
    /** How far ahead a catch-up flip (to what is current now) is set: the PREPARE round trip fits in it. */
    static final Duration CATCH_UP_LEAD = Duration.ofSeconds(2);

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
    private final Set<String> missed = new HashSet<>();
    private final Map<UUID, Flip> byId = new LinkedHashMap<>();
    private final List<Consumer<UUID>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<UUID> owed = new HashSet<>();
    private final Set<String> downloaded = new HashSet<>();
    private final Handover handover;
    private boolean unsent = true;

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
                            Predicate<String> present, InstantSource clock, FlipStore store, Outbox outbox) {
        this.site = site;
        this.config = config;
        this.mqtt = mqtt;
        this.manifests = manifests;
        this.present = present;
        this.clock = clock;
        this.store = store;
        this.handover = new Handover(site, "flip reports", FlipStore.DEVICE, store::unsent, store::enqueued,
                outbox::append);
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
     * {@code manifests} is menu sync's {@code held()}; {@code present} says whether a device is online now; reports
     * for the relay go to {@code outbox}. Outcomes a previous run owes are reported {@code flip.mixed-bound} after
     * their activation or after now, whichever is later, or as soon as every screen reported its commit.
     */
    public static FlipCoordinator start(String site, FlipConfig config, SiteMqttClient mqtt,
                                        Supplier<Optional<HeldManifest>> manifests, Predicate<String> present,
                                        InstantSource clock, Path dataDir, Outbox outbox) {
        FlipStore store = FlipStore.open(dataDir.resolve("flips.db"), site, clock);
        FlipCoordinator c = new FlipCoordinator(site, config, mqtt, manifests, present, clock, store, outbox);
        for (FlipView.Flip known : store.recent(1000)) {
            c.byKey.put(key(known.variant(), known.locale(), known.versionId(), known.activateAt()), null);
        }
        c.downloaded.addAll(store.downloadedMilestones());
        for (UUID id : store.owed()) {
            c.owed.add(id);
            store.find(id).ifPresent(f -> c.scheduler.at(later(f.activateAt(), clock.instant()).plus(config.mixedBound()),
                    () -> c.settle(id, true)));
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

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void scan() {
        if (unsent) {
            send();
        }
        Optional<HeldManifest> held = manifests.get();
        if (held.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (ManifestEntry e : held.get().manifest().upcoming()) {
            String milestone = "downloaded|" + e.slot() + "|" + e.versionId() + "|" + e.activateAt();
            if (now.isBefore(e.activateAt()) && held.get().servable().contains(e.sha256()) && downloaded.add(milestone)) {
                store.downloaded(new MenuDownloaded(e.variant(), e.locale(), e.versionId(), e.sha256(), e.activateAt()));
                send();
            }
        }
        for (Flip flip : byId.values()) {
            if (flip.state.equals("PREPARING")) { // screens that came (or were heard) after the prepare went out
                target(flip, showing(flip.prepare.slot()));
            }
        }
        for (ManifestEntry e : held.get().manifest().upcoming()) {
            String key = key(e.variant(), e.locale(), e.versionId(), e.activateAt());
            if (byKey.containsKey(key) || missed.contains(key) || !held.get().servable().contains(e.sha256())) {
                continue;
            }
            if (!now.isBefore(e.activateAt())) {
                missed.add(key);
                Logger.warn("site {}: flip of {} to {} at {} missed (now {}): skipped, never replayed", site, e.slot(),
                        e.versionId(), e.activateAt(), now);
                continue;
            }
            if (!now.isBefore(e.activateAt().minus(config.lead()))) {
                begin(e, held.get(), e.activateAt());
            }
        }
        catchUp(held.get(), now);
    }

    /**
     * Screens not on what is current now for their menu — the appliance was down or out of reach through an
     * activation, a poison or a rollback made another version current, a screen is new — are flipped there together,
     * {@link #CATCH_UP_LEAD} from now: once per current entry (a catch-up that ends MIXED is not tried again), never
     * while a flip of that menu is under way. What is current is the latest entry active now; a missed activation
     * before it is never replayed.
     */
    private void catchUp(HeldManifest held, Instant now) {
        Map<String, ManifestEntry> current = new HashMap<>();
        Stream.concat(held.manifest().current().stream(), held.manifest().upcoming().stream())
                .filter(e -> !e.activateAt().isAfter(now))
                .forEach(e -> current.merge(e.slot(), e, (a, b) -> b.activateAt().isAfter(a.activateAt()) ? b : a));
        for (ManifestEntry e : current.values()) {
            String key = key(e.variant(), e.locale(), e.versionId(), e.activateAt());
            if (byKey.containsKey(key) || !held.servable().contains(e.sha256())) {
                continue; // flipped to (or caught up) already: the usual case, decided without looking at screens
            }
            List<String> behind = showing(e.slot()).stream().filter(d -> !shown.get(d).sha256().equals(e.sha256())).toList();
            boolean underWay = byId.values().stream().anyMatch(f -> f.state.equals("PREPARING")
                    && f.prepare.slot().equals(e.slot()));
            if (behind.isEmpty() || underWay) {
                continue;
            }
            Logger.warn("site {}: {} not on {}, current since {}: catching up", site, behind, e.versionId(), e.activateAt());
            byKey.put(key, begin(e, held, now.plus(CATCH_UP_LEAD)));
        }
    }

    /** Starts a flip of every screen showing {@code e}'s menu to {@code e}'s version at {@code at}. */
    private Flip begin(ManifestEntry e, HeldManifest held, Instant at) {
        Instant now = clock.instant();
        FlipPrepare prepare = new FlipPrepare(ids.next(), e.variant(), e.locale(), e.versionId(), e.sha256(), at,
                held.document());
        Flip flip = new Flip(prepare);
        byKey.put(key(e.variant(), e.locale(), e.versionId(), at), flip);
        byId.put(prepare.flipId(), flip);
        store.insert(new FlipView.Flip(prepare.flipId(), e.variant(), e.locale(), e.versionId(), e.sha256(), at,
                flip.state, null, now, null, null, List.of()));
        target(flip, showing(e.slot()));
        Logger.info("site {}: flip {}: {} to {} at {}: PREPARE sent to {}", site, prepare.flipId(), e.slot(),
                e.versionId(), at, flip.targets);
        scheduler.at(at, () -> decide(flip));
        changed(flip);
        return flip;
    }

    /** Sends the flip's PREPARE to those of {@code devices} it has not gone to yet, recorded first. */
    private void target(Flip flip, List<String> devices) {
        List<String> fresh = devices.stream().filter(d -> !flip.targets.contains(d)).distinct().toList();
        if (fresh.isEmpty()) {
            return;
        }
        store.target(flip.prepare.flipId(), fresh);
        flip.targets.addAll(fresh);
        byte[] prepare = Messages.encode(flip.prepare);
        fresh.forEach(device -> publish(Topics.flipPrepare(site, device), prepare, true));
    }

    /** The screens present now that say they show {@code slot}. */
    private List<String> showing(String slot) {
        return shown.values().stream().filter(s -> s.slot().equals(slot) && present.test(s.deviceId()))
                .map(MenuShown::deviceId).toList();
    }

    private void onShown(MenuShown m) {
        shown.put(m.deviceId(), m);
        for (Flip flip : byId.values()) {
            if (flip.state.equals("PREPARING") && flip.prepare.slot().equals(m.slot())
                    && present.test(m.deviceId())) {
                target(flip, List.of(m.deviceId())); // a screen that came late still gets its prepare
            }
        }
    }

    private void onAnswer(FlipAnswer a) {
        Flip flip = byId.get(a.flipId());
        Optional<FlipResult> allPrepared = Optional.empty();
        if (flip != null) {
            flip.answers.put(a.deviceId(), a.outcome());
            if (flip.state.equals("PREPARING") && flip.targets.stream()
                    .allMatch(d -> flip.answers.get(d) == FlipOutcome.PREPARED)) {
                FlipPrepare p = flip.prepare;
                allPrepared = Optional.of(new FlipResult(p.flipId(), p.variant(), p.locale(), p.versionId(), p.sha256(),
                        p.activateAt(), FlipResult.PREPARED, "all " + flip.targets.size() + " screens prepared",
                        flip.targets.size(), flip.targets.size(), 0, 0, List.of(), List.of(), List.of()));
            }
        }
        store.answered(a.flipId(), a.deviceId(), a.outcome(), a.reason(), allPrepared);
        if (allPrepared.isPresent()) {
            send();
        }
        if (flip != null) {
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
        }
        if (owed.contains(r.flipId()) && (flip == null || !flip.state.equals("PREPARING"))) {
            settle(r.flipId(), false);
        }
        if (flip != null) {
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
            String reason = "no screen shows " + flip.prepare.slot();
            store.decided(id, flip.state, reason, now, Optional.of(result(store.find(id).orElseThrow(),
                    FlipResult.COMMITTED, reason, List.of())));
            send();
            Logger.info("site {}: flip {}: no screen shows {}", site, id, flip.prepare.slot());
            changed(flip);
            return;
        }
        int allowed = config.abortOnMissing() ? 0 : 1;
        if (prepared.isEmpty() || missing.size() > allowed) {
            String reason = prepared.size() + " of " + flip.targets.size() + " screens prepared; not: "
                    + String.join(", ", missing) + (config.abortOnMissing() ? " (flip.abort-on-missing)" : "");
            flip.state = "ABORTED";
            store.decided(id, flip.state, reason, now, Optional.of(result(store.find(id).orElseThrow(),
                    FlipResult.ABORTED, reason, List.of())));
            send();
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
        store.decided(id, flip.state, reason, now, Optional.empty());
        owed.add(id);
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
        scheduler.at(flip.prepare.activateAt().plus(config.mixedBound()), () -> settle(id, true));
        changed(flip);
    }

    /**
     * Reports a flip's outcome once every screen it was for reported its commit, or at {@code bound}
     * (T + flip.mixed-bound), when screens still on another version make it MIXED (an alarm) even if it was
     * reported already. A flip never decided (the appliance was down at T) is AUTONOMOUS if screens committed on
     * their own, else ABORTED.
     */
    private void settle(UUID id, boolean bound) {
        Optional<FlipView.Flip> found = store.find(id);
        if (found.isEmpty()) {
            return;
        }
        FlipView.Flip f = found.get();
        boolean allCommitted = !f.devices().isEmpty() && f.devices().stream().allMatch(d -> d.committedAt() != null);
        boolean reporting = owed.contains(id) && (bound || allCommitted);
        List<String> behind = !bound || superseded(f) ? List.of() : f.devices().stream().map(FlipView.Device::deviceId)
                .filter(present)
                .filter(d -> !Optional.ofNullable(shown.get(d)).map(MenuShown::sha256).orElse("").equals(f.sha256()))
                .toList();
        boolean mixed = f.state().equals("COMMITTED") && !behind.isEmpty();
        if (!reporting && !mixed) {
            return;
        }
        String state = f.state();
        String reason = f.reason();
        String outcome = FlipResult.COMMITTED;
        if (mixed) {
            state = "MIXED";
            outcome = FlipResult.MIXED;
            reason = "still not on " + f.versionId() + " " + config.mixedBound().toSeconds() + " s after T: "
                    + String.join(", ", behind) + "; every screen sent back to what it showed before";
            Logger.error("site {}: flip {} of {}/{}: ALARM mixed versions: {}", site, id, f.variant(), f.locale(), reason);
            // a site-wide ABORT: a screen that committed the flip goes back to the menu it replaced (its LKG)
            byte[] abort = Messages.encode(FlipDecision.abort(id, "mixed " + config.mixedBound().toSeconds()
                    + " s after T: back to the last-known-good"));
            f.devices().forEach(d -> publish(Topics.flipDecision(site, d.deviceId()), abort, true));
        } else if (state.equals("PREPARING")) {
            long committed = f.devices().stream().filter(d -> d.committedAt() != null).count();
            state = committed == 0 ? "ABORTED" : "AUTONOMOUS";
            outcome = committed == 0 ? FlipResult.ABORTED : FlipResult.AUTONOMOUS;
            reason = "the appliance did not decide at T; " + committed + " of " + f.devices().size()
                    + " screens committed on their own";
            Logger.warn("site {}: flip {} of {}/{}: {}", site, id, f.variant(), f.locale(), reason);
        }
        store.decided(id, state, reason, clock.instant(), reporting
                ? Optional.of(result(f, outcome, reason, behind)) : Optional.empty());
        owed.remove(id);
        send();
        Flip flip = byId.get(id);
        if (flip != null) {
            flip.state = state;
            changed(flip);
        }
    }

    /**
     * The report of a flip as recorded: every screen's commit; not taking part, the screens without a commit (of an
     * aborted flip, those that did not prepare).
     */
    private static FlipResult result(FlipView.Flip f, String outcome, String reason, List<String> disagreeing) {
        List<FlipResult.DeviceCommit> commits = new ArrayList<>();
        List<String> notTakingPart = new ArrayList<>();
        int prepared = 0;
        for (FlipView.Device d : f.devices()) {
            if (d.answer() == FlipOutcome.PREPARED) {
                prepared++;
            }
            if (d.committedAt() != null) {
                commits.add(new FlipResult.DeviceCommit(d.deviceId(), d.committedAt(), Boolean.TRUE.equals(d.autonomous())));
            } else if (!outcome.equals(FlipResult.ABORTED) || d.answer() != FlipOutcome.PREPARED) {
                notTakingPart.add(d.deviceId() + (d.answer() == null ? " (silent)" : d.answer() == FlipOutcome.ABORT
                        ? " (aborted: " + d.reason() + ")" : " (prepared, no commit reported)"));
            }
        }
        int autonomous = (int) commits.stream().filter(FlipResult.DeviceCommit::autonomous).count();
        return new FlipResult(f.flipId(), f.variant(), f.locale(), f.versionId(), f.sha256(), f.activateAt(), outcome,
                reason, f.devices().size(), prepared, commits.size(), autonomous, notTakingPart, disagreeing, commits);
    }

    /** Hands the reports not yet in the outbox to it; on failure they stay in flips.db for the next scan. */
    private void send() {
        unsent = !handover.run();
    }

    /**
     * Whether a later flip of the same variant and locale has reached its activation since {@code f}'s: its screens
     * are meant to be on that one by now, which is checked instead.
     */
    private boolean superseded(FlipView.Flip f) {
        Instant now = clock.instant();
        return byId.values().stream().map(other -> other.prepare).anyMatch(p -> p.variant().equals(f.variant())
                && p.locale().equals(f.locale()) && p.activateAt().isAfter(f.activateAt()) && !p.activateAt().isAfter(now));
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
