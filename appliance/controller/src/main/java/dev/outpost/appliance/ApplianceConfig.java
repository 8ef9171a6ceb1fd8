package dev.outpost.appliance;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.config.ConfigReader;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.appliance.enroll.EnrollmentConfig;
import dev.outpost.appliance.flip.FlipConfig;
import dev.outpost.appliance.gates.GatesConfig;
import dev.outpost.appliance.menu.MenuConfig;
import dev.outpost.appliance.orders.OrdersConfig;
import dev.outpost.appliance.pos.PosConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The appliance's configuration, sealed once read. Every key, its default and unit is in the README's configuration reference.
 *
 * @param siteId             site.id: this site's id, as the relay knows it
 * @param httpHost           http.host: the LAN HTTP address
 * @param httpPort           http.port: the LAN HTTP port (0 = any free port)
 * @param brokerHost         broker.host: the address the embedded MQTT broker listens on
 * @param brokerPort         broker.port: its port
 * @param brokerMaxMessage   broker.max-message-bytes: the largest MQTT message accepted
 * @param brokerAccounts     broker.accounts: the file of device accounts (one {@code device-id role password-hash} per line)
 * @param relayUrl           relay.url: the relay's https URL (its https.port)
 * @param relayTimeout       relay.timeout: connect and request timeout towards the relay
 * @param heartbeatPeriod    heartbeat.period: how often the appliance reports to the relay
 * @param deviceStaleAfter   devices.stale-after: a device silent for this long is reported STALE
 * @param dataDir            data.dir: the appliance's state directory
 * @param log                log.format and log.level
 * @param enrollment         relay.enrollment-token: how this site gets its certificate
 * @param gates              gates.mall-id and the other gates.* keys: the gate hub, when this site has gates
 * @param menus              menu.root-key and the other menu.* keys: menu sync, on when the root key is set
 * @param flips              flip.* keys: the flip coordinator, on with menu sync
 * @param orders             orders.* keys: restaurant orders, kitchen stations and the lobby board, on with orders.enabled
 * @param pos                pos.enabled and the other pos.* keys: the store POS engine
 */
public record ApplianceConfig(String siteId, String httpHost, int httpPort, String brokerHost, int brokerPort,
                              int brokerMaxMessage, Path brokerAccounts, URI relayUrl, Duration relayTimeout,
                              Duration heartbeatPeriod, Duration deviceStaleAfter, Path dataDir, LogSettings log,
                              EnrollmentConfig enrollment, Optional<GatesConfig> gates,
                              MenuConfig menus, FlipConfig flips, OrdersConfig orders,
                              PosConfig pos) {

    public static ApplianceConfig from(ConfigFile file) {
        ConfigReader in = file.reader();
        String siteId = in.requiredId("site.id", "this site's id, e.g. store-0042");
        URI relayUrl = in.requiredHttpUrl("relay.url", "the relay's https URL, e.g. https://relay.example.com:8473");
        ApplianceConfig config = new ApplianceConfig(
                siteId,
                in.string("http.host", "0.0.0.0"),
                in.port("http.port", 8471),
                in.string("broker.host", "0.0.0.0"),
                in.port("broker.port", 1883),
                in.intIn("broker.max-message-bytes", 262_144, 1024, 16 * 1024 * 1024),
                in.path("broker.accounts", Path.of("/etc/outpost/devices.accounts")),
                relayUrl,
                in.duration("relay.timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5)),
                in.duration("heartbeat.period", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
                in.duration("devices.stale-after", Duration.ofSeconds(90), Duration.ofSeconds(1), Duration.ofDays(1)),
                in.path("data.dir", Path.of("/var/lib/outpost/appliance")),
                LogSettings.read(in),
                EnrollmentConfig.read(in, relayUrl),
                GatesConfig.read(in),
                MenuConfig.read(in),
                FlipConfig.read(in),
                OrdersConfig.read(in),
                PosConfig.read(in));
        in.finish();
        return config;
    }
}
