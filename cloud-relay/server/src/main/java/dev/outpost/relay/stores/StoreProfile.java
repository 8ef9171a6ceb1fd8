package dev.outpost.relay.stores;

import dev.outpost.relay.http.HttpProblem;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A store as menus and plans target it: the {@code region} and {@code country} (ISO 3166-1 alpha-2) whose layers
 * apply to it, the IANA {@code zone} its store-local times are in, and {@code tags} a plan may target.
 */
public record StoreProfile(String siteId, String region, String country, String zone, List<String> tags) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,31}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public StoreProfile {
        check(ID.matcher(siteId).matches(), "site", "must be lowercase letters, digits and '-' (up to 64)", siteId);
        check(!siteId.equals("overview"), "site", "must not be 'overview' (GET /v1/stores/overview is every store's"
                + " overview)", siteId);
        check(REGION.matcher(region).matches(), "region", "must be letters, digits and '-' (up to 32)", region);
        check(COUNTRY.matcher(country).matches(), "country", "must be an ISO 3166-1 alpha-2 code such as FR", country);
        check(ZoneId.getAvailableZoneIds().contains(zone), "zone", "must be an IANA time zone such as Europe/Paris",
                zone);
        tags = tags.stream().sorted().distinct().toList();
        for (String tag : tags) {
            check(ID.matcher(tag).matches(), "tags", "each must be lowercase letters, digits and '-' (up to 64)", tag);
        }
    }

    private static void check(boolean ok, String field, String rule, String value) {
        if (!ok) {
            throw HttpProblem.badRequest("store." + field + ": " + rule + ", was '" + value + "'");
        }
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }
}
