package dev.outpost.api.client;

import dev.outpost.api.sign.SignedDocument;
import java.util.Optional;

/**
 * A signed manifest as fetched, not yet verified (see {@code ManifestVerifier}), with the ETag to
 * send as {@code If-None-Match} next time.
 */
public record FetchedManifest(SignedDocument document, Optional<String> etag) {
}
