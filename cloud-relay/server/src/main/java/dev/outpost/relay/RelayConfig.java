package dev.outpost.relay;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.config.ConfigReader;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.relay.manifest.ManifestConfig;
import dev.outpost.relay.pki.PkiConfig;
import dev.outpost.relay.staff.StaffConfig;
import dev.outpost.relay.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The relay's configuration, sealed once read. Every key, its default and unit is in the README's configuration reference.
 *
 * @param host       http.host: the address to listen on
 * @param port       http.port: the HTTP port (0 = any free port)
 * @param dataDir    data.dir: where the relay keeps its state
 * @param store      store.*: SQLite under data.dir, or PostgreSQL
 * @param staleAfter fleet.stale-after: a site with no heartbeat for this long is shown as stale
 * @param log        log.format and log.level
 * @param pki        https.* and pki.*: the HTTPS port and device identity
 * @param staff      staff.*: password hashing, session expiry, login lockout
 * @param grantMargin occupancy.grant-margin: how long past a block's ttl the relay waits before reclaiming it
 * @param manifest   manifest.*: signing keys and timing of the sites' signed manifests
 */
public record RelayConfig(String host, int port, Path dataDir, StoreConfig store, Duration staleAfter, LogSettings log,
                          PkiConfig pki, StaffConfig staff, Duration grantMargin,
                          ManifestConfig manifest) {

    public static RelayConfig from(ConfigFile file) {
        ConfigReader in = file.reader();
        Path dataDir = in.path("data.dir", Path.of("/var/lib/outpost/relay"));
        RelayConfig config = new RelayConfig(
                in.string("http.host", "0.0.0.0"),
                in.port("http.port", 8470),
                dataDir,
                StoreConfig.read(in, dataDir),
                in.duration("fleet.stale-after", Duration.ofSeconds(90), Duration.ofSeconds(1), Duration.ofDays(1)),
                LogSettings.read(in),
                PkiConfig.read(in),
                StaffConfig.read(in),
                in.duration("occupancy.grant-margin", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10)),
                ManifestConfig.read(in, dataDir));
        in.finish();
        return config;
    }

    /** The same configuration over another store (tests: a fresh database, or a second relay on a first one's). */
    public RelayConfig withStore(StoreConfig other) {
        return new RelayConfig(host, port, dataDir, other, staleAfter, log, pki, staff, grantMargin, manifest);
    }
}
