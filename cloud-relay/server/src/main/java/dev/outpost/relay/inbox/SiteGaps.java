package dev.outpost.relay.inbox;

import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /v1/sites/{site}/events/gaps}.
 *
 * @param truncated more than {@link Inbox#MAX_GAPS} gaps exist; the lowest sequence numbers are listed
 */
public record SiteGaps(String siteId, Instant serverTime, List<StreamSummary> streams, List<StreamGap> gaps,
                       boolean truncated) {
}
