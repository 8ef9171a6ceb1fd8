package dev.outpost.appliance.pos.sync;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /v1/catalog-sync} answers: per catalog the manifest names, the version offered there, the version the
 * POS holds, what was last handed over (and from which blob), and the last error with the next attempt.
 */
public record CatalogSyncView(String siteId, Long manifestSequence, List<Catalog> catalogs) {
    public CatalogSyncView {
        catalogs = List.copyOf(catalogs);
    }

    /**
     * @param state     {@code HELD} (the POS holds the offered version), {@code HANDED} (handed over, to apply at its
     *                  effective time), {@code FETCHING}, or {@code FAILED} (see {@code lastError}; tried again at
     *                  {@code retryAt})
     * @param handedVia {@code snapshot} or {@code delta from v<N>}
     */
    public record Catalog(String catalog, long offeredVersion, Instant effectiveAt, Long heldVersion, String state,
                          Long handedVersion, String handedVia, Instant handedAt, String lastError, Instant lastErrorAt,
                          Instant retryAt) {
    }
}
