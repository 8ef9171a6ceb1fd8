package dev.outpost.api.manifest;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.api.json.Json;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One POS catalog for the site: version {@code version} of {@code catalog}, applied at {@code effective_at}. The full
 * snapshot is the blob {@code blob_url} whose SHA-256 is {@code sha256}; each of {@code deltas} takes a site holding
 * {@code from_version} to this version with a smaller blob. A site holding none of them takes the snapshot.
 */
public record ManifestCatalog(String catalog, long version, String sha256, URI blobUrl, Instant effectiveAt,
                              @JacksonInject(value = Json.ABSENT_IS_EMPTY, useInput = OptBoolean.TRUE)
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Delta> deltas) {
    public ManifestCatalog {
        Fields.nonBlank("catalog", catalog);
        Fields.positive("version", version);
        Fields.sha256("sha256", sha256);
        Fields.present("blob_url", blobUrl);
        Fields.present("effective_at", effectiveAt);
        deltas = Fields.list("deltas", deltas);
        Set<Long> from = new HashSet<>();
        for (int i = 0; i < deltas.size(); i++) {
            long base = deltas.get(i).fromVersion();
            if (base >= version) {
                throw new InvalidFieldException("deltas[" + i + "].from_version", "must be below the version " + version
                        + ", was " + base);
            }
            if (!from.add(base)) {
                throw new InvalidFieldException("deltas[" + i + "].from_version", base + " is listed twice");
            }
        }
    }

    /** The delta that takes a site holding {@code held} to this version, if offered. */
    public Optional<Delta> deltaFrom(long held) {
        return deltas.stream().filter(d -> d.fromVersion() == held).findFirst();
    }

    /** A delta from {@code from_version} to the catalog's version: the blob {@code blob_url} hashing to {@code sha256}. */
    public record Delta(long fromVersion, String sha256, URI blobUrl) {
        public Delta {
            Fields.positive("from_version", fromVersion);
            Fields.sha256("sha256", sha256);
            Fields.present("blob_url", blobUrl);
        }
    }
}
