package dev.outpost.relay.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.json.Json;
import dev.outpost.api.lease.MallState;
import dev.outpost.relay.staff.Role;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import dev.outpost.relay.testing.TestSite;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/sites/{site}/mall}, the long-poll that brings a capacity cut or an EVACUATE to a site's gates: held
 * until the mall's version moves (on any relay) or the wait runs out, without holding a request thread.
 */
@Tag("integration")
class MallStateIT {
    static final String MALL = "mall-1";
    /** How fast a change must reach a held poll. */
    static final Duration PROMPTLY = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    @TempDir
    Path otherDir;
    RelayHarness relay;
    StaffClient officer;
    RelayClient site;
    final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws Exception {
        relay = RelayHarness.start(dir);
        HttpResponse<String> created = StaffClient.admin(relay).send("POST", "/v1/malls",
                "{\"id\":\"" + MALL + "\",\"capacity\":10,\"sites\":[\"s-1\"],\"reason\":\"opening day\"}");
        assertEquals(201, created.statusCode(), created.body());
        officer = StaffClient.as(relay, "sam", Role.SAFETY_OFFICER);
        site = relay.client("s-1");
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        site.close();
        relay.close();
    }

    CompletableFuture<MallState> poll(RelayClient client, long after) {
        return CompletableFuture.supplyAsync(() -> client.mallState("s-1", after, Duration.ofSeconds(20)), threads);
    }

    /** The poll is held: no answer for a while, since nothing changed. */
    static void assertHeld(CompletableFuture<MallState> poll) {
        assertThrows(TimeoutException.class, () -> poll.get(300, TimeUnit.MILLISECONDS), "answered though nothing changed");
    }

    void staff(String path, String body) throws Exception {
        HttpResponse<String> response = officer.send("POST", "/v1/malls/" + MALL + path, body);
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void anEvacuateReachesAHeldPollWithinASecond() throws Exception {
        MallState before = site.mallState("s-1", 0, Duration.ZERO);
        assertEquals(List.of(MALL, 10L, "NORMAL", "KNOWN"), List.of(before.mallId(), before.capacity(), before.mode(), before.state()));
        CompletableFuture<MallState> poll = poll(site, before.version());
        assertHeld(poll);
        staff("/mode", "{\"mode\":\"EVACUATE\",\"reason\":\"smoke in the food court\"}");
        MallState after = poll.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("EVACUATE", after.mode());
        assertTrue(after.version() > before.version(), after + " after " + before);
    }

    @Test
    void aCapacityCutReachesAHeldPollWithinASecond() throws Exception {
        long version = site.mallState("s-1", 0, Duration.ZERO).version();
        CompletableFuture<MallState> poll = poll(site, version);
        assertHeld(poll);
        staff("/capacity", "{\"capacity\":7,\"reason\":\"fire marshal: east wing closed\"}");
        MallState after = poll.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(List.of(7L, "NORMAL"), List.of(after.capacity(), after.mode()));
    }

    @Test
    void aPollWithTheCurrentVersionAnswersTheSameStateWhenItsWaitRunsOut() {
        MallState now = site.mallState("s-1", 0, Duration.ZERO);
        long started = System.nanoTime();
        // the wait is longer than the client's 1 s request timeout: the client must allow for it
        MallState same = site.mallState("s-1", now.version(), Duration.ofMillis(1500));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(List.of(now.mallId(), now.capacity(), now.mode(), now.state(), now.version()),
                List.of(same.mallId(), same.capacity(), same.mode(), same.state(), same.version()));
        assertTrue(waited >= 1400, "answered after " + waited + " ms, before its wait ran out");
    }

    @Test
    void aPollBehindTheCurrentVersionIsAnsweredAtOnce() {
        long version = site.mallState("s-1", 0, Duration.ZERO).version();
        long started = System.nanoTime();
        assertEquals(version, site.mallState("s-1", version - 1, Duration.ofSeconds(20)).version());
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(1).toNanos(), "a poll behind the version was held");
    }

    @Test
    void aChangeThroughAnotherRelayReachesAPollHeldOnThisOne() throws Exception {
        try (RelayHarness other = RelayHarness.start(otherDir, relay.store(), Map.of(), InstantSource.system())) {
            long version = site.mallState("s-1", 0, Duration.ZERO).version();
            CompletableFuture<MallState> poll = poll(site, version);
            assertHeld(poll);
            HttpResponse<String> evacuate = StaffClient.login(other, "sam", StaffClient.PASSWORD).send("POST",
                    "/v1/malls/" + MALL + "/mode", "{\"mode\":\"EVACUATE\",\"reason\":\"drill\"}");
            assertEquals(200, evacuate.statusCode(), evacuate.body());
            assertEquals("EVACUATE", poll.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS).mode());
        }
    }

    @Test
    void heldPollsDoNotTakeTheRequestThreads() throws Exception {
        // more than Jetty's 250 request threads: were each poll holding one, the staff read below would starve
        int sites = 300;
        long version = site.mallState("s-1", 0, Duration.ZERO).version();
        List<CompletableFuture<MallState>> polls = new ArrayList<>();
        for (int i = 0; i < sites; i++) {
            polls.add(poll(site, version));
        }
        assertHeld(polls.get(sites - 1));
        long started = System.nanoTime();
        HttpResponse<String> read = officer.get("/v1/malls/" + MALL + "/occupancy");
        assertEquals(200, read.statusCode(), read.body());
        // a held poll waits 20 s: a read that had to wait for a thread would take about that long
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos(), "a staff read waited behind the polls");
        staff("/mode", "{\"mode\":\"LOCKDOWN\",\"reason\":\"police\"}");
        for (CompletableFuture<MallState> poll : polls) {
            assertEquals("LOCKDOWN", poll.get(10, TimeUnit.SECONDS).mode());
        }
    }

    @Test
    void aSiteBoundToNoMallOrABadQueryIsRefusedSayingWhy() throws Exception {
        try (RelayClient unbound = relay.client("s-9")) {
            RelayException e = assertThrows(RelayException.class, () -> unbound.mallState("s-9", 0, Duration.ZERO));
            assertEquals(404, e.status().orElseThrow());
            assertTrue(e.getMessage().endsWith("404 site s-9: not bound to any mall; an admin binds it (POST /v1/malls/{id}/sites)"),
                    e.getMessage());
        }
        Map<String, String> cases = Map.of(
                "?after=x", "mall query: after must be a whole number, was 'x'",
                "?after=-1", "mall query: after must be a version the relay sent, 0 or more, was -1",
                "?wait_ms=-5", "mall query: wait_ms must be 0 or more milliseconds, was -5",
                "?wait=5", "mall query: unknown parameter 'wait' (known: after, wait_ms)");
        for (var c : cases.entrySet()) {
            HttpResponse<String> response = relay.send("GET", "/v1/sites/s-1/mall" + c.getKey(), null);
            assertEquals(400, response.statusCode(), response.body());
            assertEquals(c.getValue(), Json.tree(response.body()).path("error").asText());
        }
        assertEquals(403, relay.sendPlain("GET", "/v1/sites/s-1/mall", null).statusCode(), "mutual TLS only");
    }
}
