package dev.outpost.appliance.menu;

import dev.outpost.api.manifest.Manifest;
import dev.outpost.api.sign.SignedDocument;
import java.util.Set;

/**
 * The manifest accepted last, as signed (devices verify it themselves) and as read, with the blobs that may be served
 * on the LAN now (held, hashing to their name, not poisoned).
 */
public record HeldManifest(SignedDocument document, Manifest manifest, Set<String> servable) {
    public HeldManifest {
        servable = Set.copyOf(servable);
    }
}
