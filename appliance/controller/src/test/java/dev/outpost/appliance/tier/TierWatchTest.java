package dev.outpost.appliance.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.appliance.menu.MenuConfig;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.site.message.MenuTier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The menu tier on an injected clock: told to the screens at start and on every change, an alarm event for STALE
 * and EXPIRED and its clearing at FRESH, overrides recorded with their audit before they are acknowledged and kept
 * across a restart, ending by themselves at their end instant; a refused override changes nothing.
 */
class TierWatchTest {
    static final Instant T0 = Instant.parse("2027-03-01T11:00:00Z");
    static final MenuConfig CONFIG = MenuConfig.defaults(SigningKey.fromSeed(new byte[32]).publicKey());

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final AtomicReference<Instant> accepted = new AtomicReference<>(T0);
    final List<MenuTier> published = new CopyOnWriteArrayList<>();
    final List<EventEnvelope> events = new CopyOnWriteArrayList<>();
    final AtomicBoolean outboxDown = new AtomicBoolean();
    TierWatch watch;

    @AfterEach
    void close() {
        if (watch != null) {
            watch.close();
        }
    }

    TierWatch start() {
        watch = TierWatch.start("s-1", CONFIG, accepted::get, dir, tier -> {
            published.add(tier);
            return CompletableFuture.completedFuture(null);
        }, (device, batch) -> {
            if (outboxDown.get()) {
                throw new IllegalStateException("outbox " + dir + ": disk full");
            }
            assertEquals("appliance-menu-tier", device);
            batch.forEach(e -> assertEquals(device, e.deviceId()));
            events.addAll(batch);
        }, now::get);
        return watch;
    }

    void at(Duration sinceT0) {
        now.set(T0.plus(sinceT0));
        watch.check();
    }

    MenuTier last() {
        return published.get(published.size() - 1);
    }

    EventEnvelope lastEvent() {
        return events.get(events.size() - 1);
    }

    @Test
    void theTierIsToldAtStartAndOnEveryChangeAndStaleOrExpiredRaiseAnAlarmThatFreshClears() {
        start();
        assertEquals(MenuTier.of(MenuTier.Tier.FRESH, T0, T0), last(), "told at start");
        assertEquals(1, events.size());
        assertEquals("menu.tier", lastEvent().type());
        assertEquals("FRESH", lastEvent().payload().path("tier").asText());
        assertEquals(false, lastEvent().payload().path("alarm").asBoolean());

        at(Duration.ofHours(24));
        assertEquals(1, published.size(), "24 h is still FRESH, and nothing new to tell");
        at(Duration.ofHours(24).plusSeconds(1));
        assertEquals(MenuTier.Tier.STALE, last().tier());
        assertEquals(T0.plus(Duration.ofHours(24)), last().since(), "out of date since the stale threshold");
        assertEquals("menu.tier", lastEvent().type());
        assertEquals("STALE", lastEvent().payload().path("tier").asText());
        assertEquals("FRESH", lastEvent().payload().path("previous").asText());
        assertTrue(lastEvent().payload().path("alarm").asBoolean(), "STALE raises the alarm");

        at(Duration.ofHours(73));
        assertEquals(MenuTier.of(MenuTier.Tier.EXPIRED, T0.plus(Duration.ofHours(72)), now.get()), last());
        assertTrue(lastEvent().payload().path("alarm").asBoolean(), "EXPIRED raises the alarm");
        assertEquals(3, events.size());

        accepted.set(now.get().minusSeconds(5)); // the relay is back: a manifest accepted
        watch.check();
        assertEquals(MenuTier.of(MenuTier.Tier.FRESH, accepted.get(), now.get()), last());
        assertEquals("FRESH", lastEvent().payload().path("tier").asText());
        assertEquals(false, lastEvent().payload().path("alarm").asBoolean(), "back to FRESH clears it");
        assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(EventEnvelope::sequence).toList());
    }

    @Test
    void aRestartTellsTheScreensAgainButReportsOnlyARealChange() {
        start();
        at(Duration.ofHours(30));
        assertEquals(2, events.size());
        watch.close();
        published.clear();

        start();
        assertEquals(MenuTier.Tier.STALE, last().tier(), "told again at start");
        assertEquals(2, events.size(), "no new alarm for the same tier");
        watch.close();

        now.set(T0.plus(Duration.ofHours(80))); // it expired while the appliance was down
        start();
        assertEquals(MenuTier.Tier.EXPIRED, last().tier());
        assertEquals("STALE", lastEvent().payload().path("previous").asText());
        assertEquals(3, events.size());
    }

    @Test
    void aSiteThatNeverAcceptedAManifestIsExpiredSinceItWasFirstFoundSo() {
        accepted.set(null);
        start();
        assertEquals(MenuTier.of(MenuTier.Tier.EXPIRED, T0, T0), last());
        assertEquals("no manifest accepted yet", lastEvent().payload().path("why").asText());
        watch.close();
        now.set(T0.plus(Duration.ofHours(5)));
        start();
        assertEquals(T0, last().since(), "the instant first found, kept across a restart");
    }

    @Test
    void anOverrideShowsTheFullMenuUntilItsEndSurvivesARestartAndEndsByItself() {
        start();
        at(Duration.ofHours(100));
        int before = events.size();

        TierView.Override o = watch.override(4, "relay unreachable, menu unchanged", "Ana Ruiz", "mgr-tablet");
        Instant until = now.get().plus(Duration.ofHours(4));
        assertEquals(until, o.until());
        assertEquals(MenuTier.overridden(T0.plus(Duration.ofHours(72)), until, "Ana Ruiz", now.get()), last());
        EventEnvelope audit = events.get(before);
        assertEquals("menu.override", audit.type());
        assertEquals("STARTED", audit.payload().path("action").asText());
        assertEquals("relay unreachable, menu unchanged", audit.payload().path("reason").asText());
        assertEquals("Ana Ruiz", audit.payload().path("manager").asText());
        assertEquals("mgr-tablet", audit.payload().path("account").asText());
        assertEquals(4, audit.payload().path("hours").asInt());
        assertEquals(o.id(), audit.payload().path("override_id").asLong());
        assertEquals("EXPIRED_OVERRIDDEN", lastEvent().payload().path("tier").asText());
        assertEquals(o, watch.view().override());

        watch.close();
        published.clear();
        now.set(now.get().plus(Duration.ofHours(1)));
        start();
        assertEquals(MenuTier.Tier.EXPIRED_OVERRIDDEN, last().tier(), "the override survives a restart");
        assertEquals(until, last().running().orElseThrow().until());
        int afterRestart = events.size();

        now.set(until.minusMillis(1));
        watch.check();
        assertEquals(MenuTier.Tier.EXPIRED_OVERRIDDEN, last().tier());
        now.set(until);
        watch.check();
        assertEquals(MenuTier.Tier.EXPIRED, last().tier(), "ends by itself at its end instant");
        assertEquals(afterRestart + 1, events.size());
        assertEquals("EXPIRED_OVERRIDDEN", lastEvent().payload().path("previous").asText());
        assertTrue(lastEvent().payload().path("alarm").asBoolean());
    }

    @Test
    void anOverrideEndedEarlyIsAuditedWithItsReason() {
        start();
        at(Duration.ofHours(100));
        TierView.Override o = watch.override(8, "relay unreachable", "Ana Ruiz", "mgr-tablet");
        TierView.Override ended = watch.endOverride("new menu arrives by USB", "Bo Chen", "mgr-tablet");
        assertEquals(now.get(), ended.endedAt());
        assertEquals("Bo Chen (account mgr-tablet)", ended.endedBy());
        assertEquals(MenuTier.Tier.EXPIRED, last().tier());
        EventEnvelope audit = events.get(events.size() - 2);
        assertEquals("menu.override", audit.type());
        assertEquals("ENDED", audit.payload().path("action").asText());
        assertEquals(o.id(), audit.payload().path("override_id").asLong());
        assertEquals("new menu arrives by USB", audit.payload().path("reason").asText());
        assertEquals("new menu arrives by USB", watch.view().overrides().get(0).endReason());
    }

    @Test
    void anOverrideTheTierDoesNotAllowIsRefusedAndChangesNothing() {
        start();
        at(Duration.ofHours(30));
        int told = published.size();
        int reported = events.size();
        OverrideRefused stale = assertThrows(OverrideRefused.class, () -> watch.override(4, "why", "Ana", "mgr"));
        assertEquals("site s-1: the menu is STALE (last manifest accepted 2027-03-01T11:00:00Z), not EXPIRED: there is"
                + " nothing to override", stale.getMessage());
        assertEquals("site s-1: no menu override is running", assertThrows(OverrideRefused.class,
                () -> watch.endOverride("why", "Ana", "mgr")).getMessage());

        at(Duration.ofHours(80));
        TierView.Override o = watch.override(2, "why", "Ana", "mgr");
        told = published.size();
        reported = events.size();
        OverrideRefused twice = assertThrows(OverrideRefused.class, () -> watch.override(4, "again", "Bo", "mgr"));
        assertEquals("site s-1: override " + o.id() + " by Ana runs until " + o.until()
                + "; end it first (DELETE /v1/menus/override)", twice.getMessage());
        assertEquals(told, published.size());
        assertEquals(reported, events.size());
        assertEquals(1, watch.view().overrides().size());
    }

    @Test
    void eventsTheOutboxCouldNotTakeAreHandedOverLaterAndAfterARestart() {
        outboxDown.set(true);
        start();
        at(Duration.ofHours(30));
        assertEquals(MenuTier.Tier.STALE, last().tier(), "the screens are told whatever the outbox does");
        assertEquals(0, events.size());
        watch.close();

        outboxDown.set(false);
        start();
        assertEquals(List.of("FRESH", "STALE"), events.stream().map(e -> e.payload().path("tier").asText()).toList());
        outboxDown.set(true);
        at(Duration.ofHours(80));
        outboxDown.set(false);
        watch.check();
        assertEquals(List.of("FRESH", "STALE", "EXPIRED"),
                events.stream().map(e -> e.payload().path("tier").asText()).toList());
    }
}
