package dev.outpost.appliance.pos.catalog;

import dev.outpost.api.catalog.CatalogDocument;
import java.util.OptionalLong;

/**
 * Where catalog sync hands the documents it fetched: {@link #heldVersion} says which delta to fetch (one from that
 * version) and {@link #offer} takes a snapshot or delta, applying it at its {@code effective_at}.
 */
public interface CatalogSink {
    /** What became of an offered document. */
    enum Offered {
        /** Applied now: its effective time had come. */
        APPLIED,
        /** Stored, applied at its effective time. */
        PENDING,
        /** That version is held or waiting already; nothing changed. */
        ALREADY_HELD
    }

    /** The version of {@code catalog} the site holds (applied), or empty when it holds none. */
    OptionalLong heldVersion(String catalog);

    /**
     * Takes a document: applies it in one transaction when its effective time has come, otherwise stores it to be
     * applied then (also after a restart).
     *
     * @throws dev.outpost.appliance.pos.PosException 409 naming the versions when a delta's base is not the held (or
     *                                                last pending) version, or the version is older than the held one;
     *                                                400 when the delta does not fit the held catalog. Nothing changed.
     */
    Offered offer(CatalogDocument document);
}
