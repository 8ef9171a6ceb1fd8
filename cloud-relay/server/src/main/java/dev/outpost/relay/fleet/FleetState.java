package dev.outpost.relay.fleet;

import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.json.Json;
import dev.outpost.relay.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;

/**
 * The latest heartbeat of every site, as the relay received it, kept in the store (table {@code fleet_site}) so every
 * relay on one database shows the same fleet. Freshness is computed against the reading relay's clock, never the
 * site's: a site with a wrong clock still shows its true age.
 */
public final class FleetState {
    private final Store store;
    private final InstantSource clock;
    private final Duration staleAfter;

    public FleetState(Store store, InstantSource clock, Duration staleAfter) {
        this.store = store;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    /**
     * Records a heartbeat as received now. When two relays record heartbeats of one site at once, the later
     * reception wins, whichever commits last.
     */
    public void record(Heartbeat heartbeat) {
        Instant receivedAt = clock.instant();
        String json = Json.writeString(heartbeat);
        store.inTransaction("record heartbeat of site " + heartbeat.siteId(), tx -> tx.update(
                "INSERT INTO fleet_site (site_id, received_at, received_ms, heartbeat_json) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (site_id) DO UPDATE SET received_at = excluded.received_at,"
                        + " received_ms = excluded.received_ms, heartbeat_json = excluded.heartbeat_json"
                        + " WHERE excluded.received_ms >= fleet_site.received_ms",
                heartbeat.siteId(), receivedAt.toString(), receivedAt.toEpochMilli(), json));
    }

    public FleetFreshness freshness() {
        List<Received> received = store.inTransaction("read fleet freshness", tx -> tx.query(
                "SELECT received_at, heartbeat_json FROM fleet_site",
                r -> new Received(Instant.parse(r.getString(1)), r.getString(2))));
        Instant now = clock.instant();
        List<SiteFreshness> rows = received.stream()
                .map(r -> {
                    Heartbeat hb = Heartbeat.read(r.heartbeatJson().getBytes(StandardCharsets.UTF_8));
                    Duration age = Duration.between(r.receivedAt(), now);
                    return new SiteFreshness(hb.siteId(), r.receivedAt(), age.toSeconds(), age.compareTo(staleAfter) > 0,
                            hb.applianceVersion(), hb.sentAt(), hb.anomalies(), hb.cacheBytes(), hb.devices());
                })
                .sorted(Comparator.comparing(SiteFreshness::siteId))
                .toList();
        return new FleetFreshness(now, rows);
    }

    private record Received(Instant receivedAt, String heartbeatJson) {
    }
}
