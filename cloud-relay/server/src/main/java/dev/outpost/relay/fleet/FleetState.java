package dev.outpost.relay.fleet;

import dev.outpost.api.heartbeat.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The latest heartbeat of every site, as the relay received it. Freshness is computed against the relay's clock,
 * never the site's: a site with a wrong clock still shows its true age.
 */
public final class FleetState {
    private final InstantSource clock;
    private final Duration staleAfter;
    private final ConcurrentMap<String, Received> sites = new ConcurrentHashMap<>();

    public FleetState(InstantSource clock, Duration staleAfter) {
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    public void record(Heartbeat heartbeat) {
        sites.put(heartbeat.siteId(), new Received(heartbeat, clock.instant()));
    }

    public FleetFreshness freshness() {
        Instant now = clock.instant();
        List<SiteFreshness> rows = sites.values().stream()
                .sorted(Comparator.comparing(r -> r.heartbeat().siteId()))
                .map(r -> {
                    Duration age = Duration.between(r.receivedAt(), now);
                    Heartbeat hb = r.heartbeat();
                    return new SiteFreshness(hb.siteId(), r.receivedAt(), age.toSeconds(), age.compareTo(staleAfter) > 0,
                            hb.applianceVersion(), hb.sentAt(), hb.anomalies(), hb.cacheBytes(), hb.devices());
                })
                .toList();
        return new FleetFreshness(now, rows);
    }

    private record Received(Heartbeat heartbeat, Instant receivedAt) {
    }
}
