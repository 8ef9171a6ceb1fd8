package dev.outpost.site.presence;

import dev.outpost.api.config.ConfigReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The keys every device process reads (display agent, gate controller). Defaults and units are in the README's
 * configuration reference.
 *
 * @param siteId          site.id: the site this device belongs to
 * @param deviceId        device.id: this device's id, also its broker account name
 * @param brokerUrl       broker.url: the site broker, {@code tcp://host:port}
 * @param brokerPassword  broker.password: this device's broker password
 * @param httpHost        http.host: the address of the device's HTTP server
 * @param httpPort        http.port: its port (0 = any free port)
 * @param heartbeatPeriod heartbeat.period: how often the device reports to its appliance
 * @param dataDir         data.dir: the device's state directory
 */
public record DeviceSettings(String siteId, String deviceId, URI brokerUrl, String brokerPassword, String httpHost,
                             int httpPort, Duration heartbeatPeriod, Path dataDir) {

    @Override
    public String toString() {
        return "DeviceSettings[site=" + siteId + ", device=" + deviceId + ", broker=" + brokerUrl + ", http=" + httpHost
                + ":" + httpPort + ", heartbeat=" + heartbeatPeriod + ", data=" + dataDir + "]";
    }

    public static DeviceSettings read(ConfigReader in, int defaultHttpPort, Path defaultDataDir) {
        return new DeviceSettings(
                in.requiredId("site.id", "the site this device belongs to, e.g. store-0042"),
                in.requiredId("device.id", "this device's id, e.g. board-1"),
                in.requiredBrokerUrl("broker.url", "the site broker, e.g. tcp://192.168.1.10:1883"),
                in.requiredString("broker.password", "this device's broker password, as issued with its account"),
                in.string("http.host", "0.0.0.0"),
                in.port("http.port", defaultHttpPort),
                in.duration("heartbeat.period", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10)),
                in.path("data.dir", defaultDataDir));
    }
}
