package dev.outpost.api.manifest;

import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.net.URI;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One content version for the site: the blob {@code blob_url} whose SHA-256 must equal
 * {@code sha256}, live from {@code activate_at} until {@code expires_at}.
 */
public record ManifestEntry(String versionId, String sha256, Instant activateAt, URI blobUrl, Instant expiresAt) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ManifestEntry {
        Fields.nonBlank("version_id", versionId);
        Fields.present("sha256", sha256);
        if (!SHA256.matcher(sha256).matches()) {
            throw new InvalidFieldException("sha256", "expected 64 lowercase hex characters, was \""
                    + (sha256.length() > 70 ? sha256.substring(0, 67) + "..." : sha256) + "\"");
        }
        Fields.present("activate_at", activateAt);
        Fields.present("blob_url", blobUrl);
        Fields.after("expires_at", expiresAt, "activate_at", activateAt);
    }
}
