package dev.outpost.api.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaseTest {
    static final UUID KEY = UUID.fromString("0190f1e2-3c4d-7e5f-8a6b-7c8d9e0f1a2b");
    static final UUID LEASE = UUID.fromString("0190f1e2-3c4d-7e5f-8a6b-7c8d9e0f1a2c");

    static String error(String json, Class<?> type) {
        return assertThrows(ContractException.class, () -> Json.read(json, type)).getMessage();
    }

    @Test
    void everyMessageRoundTrips() {
        for (Object message : List.of(
                new LeaseAcquire(KEY, "m-1", "site-7", 20, Duration.ofSeconds(60), 0),
                new LeaseGrant(KEY, LEASE, "m-1", "site-7", 15, 0, Duration.ofSeconds(60)),
                new LeaseRenew(KEY, LEASE, "m-1", "site-7", 10, Duration.ofSeconds(60), 4, 1, 2, 1),
                new LeaseSettled(KEY, LEASE, "m-1", "site-7", "CLOSED", 0, -3),
                new LeaseRelease(KEY, LEASE, "m-1", "site-7", 5, 0, 0, 0),
                new LeaseReconcile(KEY, LEASE, "m-1", "site-7", 9, 2, 1, 2),
                new MallState("m-1", 1200, "FIRE", "UNKNOWN", 3, 7, Instant.parse("2026-11-21T06:00:00Z")))) {
            assertEquals(message, Json.read(Json.write(message), message.getClass()));
        }
        assertEquals("{\"idempotency_key\":\"" + KEY + "\",\"mall_id\":\"m-1\",\"holder_id\":\"site-7\",\"tokens\":20,\"ttl\":\"PT1M\","
                + "\"recounts\":0}",
                Json.writeString(new LeaseAcquire(KEY, "m-1", "site-7", 20, Duration.ofSeconds(60), 0)));
    }

    @Test
    void acquireIsStrict() {
        String json = Json.writeString(new LeaseAcquire(KEY, "m-1", "site-7", 20, Duration.ofSeconds(60), 0));
        assertEquals("lease_acquire: missing field 'idempotency_key'",
                error(json.replace("\"idempotency_key\":\"" + KEY + "\",", ""), LeaseAcquire.class));
        assertEquals("lease_acquire: unknown field 'priority'",
                error(json.replace("\"ttl\"", "\"priority\":1,\"ttl\""), LeaseAcquire.class));
        assertEquals("lease_acquire.tokens: expected an integer, was \"20\"",
                error(json.replace("20", "\"20\""), LeaseAcquire.class));
        assertEquals("lease_acquire.tokens: must be greater than 0, was 0", error(json.replace("20", "0"), LeaseAcquire.class));
        assertEquals("lease_acquire.ttl: must be a positive duration, was PT-1M",
                error(json.replace("PT1M", "PT-1M"), LeaseAcquire.class));
        assertEquals("lease_acquire.mall_id: must not be blank, was \"\"", error(json.replace("m-1", ""), LeaseAcquire.class));
    }

    @Test
    void reconcileCountsAreChecked() {
        String json = Json.writeString(new LeaseReconcile(KEY, LEASE, "m-1", "site-7", 9, 2, 1, 2));
        assertEquals("lease_reconcile.used: must not be negative, was -9",
                error(json.replace("\"used\":9", "\"used\":-9"), LeaseReconcile.class));
        assertEquals("lease_reconcile: missing field 'exited'", error(json.replace(",\"exited\":2", ""), LeaseReconcile.class));
        assertEquals("lease_reconcile.lease_id: expected a UUID, was \"l-1\"",
                error(json.replace(LEASE.toString(), "l-1"), LeaseReconcile.class));
        assertEquals("lease_release.exited: must not be negative, was -1",
                error(Json.writeString(new LeaseRelease(KEY, LEASE, "m-1", "site-7", 5, 3, 0, 0)).replace("\"exited\":3",
                        "\"exited\":-1"), LeaseRelease.class));
        assertEquals("lease_release.pre_exited: must be between 0 and exited (3), was 4",
                error(Json.writeString(new LeaseRelease(KEY, LEASE, "m-1", "site-7", 5, 3, 0, 0)).replace("\"pre_exited\":0",
                        "\"pre_exited\":4"), LeaseRelease.class));
        assertEquals("lease_renew.recounts: must not be negative, was -1",
                error(Json.writeString(new LeaseRenew(KEY, LEASE, "m-1", "site-7", 1, Duration.ofSeconds(1), 0, 0, 0, 0))
                        .replace("\"recounts\":0", "\"recounts\":-1"), LeaseRenew.class));
        assertEquals("lease_grant.ttl: must be a positive duration, was PT0S",
                error(Json.writeString(new LeaseGrant(KEY, LEASE, "m-1", "site-7", 3, 0, Duration.ofSeconds(1)))
                        .replace("PT1S", "PT0S"), LeaseGrant.class));
    }

    @Test
    void mallStateIsStrict() {
        String json = Json.writeString(new MallState("m-1", 1200, "NORMAL", "KNOWN", 3, 7, Instant.parse("2026-11-21T06:00:00Z")));
        assertEquals("{\"mall_id\":\"m-1\",\"capacity\":1200,\"mode\":\"NORMAL\",\"state\":\"KNOWN\",\"recounts\":3,\"version\":7,"
                + "\"server_time\":\"2026-11-21T06:00:00Z\"}", json);
        assertEquals("mall_state.mode: must be one of NORMAL, EVACUATE, LOCKDOWN, FIRE, was \"normal\"",
                error(json.replace("NORMAL", "normal"), MallState.class));
        assertEquals("mall_state.state: must be one of KNOWN, UNKNOWN, was \"\"", error(json.replace("KNOWN", ""), MallState.class));
        assertEquals("mall_state.version: must be greater than 0, was 0", error(json.replace("\"version\":7", "\"version\":0"),
                MallState.class));
        assertEquals("mall_state.capacity: must not be negative, was -1", error(json.replace("1200", "-1"), MallState.class));
        assertEquals("mall_state: missing field 'server_time'",
                error(json.replace(",\"server_time\":\"2026-11-21T06:00:00Z\"", ""), MallState.class));
        assertEquals("mall_state: unknown field 'count'", error(json.replace("\"version\"", "\"count\":3,\"version\""),
                MallState.class));
    }
}
