package dev.outpost.api.manifest;

import dev.outpost.api.json.Fields;
import java.net.URI;
import java.time.Instant;

/**
 * One content version for the site: what screens showing {@code variant} in {@code locale} show from
 * {@code activate_at} on (until the next entry for the same variant and locale), the blob {@code blob_url} whose
 * SHA-256 must equal {@code sha256}. {@code version_id} ({@code main/v3}) is what a poison names.
 */
public record ManifestEntry(String variant, String versionId, String locale, String sha256, Instant activateAt,
                            URI blobUrl) {
    public ManifestEntry {
        Fields.nonBlank("variant", variant);
        Fields.nonBlank("version_id", versionId);
        Fields.nonBlank("locale", locale);
        Fields.sha256("sha256", sha256);
        Fields.present("activate_at", activateAt);
        Fields.present("blob_url", blobUrl);
    }

    /** What the entry is shown as: a variant in a locale. */
    public String slot() {
        return variant + "/" + locale;
    }
}
