package dev.outpost.api.event;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Instant;

/**
 * The payload of {@code menu.downloaded}: the site holds the blob of an upcoming version, fetched and checked against
 * its sha256, so it can flip to it at {@code activate_at} without the WAN.
 */
@Document("menu.downloaded")
public record MenuDownloaded(String variant, String locale, String versionId, String sha256, Instant activateAt) {
    public MenuDownloaded {
        Fields.nonBlank("variant", variant);
        Fields.nonBlank("locale", locale);
        Fields.nonBlank("version_id", versionId);
        Fields.sha256("sha256", sha256);
        Fields.present("activate_at", activateAt);
    }
}
