package dev.outpost.appliance.tier;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.appliance.menu.MenuConfig;
import dev.outpost.appliance.outbox.Handover;
import dev.outpost.appliance.menu.Tier;
import dev.outpost.site.message.MenuTier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The site's menu tier as its screens are told it (ARCHITECTURE.md §5.5): {@link Tier} by the menu's age, and
 * EXPIRED_OVERRIDDEN while a manager's override lets an expired site show its full last-known-good menu.
 *
 * <p>Design: one thread does everything, a tick every second (so an override ends by itself at its end instant, and
 * the menu ages without anyone asking) and at once on an override. A tick works the tier out and tells the screens,
 * retained, whenever what they are told changes (and at start, so a restarted broker or screen learns it at once);
 * then, when the tier differs from the one recorded in {@link TierStore}, it records it with its {@code menu.tier}
 * event in one transaction — an alarm raised for STALE and EXPIRED, cleared back at FRESH — and hands the event to
 * the outbox. An override is recorded with its {@code menu.override} event in one transaction before it is
 * acknowledged (and before the screens hear of it), so it survives a restart.
 */
public final class TierWatch implements AutoCloseable {
    static final Duration TICK = Duration.ofSeconds(1);
    static final int SHOWN_OVERRIDES = 20;

    /** The screens: publishes a tier retained on {@code Topics.menuTier(site)}. */
    @FunctionalInterface
    public interface Screens {
        CompletableFuture<Void> publish(MenuTier tier);
    }

    /** The outbox: stores events durably before it returns, or throws and stores none. */
    @FunctionalInterface
    public interface Outbox {
        void append(String deviceId, List<EventEnvelope> events);
    }

    private final String siteId;
    private final Duration staleAfter;
    private final Duration expiredAfter;
    private final Supplier<Instant> lastAccepted;
    private final Screens screens;
    private final InstantSource clock;
    private final TierStore store;
    private final ScheduledExecutorService executor;

    // confined to the executor
    private TierStore.Recorded recorded;
    private MenuTier published;
    private boolean owed = true;
    private final Handover handover;

    private volatile TierView view;

    private TierWatch(String siteId, MenuConfig config, Supplier<Instant> lastAccepted, Path dataDir, Screens screens,
                      Outbox outbox, InstantSource clock) {
        this.siteId = siteId;
        this.staleAfter = config.staleAfter();
        this.expiredAfter = config.expiredAfter();
        this.lastAccepted = lastAccepted;
        this.screens = screens;
        this.clock = clock;
        this.store = TierStore.open(dataDir.resolve("tiers.db"), siteId, clock);
        this.handover = new Handover(siteId, "menu tier events", TierStore.DEVICE, store::unsent, store::enqueued,
                outbox::append);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "menu-tier-" + siteId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the tier's state in {@code dataDir} ({@code tiers.db}), hands the outbox whatever a crash left unsent,
     * tells the screens the tier, and keeps watching it.
     *
     * @param lastAccepted when the last manifest was accepted, null if never
     */
    public static TierWatch start(String siteId, MenuConfig config, Supplier<Instant> lastAccepted, Path dataDir,
                                  Screens screens, Outbox outbox, InstantSource clock) {
        TierWatch watch = new TierWatch(siteId, config, lastAccepted, dataDir, screens, outbox, clock);
        try {
            watch.recorded = watch.store.recorded().orElse(null);
            watch.call(() -> {
                watch.evaluate();
                return null;
            });
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
        watch.executor.scheduleWithFixedDelay(watch::tick, TICK.toNanos(), TICK.toNanos(), TimeUnit.NANOSECONDS);
        return watch;
    }

    /** The tier now, and the overrides. */
    public TierView view() {
        return view;
    }

    /** Works the tier out now rather than within a second: after a test moves its clock, say. */
    public void check() {
        call(() -> {
            evaluate();
            return null;
        });
    }

    /**
     * Lets the EXPIRED site show its full last-known-good menu for {@code hours}, recorded (with its audit event)
     * before this returns.
     *
     * @param account the site account that asked
     * @throws OverrideRefused when the menu is not EXPIRED, or an override runs already
     */
    public TierView.Override override(int hours, String reason, String manager, String account) {
        return call(() -> {
            Instant now = clock.instant();
            Instant accepted = lastAccepted.get();
            Tier age = Tier.of(accepted, now, staleAfter, expiredAfter);
            if (age != Tier.EXPIRED) {
                throw new OverrideRefused("site " + siteId + ": the menu is " + age + " (last manifest accepted "
                        + accepted + "), not EXPIRED: there is nothing to override");
            }
            Optional<TierView.Override> running = store.running(now);
            if (running.isPresent()) {
                throw new OverrideRefused("site " + siteId + ": override " + running.get().id() + " by "
                        + running.get().manager() + " runs until " + running.get().until()
                        + "; end it first (DELETE /v1/menus/override)");
            }
            Instant until = now.plus(Duration.ofHours(hours));
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("action", "STARTED");
            event.put("hours", hours);
            event.put("until", until.toString());
            event.put("reason", reason);
            event.put("manager", manager);
            event.put("account", account);
            TierView.Override started = store.start(now, until, hours, reason, manager, account, event);
            Logger.warn("site {}: menu override {} by {} (account {}): the full menu shows until {} although the menu"
                    + " expired; reason: {}", siteId, started.id(), manager, account, until, reason);
            owed = true;
            evaluate();
            return started;
        });
    }

    /**
     * Ends the override running, recorded (with its audit event) before this returns.
     *
     * @throws OverrideRefused when none runs
     */
    public TierView.Override endOverride(String reason, String manager, String account) {
        return call(() -> {
            Instant now = clock.instant();
            TierView.Override running = store.running(now).orElseThrow(() ->
                    new OverrideRefused("site " + siteId + ": no menu override is running"));
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("action", "ENDED");
            event.put("override_id", running.id());
            event.put("until", running.until().toString());
            event.put("reason", reason);
            event.put("manager", manager);
            event.put("account", account);
            String by = manager + " (account " + account + ")";
            store.end(running.id(), now, reason, by, event);
            Logger.warn("site {}: menu override {} ended early by {}; reason: {}", siteId, running.id(), by, reason);
            owed = true;
            evaluate();
            return new TierView.Override(running.id(), running.startedAt(), running.until(), running.hours(),
                    running.reason(), running.manager(), running.account(), now, reason, by);
        });
    }

    private void tick() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            Logger.error(e, "site {}: menu tier check failed unexpectedly; trying again at the next tick", siteId);
        }
    }

    private void evaluate() {
        Instant now = clock.instant();
        Instant accepted = lastAccepted.get();
        Tier age = Tier.of(accepted, now, staleAfter, expiredAfter);
        Optional<TierView.Override> running = age == Tier.EXPIRED ? store.running(now) : Optional.empty();
        MenuTier.Tier tier = switch (age) {
            case FRESH -> MenuTier.Tier.FRESH;
            case STALE -> MenuTier.Tier.STALE;
            case EXPIRED -> running.isPresent() ? MenuTier.Tier.EXPIRED_OVERRIDDEN : MenuTier.Tier.EXPIRED;
        };
        Instant since = switch (age) {
            case FRESH -> accepted;
            case STALE -> accepted.plus(staleAfter);
            // a site that never accepted a manifest: expired since it was first found so
            case EXPIRED -> accepted != null ? accepted.plus(expiredAfter)
                    : recorded != null && (recorded.tier() == MenuTier.Tier.EXPIRED
                    || recorded.tier() == MenuTier.Tier.EXPIRED_OVERRIDDEN) ? recorded.since() : now;
        };
        MenuTier message = running.map(o -> MenuTier.overridden(since, o.until(), o.manager(), now))
                .orElseGet(() -> MenuTier.of(tier, since, now));
        if (!message.sameAs(published)) {
            publish(message); // first: the screens are told even when the disk refuses the record
        }
        if (recorded == null || recorded.tier() != tier) {
            record(tier, since, accepted, running, now);
        }
        if (owed) {
            handOver();
        }
        view = new TierView(siteId, tier, since, accepted, running.orElse(null), store.recent(SHOWN_OVERRIDES));
    }

    private void record(MenuTier.Tier tier, Instant since, Instant accepted, Optional<TierView.Override> running,
                        Instant now) {
        String why = switch (tier) {
            case FRESH -> "manifest accepted " + accepted;
            case STALE -> "no manifest accepted since " + accepted + ", longer than menu.stale-after (" + staleAfter + ")";
            case EXPIRED -> accepted == null ? "no manifest accepted yet"
                    : "no manifest accepted since " + accepted + ", longer than menu.expired-after (" + expiredAfter + ")";
            case EXPIRED_OVERRIDDEN -> "override " + running.orElseThrow().id() + " by " + running.orElseThrow().manager()
                    + " until " + running.orElseThrow().until();
        };
        boolean alarm = tier != MenuTier.Tier.FRESH;
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("tier", tier.name());
        event.put("previous", recorded == null ? "NONE" : recorded.tier().name());
        event.put("since", since.toString());
        event.put("alarm", alarm);
        event.put("why", why);
        if (accepted != null) {
            event.put("last_accepted_at", accepted.toString());
        }
        store.changed(new TierStore.Recorded(tier, since), now, event);
        String previous = recorded == null ? "none recorded" : recorded.tier().name();
        recorded = new TierStore.Recorded(tier, since);
        owed = true;
        if (alarm) {
            Logger.warn("site {}: menu tier {} -> {} since {} ({}): alarm raised", siteId, previous, tier, since, why);
        } else {
            Logger.info("site {}: menu tier {} -> {} ({}): alarm cleared", siteId, previous, tier, why);
        }
    }

    /** Hands the outbox the events it does not hold yet; whatever it refuses now goes at a later tick. */
    private void handOver() {
        if (handover.run()) {
            owed = false;
        }
    }

    private void publish(MenuTier message) {
        published = message;
        screens.publish(message).whenComplete((ok, e) -> {
            if (e != null) {
                Logger.warn("site {}: menu tier {} not published to the screens, trying again: {}", siteId,
                        message.tier(), e.getMessage());
                try {
                    executor.execute(() -> {
                        if (published == message) {
                            published = null;
                        }
                    });
                } catch (RejectedExecutionException closed) {
                    // closing
                }
            }
        });
    }

    private <T> T call(Callable<T> work) {
        try {
            return executor.submit(work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new TierException("site " + siteId + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TierException("site " + siteId + ": interrupted", e);
        } catch (RejectedExecutionException e) {
            throw new TierException("site " + siteId + ": the menu tier watch is closed", e);
        }
    }

    /** Stops watching and closes the database; the override and the tier recorded stay for the next start. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
