package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import dev.outpost.api.sign.SignedDocument;
import java.time.Instant;
import java.util.UUID;

/**
 * Appliance → device, retained on {@code Topics.flipPrepare(site, device)}: get ready to show version
 * {@code version_id} (blob {@code sha256}) of {@code variant} in {@code locale} at {@code activate_at}, in site time.
 * The signed manifest travels along so the device verifies it itself (signature chain, site, sequence, expiry) and
 * checks that it lists this entry; the appliance is not trusted with content. The device fetches the blob from the
 * appliance's LAN HTTP ({@code GET /blobs/sha256/{sha256}}), stages it and answers with a {@link FlipAnswer}.
 * Retained, so a device that reconnects learns the last flip meant for it at once.
 */
@Document("flip_prepare")
public record FlipPrepare(UUID flipId, String variant, String locale, String versionId, String sha256,
                          Instant activateAt, SignedDocument manifest) {

    public FlipPrepare {
        Check.present("flip_id", flipId);
        Check.text("variant", variant);
        Check.text("locale", locale);
        Check.text("version_id", versionId);
        Check.sha256("sha256", sha256);
        Check.present("activate_at", activateAt);
        Check.present("manifest", manifest);
    }

    /** What the flip shows: a variant in a locale, as {@code ManifestEntry.slot()} spells it. */
    public String slot() {
        return variant + "/" + locale;
    }
}
