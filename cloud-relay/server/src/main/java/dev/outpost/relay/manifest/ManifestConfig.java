package dev.outpost.relay.manifest;

import dev.outpost.api.config.ConfigReader;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Signed manifests. Every key, its default and unit is in the README's configuration reference.
 *
 * @param keysDir      manifest.keys-dir: the publisher key and the root-signed keyring ({@code ./outpost admin
 *                     make-signing-keys} writes them)
 * @param ttl          manifest.ttl: how long a manifest is valid; a site that cannot renew it for this long freezes
 * @param reissueAfter manifest.reissue-after: an unchanged manifest is signed again (with a new sequence) once this old
 * @param nextPoll     manifest.next-poll: the poll interval the manifest suggests
 * @param horizon      manifest.horizon: how far ahead upcoming entries reach
 */
public record ManifestConfig(Path keysDir, Duration ttl, Duration reissueAfter, Duration nextPoll, Duration horizon) {

    public static ManifestConfig read(ConfigReader in, Path dataDir) {
        ManifestConfig config = new ManifestConfig(
                in.path("manifest.keys-dir", dataDir.resolve("manifest-keys")),
                in.duration("manifest.ttl", Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofDays(30)),
                in.duration("manifest.reissue-after", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(1)),
                in.duration("manifest.next-poll", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1)),
                in.duration("manifest.horizon", Duration.ofDays(7), Duration.ofHours(1), Duration.ofDays(90)));
        if (config.reissueAfter().compareTo(config.ttl()) >= 0) {
            in.problem("manifest.reissue-after (" + config.reissueAfter() + ") must be shorter than manifest.ttl ("
                    + config.ttl() + "), or sites would hold expired manifests");
        }
        return config;
    }
}
