package dev.outpost.api.client;

import dev.outpost.api.posstaff.SiteStaff;
import java.util.Optional;

/** A site's POS staff as fetched, with the ETag to send as {@code If-None-Match} next time. */
public record FetchedStaff(SiteStaff staff, Optional<String> etag) {
}
