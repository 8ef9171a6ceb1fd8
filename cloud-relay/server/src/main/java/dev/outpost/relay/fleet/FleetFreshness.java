package dev.outpost.relay.fleet;

import java.time.Instant;
import java.util.List;

/** The body of {@code GET /v1/fleet/freshness}. */
public record FleetFreshness(Instant serverTime, List<SiteFreshness> sites) {
}
