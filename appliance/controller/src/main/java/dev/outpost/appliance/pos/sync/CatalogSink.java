package dev.outpost.appliance.pos.sync;

import dev.outpost.api.catalog.CatalogDocument;
import java.util.OptionalLong;

/**
 * Where {@link CatalogSync} hands the catalog versions the site's manifest names: the POS engine, which keeps the
 * catalog and applies each version in one transaction at its {@code effective_at}.
 */
public interface CatalogSink {
    /**
     * The version of {@code catalog} the site has applied; empty if none. (A version offered that waits for its
     * effective time is remembered by the sync, which fetches the next delta from it.)
     */
    OptionalLong heldVersion(String catalog);

    /**
     * A verified, parsed version: a snapshot, or a delta whose {@code base_version} is the version held or last offered.
     * It may come again after a restart; a version already held is to be ignored. Throws when it cannot be taken
     * (a delta that does not fit what is held, say): nothing of it is applied then, and the sync fetches the snapshot.
     */
    void offer(CatalogDocument document);
}
