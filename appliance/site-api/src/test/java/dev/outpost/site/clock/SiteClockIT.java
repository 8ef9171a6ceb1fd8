package dev.outpost.site.clock;

import static dev.outpost.site.broker.TestSite.SITE;
import static dev.outpost.site.broker.TestSite.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.site.broker.TestSite;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class SiteClockIT {

    private TestSite site;

    @AfterEach
    void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void aDeviceWhoseClockRuns37SecondsAheadEstimatesMinus37Seconds() {
        site = TestSite.start();
        InstantSource applianceClock = InstantSource.system();
        InstantSource deviceClock = InstantSource.offset(applianceClock, Duration.ofSeconds(37));

        SiteMqttClient hub = site.connected("hub");
        ClockServer server = ClockServer.start(hub, SITE, applianceClock);
        await(server.ready());
        SiteMqttClient board = site.connected("board-1");
        SiteClock clock = SiteClock.start(board, SITE, "board-1", deviceClock, System::nanoTime, Duration.ofHours(1));
        ClockClient client = clock.client().orElseThrow();

        for (int i = 0; i < 8; i++) {
            ClockSample sample = await(client.sync());
            assertTrue(sample.roundTrip().compareTo(Duration.ofSeconds(1)) < 0, sample.toString());
        }

        assertTrue(clock.isSynced());
        assertEquals(8, clock.sampleCount());
        Duration error = clock.offset().minus(Duration.ofSeconds(-37)).abs();
        Duration bound = clock.roundTrip().orElseThrow().dividedBy(2).plusMillis(1);
        assertTrue(error.compareTo(bound) <= 0, "offset " + clock.offset() + ", error " + error + ", bound " + bound);
        Duration siteVsAppliance = Duration.between(applianceClock.instant(), clock.now()).abs();
        assertTrue(siteVsAppliance.compareTo(bound.plusMillis(50)) <= 0, "site time is appliance time: " + siteVsAppliance);
        // counted once the reply is written, which may be after the device read it
        until("the server counted its 8 answers", () -> server.answered() >= 8);
        clock.close();
    }

    @Test
    void aDeviceThatJustStartedTakesABurstOfSamplesBeforeItsFirstInterval() {
        serveClock();
        SiteMqttClient board = site.connected("board-1");

        SiteClock clock = SiteClock.start(board, SITE, "board-1", InstantSource.system(), System::nanoTime,
                Duration.ofHours(1));

        // no sync() here and an hour's interval: only the start-up burst can bring these samples
        until("the start-up burst of " + ClockClient.BURST + " samples", () -> clock.sampleCount() >= ClockClient.BURST);
        assertTrue(clock.isSynced());
        clock.close();
    }

    @Test
    void aClockStartedBeforeItsDeviceIsConnectedTakesItsBurstOnceConnected() {
        site = TestSite.notStarted();
        SiteMqttClient board = site.client(site.config("board-1", "board-1", "board-1-pw", Optional.empty()));
        SiteClock clock = SiteClock.start(board, SITE, "board-1", InstantSource.system(), System::nanoTime,
                Duration.ofHours(1));

        site.startBroker();
        ClockServer server = ClockServer.start(site.connected("hub"), SITE, InstantSource.system());
        await(server.ready());

        // requests sent before the server listened are lost; the burst goes on past them
        until("the start-up burst once connected", () -> clock.sampleCount() >= ClockClient.BURST);
        assertTrue(clock.isSynced());
        clock.close();
    }

    @Test
    void requestsOfTheBurstLeftUnansweredDoNotCountTowardsIt() {
        site = TestSite.start();
        AtomicLong unanswered = new AtomicLong();
        await(site.connectedAs("hub.watch", "hub").subscribe(Topics.clockRequest(SITE, "board-1"), 0,
                (topic, payload) -> unanswered.incrementAndGet()));
        SiteMqttClient board = site.connected("board-1");

        SiteClock clock = SiteClock.start(board, SITE, "board-1", InstantSource.system(), System::nanoTime,
                Duration.ofHours(1));
        until("two requests of the burst sent before the clock server listens", () -> unanswered.get() >= 2);
        ClockServer server = ClockServer.start(site.connected("hub"), SITE, InstantSource.system());
        await(server.ready());

        until("the start-up burst of " + ClockClient.BURST + " answered samples",
                () -> clock.sampleCount() >= ClockClient.BURST);
        assertTrue(clock.isSynced());
        clock.close();
    }

    @Test
    void theStartUpBurstGoesOnWhileTheRoundTripIsPoor() {
        ClockServer server = serveClock();
        SiteMqttClient board = site.connected("board-1");
        // every reading of this ticker is 30 ms after the last: each exchange seems to take at least that long
        AtomicLong ticker = new AtomicLong();
        LongSupplier slow = () -> ticker.addAndGet(Duration.ofMillis(30).toNanos());

        SiteClock clock = SiteClock.start(board, SITE, "board-1", InstantSource.system(), slow, Duration.ofHours(1));

        until("a burst of " + ClockClient.BURST_MAX + " while no round trip is under " + ClockClient.GOOD_ROUND_TRIP,
                () -> server.answered() >= ClockClient.BURST_MAX);
        assertTrue(clock.roundTrip().orElseThrow().compareTo(ClockClient.GOOD_ROUND_TRIP) > 0, clock.toString());
        clock.close();
    }

    @Test
    void requestsWhosePayloadNamesAnotherDeviceAreNotAnswered() {
        ClockServer server = serveClock();
        SiteMqttClient board = site.connected("board-1");
        String forged = "{\"device_id\":\"gate-1\",\"request_id\":\"x\",\"t1\":\"2027-01-01T00:00:00Z\"}";
        await(board.publish(Topics.clockRequest(SITE, "board-1"), forged.getBytes(StandardCharsets.UTF_8), 1, false));

        SiteClock clock = SiteClock.start(board, SITE, "board-1", InstantSource.system(), System::nanoTime,
                Duration.ofHours(1));
        await(clock.client().orElseThrow().sync());
        assertEquals(1, server.rejected(), "the forged request arrived first and was dropped");
        until("the server counted its answer", () -> server.answered() >= 1);
        clock.close();
    }

    /** Starts the site and the appliance's clock server on it. */
    private ClockServer serveClock() {
        site = TestSite.start();
        ClockServer server = ClockServer.start(site.connected("hub"), SITE, InstantSource.system());
        await(server.ready());
        return server;
    }

    /** Waits for what no event announces (samples recorded), polling, with a deadline. */
    private static void until(String what, BooleanSupplier condition) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            while (!condition.getAsBoolean()) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }, what);
    }
}
