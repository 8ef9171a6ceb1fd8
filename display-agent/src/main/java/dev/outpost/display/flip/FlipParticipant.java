package dev.outpost.display.flip;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.manifest.ManifestEntry;
import dev.outpost.api.manifest.ManifestVerifier;
import dev.outpost.api.sign.VerificationException;
import dev.outpost.display.menu.MenuFiles;
import dev.outpost.display.menu.MenuSettings;
import dev.outpost.display.menu.ShownMenu;
import dev.outpost.site.clock.SiteScheduler;
import dev.outpost.site.message.FlipAnswer;
import dev.outpost.site.message.FlipDecision;
import dev.outpost.site.message.FlipOutcome;
import dev.outpost.site.message.FlipPrepare;
import dev.outpost.site.message.FlipReport;
import dev.outpost.site.message.FlipVerdict;
import dev.outpost.site.message.MenuShown;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * A display's side of the flip (ARCHITECTURE.md §5.4). On a {@link FlipPrepare} it verifies the signed manifest
 * itself (root key from config, this site, a sequence not below the one of the menu on screen — equal is allowed, as
 * one manifest lists several flips —, not expired in site time), checks the manifest lists the entry, fetches the
 * blob from the appliance by hash, checks the hash, stages it durably and answers PREPARED, or ABORT with the reason.
 * On COMMIT it swaps: the staged file is renamed into place, {@code active.json} rewritten, then the in-memory
 * pointer replaced. Prepared before its deadline and no decision by the activation instant plus the grace (site
 * time), it commits on its own and reports that. On ABORT the staging is discarded. Anything refused leaves the
 * menu on screen as it is.
 *
 * <p>Design: every state change runs on the {@link SiteScheduler}'s one thread (MQTT callbacks hand their message
 * over), so the grace timer and a late COMMIT cannot both swap. Decisions are retained per device, so one that
 * arrives before its prepare (after a reconnect) is kept and applied once staged; a prepare received after its
 * deadline is never committed autonomously — it waits for the retained decision, as that flip may have been aborted.
 */
public final class FlipParticipant implements AutoCloseable {

    /** Where blobs come from: the appliance's {@code GET /blobs/sha256/{hex}}. */
    public interface BlobSource {
        byte[] fetch(String sha256) throws IOException;

        static BlobSource http(URI applianceUrl, Duration timeout) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            return sha256 -> {
                URI uri = applianceUrl.resolve("/blobs/sha256/" + sha256);
                try {
                    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new IOException("GET " + uri + " answered " + response.statusCode());
                    }
                    return response.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("GET " + uri + " interrupted", e);
                }
            };
        }
    }

    private record Staged(FlipPrepare prepare, Manifest manifest, long keyringVersion, byte[] bytes,
                          SiteScheduler.Task grace) {
    }

    private final String site;
    private final String device;
    private final MenuSettings settings;
    private final SiteMqttClient mqtt;
    private final InstantSource siteClock;
    private final SiteScheduler scheduler;
    private final MenuFiles files;
    private final BlobSource blobs;
    private final ManifestVerifier verifier;
    private final List<Consumer<ShownMenu>> listeners = new CopyOnWriteArrayList<>();

    // confined to the scheduler thread, published through volatile fields for readers
    private Staged staged;
    private FlipDecision lastDecision;
    private volatile ShownMenu shown;
    private volatile String lastRefusal;

    private FlipParticipant(String site, String device, MenuSettings settings, SiteMqttClient mqtt,
                            InstantSource siteClock, SiteScheduler scheduler, MenuFiles files, BlobSource blobs) {
        this.site = site;
        this.device = device;
        this.settings = settings;
        this.mqtt = mqtt;
        this.siteClock = siteClock;
        this.scheduler = scheduler;
        this.files = files;
        this.blobs = blobs;
        this.verifier = settings.rootKey().map(root -> new ManifestVerifier(root, site, siteClock)).orElse(null);
        this.shown = files.loadActive();
        // the first COMMIT must not pay for building the decision's JSON reader: it is read at the instant itself
        Messages.decode(Messages.encode(FlipDecision.commit(new UUID(0, 0))), FlipDecision.class);
    }

    /**
     * Loads the last-known-good from {@code files} (or the fail-safe menu), subscribes to this device's prepare and
     * decision topics, and says what it shows on every connect.
     */
    public static FlipParticipant start(String site, String device, MenuSettings settings, SiteMqttClient mqtt,
                                        InstantSource siteClock, SiteScheduler scheduler, MenuFiles files,
                                        BlobSource blobs) {
        FlipParticipant participant = new FlipParticipant(site, device, settings, mqtt, siteClock, scheduler, files, blobs);
        ShownMenu lkg = participant.shown;
        Logger.info("display {}: showing {} ({} {}), flips for {}", device, lkg.versionId(), lkg.sha256(),
                lkg.failSafe() ? "baked in" : "last-known-good", settings.slot());
        if (settings.rootKey().isEmpty()) {
            Logger.warn("display {}: menu.root-key is not set: every flip is refused and the screen keeps {}", device,
                    lkg.versionId());
        }
        mqtt.onConnectionChange(connected -> {
            if (connected) {
                scheduler.now(participant::announce);
            }
        });
        mqtt.subscribe(Topics.flipPrepare(site, device), 1, (topic, payload) -> participant.receive(topic, payload,
                FlipPrepare.class, participant::onPrepare));
        mqtt.subscribe(Topics.flipDecision(site, device), 1, (topic, payload) -> participant.receive(topic, payload,
                FlipDecision.class, participant::onDecision));
        if (mqtt.isConnected()) {
            scheduler.now(participant::announce);
        }
        return participant;
    }

    public ShownMenu shown() {
        return shown;
    }

    /** The last prepare refused, with why; null if none. */
    public String lastRefusal() {
        return lastRefusal;
    }

    /** Called on the scheduler thread after every swap, with the menu now on screen. */
    public void onSwap(Consumer<ShownMenu> listener) {
        listeners.add(listener);
    }

    private <T> void receive(String topic, byte[] payload, Class<T> type, Consumer<T> handler) {
        T message;
        try {
            message = Messages.decode(payload, type);
        } catch (ContractException e) {
            Logger.warn("display {}: message on '{}' dropped: {}", device, topic, e.getMessage());
            return;
        }
        scheduler.now(() -> handler.accept(message));
    }

    private void onPrepare(FlipPrepare prepare) {
        String what = "display " + device + ": flip " + prepare.flipId() + " (" + prepare.versionId() + " at "
                + prepare.activateAt() + "): ";
        ShownMenu current = shown;
        if (prepare.flipId().equals(current.flipId())) {
            return; // committed already: a retained prepare heard again after a reconnect
        }
        if (staged != null && staged.prepare.flipId().equals(prepare.flipId())) {
            answer(prepare, FlipOutcome.PREPARED, "staged " + prepare.sha256());
            return;
        }
        Instant now = siteClock.instant();
        Staged next;
        try {
            next = stage(prepare, current, what);
        } catch (Refusal e) {
            lastRefusal = what + e.getMessage();
            Logger.warn("{}refused, keeping {}: {}", what, current.versionId(), e.getMessage());
            answer(prepare, FlipOutcome.ABORT, e.getMessage());
            return;
        }
        if (staged != null) {
            discard(staged, "superseded by flip " + prepare.flipId());
        }
        Instant deadline = prepare.activateAt().plus(settings.grace());
        SiteScheduler.Task grace = now.isBefore(deadline)
                ? scheduler.at(deadline, () -> onGrace(prepare.flipId()))
                : null;
        staged = new Staged(prepare, next.manifest, next.keyringVersion, next.bytes, grace);
        Logger.info("{}prepared{}", what, grace == null ? " after its deadline: waiting for the decision" : "");
        answer(prepare, FlipOutcome.PREPARED, "staged " + prepare.sha256());
        if (lastDecision != null && lastDecision.flipId().equals(prepare.flipId())) {
            onDecision(lastDecision);
        }
    }

    private static final class Refusal extends Exception {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    private Staged stage(FlipPrepare prepare, ShownMenu current, String what) throws Refusal {
        if (!prepare.slot().equals(settings.slot())) {
            throw new Refusal("this screen shows " + settings.slot() + ", not " + prepare.slot());
        }
        if (verifier == null) {
            throw new Refusal("menu.root-key is not set: no manifest can be verified here");
        }
        Manifest manifest;
        try {
            // equal is allowed: one manifest lists several flips; older is a replay
            manifest = verifier.verify(prepare.manifest(), Math.max(0, current.sequence() - 1), current.keyringVersion());
        } catch (VerificationException e) {
            throw new Refusal("manifest refused (" + e.reason() + "): " + e.getMessage());
        } catch (RuntimeException e) {
            throw new Refusal("manifest malformed: " + e.getMessage());
        }
        boolean listed = java.util.stream.Stream.concat(manifest.current().stream(), manifest.upcoming().stream())
                .anyMatch(e -> matches(e, prepare));
        if (!listed) {
            throw new Refusal("manifest " + manifest.sequence() + " does not list " + prepare.versionId() + " ("
                    + prepare.slot() + ", sha256 " + prepare.sha256() + ", at " + prepare.activateAt() + ")");
        }
        byte[] bytes;
        try {
            bytes = blobs.fetch(prepare.sha256());
        } catch (IOException | RuntimeException e) {
            throw new Refusal("blob " + prepare.sha256() + " not fetched: " + e.getMessage());
        }
        String actual = MenuFiles.sha256(bytes);
        if (!actual.equals(prepare.sha256())) {
            throw new Refusal("blob sha256 mismatch: expected " + prepare.sha256() + ", got " + actual
                    + " (tampered or torn); nothing staged");
        }
        try {
            files.stage(prepare.sha256(), bytes);
        } catch (RuntimeException e) {
            throw new Refusal("staging failed: " + e.getMessage());
        }
        long keyringVersion = prepare.manifest().payload().path("keyring").path("payload").path("version").asLong(0);
        return new Staged(prepare, manifest, keyringVersion, bytes, null);
    }

    /** The entry, never earlier than the manifest says; later is the appliance catching up to what is current. */
    private static boolean matches(ManifestEntry entry, FlipPrepare prepare) {
        return entry.variant().equals(prepare.variant()) && entry.locale().equals(prepare.locale())
                && entry.versionId().equals(prepare.versionId()) && entry.sha256().equals(prepare.sha256())
                && !prepare.activateAt().isBefore(entry.activateAt());
    }

    private void onDecision(FlipDecision decision) {
        lastDecision = decision;
        if (decision.verdict() == FlipVerdict.ABORT && decision.flipId().equals(shown.flipId())) {
            revert(decision);
            return;
        }
        if (staged == null || !staged.prepare.flipId().equals(decision.flipId())) {
            return;
        }
        if (decision.verdict() == FlipVerdict.COMMIT) {
            commit(false);
        } else {
            Logger.warn("display {}: flip {} aborted by the appliance ({}): keeping {}", device, decision.flipId(),
                    decision.reason(), shown.versionId());
            discard(staged, "aborted");
            staged = null;
        }
    }

    /**
     * An ABORT of the flip on screen (committed on my own before the decision came, or the appliance abandoning a
     * flip whose screens stayed mixed): back to what it replaced.
     */
    private void revert(FlipDecision decision) {
        ShownMenu back;
        try {
            back = files.revert();
        } catch (RuntimeException e) {
            Logger.error("display {}: flip {} aborted but going back failed, keeping {}: {}", device, decision.flipId(),
                    shown.versionId(), e.getMessage());
            return;
        }
        Logger.warn("display {}: flip {} aborted by the appliance ({}) after I showed it: back to {}", device,
                decision.flipId(), decision.reason(), back.versionId());
        show(back);
        announce();
    }

    private void show(ShownMenu next) {
        shown = next;
        for (Consumer<ShownMenu> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                Logger.warn(e, "display {}: a swap listener failed", device);
            }
        }
    }

    private void onGrace(UUID flipId) {
        if (staged != null && staged.prepare.flipId().equals(flipId)) {
            Logger.warn("display {}: flip {}: no decision by {} + {} (site time): committing on my own", device, flipId,
                    staged.prepare.activateAt(), settings.grace());
            commit(true);
        }
    }

    private void commit(boolean autonomous) {
        Staged s = staged;
        staged = null;
        if (s.grace != null) {
            s.grace.cancel();
        }
        FlipPrepare p = s.prepare;
        ShownMenu next = new ShownMenu(p.versionId(), p.sha256(), s.bytes, p.flipId(), siteClock.instant(), autonomous,
                s.manifest.sequence(), s.keyringVersion, s.manifest.expiresAt());
        try {
            files.commit(next);
        } catch (RuntimeException e) {
            Logger.error("display {}: flip {}: the swap on disk failed, keeping {}: {}", device, p.flipId(),
                    shown.versionId(), e.getMessage());
            return;
        }
        Logger.info("display {}: flip {}: showing {} since {}{} ({})", device, p.flipId(), p.versionId(),
                next.committedAt(), autonomous ? " (on my own)" : "", siteClock);
        show(next);
        publish(Topics.flipReport(site, device), new FlipReport(device, p.flipId(), p.versionId(), p.sha256(),
                next.committedAt(), autonomous), true);
        announce();
    }

    private void discard(Staged s, String why) {
        if (s.grace != null) {
            s.grace.cancel();
        }
        if (!s.prepare.sha256().equals(shown.sha256())) {
            files.discardStaged(s.prepare.sha256());
        }
        Logger.info("display {}: flip {}: staging discarded ({})", device, s.prepare.flipId(), why);
    }

    private void announce() {
        ShownMenu now = shown;
        publish(Topics.menuShown(site, device), new MenuShown(device, settings.variant(), settings.locale(),
                now.versionId(), now.sha256(), siteClock.instant()), true);
    }

    private void answer(FlipPrepare prepare, FlipOutcome outcome, String reason) {
        String text = reason.length() > 128 ? reason.substring(0, 125) + "..." : reason;
        publish(Topics.flipAnswer(site, device), new FlipAnswer(device, prepare.flipId(), outcome, text), false);
    }

    private void publish(String topic, Object message, boolean retained) {
        mqtt.publish(topic, Messages.encode(message), 1, retained).whenComplete((ok, e) -> {
            if (e != null) {
                Logger.warn("display {}: {} not published: {}", device, topic, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        mqtt.unsubscribe(Topics.flipPrepare(site, device));
        mqtt.unsubscribe(Topics.flipDecision(site, device));
    }
}
