package dev.outpost.relay.occupancy;

import java.util.List;

/** One registered mall as {@code GET /v1/malls} lists it (the live numbers are in {@link OccupancyView}). */
public record MallSummary(String id, long capacity, Mode mode, String state, List<String> sites) {
}
