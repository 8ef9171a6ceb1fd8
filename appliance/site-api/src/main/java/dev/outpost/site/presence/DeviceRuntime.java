package dev.outpost.site.presence;

import dev.outpost.api.runtime.Health;
import dev.outpost.site.health.HealthServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every device process runs whatever its job: its state directory, its {@link DeviceLink} to the site, and
 * its {@code /healthz} (and any read-only routes of its own). Display agents and gate controllers build their own
 * work on top.
 */
public final class DeviceRuntime implements AutoCloseable {
    private final String process;
    private final DeviceSettings device;
    private final String version;
    private final Instant startedAt;
    private DeviceLink link;
    private HealthServer http;

    private DeviceRuntime(String process, DeviceSettings device, String version, Instant startedAt) {
        this.process = process;
        this.device = device;
        this.version = version;
        this.startedAt = startedAt;
    }

    /**
     * @param process the process kind for {@code /healthz} (display, gate)
     * @param role    the role the device announces to its site (board, pos, gate, ...)
     */
    public static DeviceRuntime start(String process, String role, DeviceSettings device, String version,
                                      InstantSource clock) throws IOException {
        return start(process, role, device, version, clock, Map.of());
    }

    /**
     * @param routes the device's own {@code GET} JSON routes on its HTTP server besides {@code /healthz}, e.g. a gate's
     *               {@code /status}; see {@link HealthServer#start(String, int, Supplier, Map)}
     */
    public static DeviceRuntime start(String process, String role, DeviceSettings device, String version,
                                      InstantSource clock, Map<String, Supplier<?>> routes) throws IOException {
        return start(process, role, device, version, clock, routes, Map.of());
    }

    /** @param pages paths with their own handlers (an HTML page, an event stream); see {@link HealthServer} */
    public static DeviceRuntime start(String process, String role, DeviceSettings device, String version,
                                      InstantSource clock, Map<String, Supplier<?>> routes,
                                      Map<String, com.sun.net.httpserver.HttpHandler> pages) throws IOException {
        Files.createDirectories(device.dataDir());
        DeviceRuntime runtime = new DeviceRuntime(process, device, version, clock.instant());
        try {
            runtime.link = DeviceLink.open(new DeviceLink.Identity(device.siteId(), device.deviceId(), role, version),
                    device.brokerUrl(), device.brokerPassword().toCharArray(), device.heartbeatPeriod(), clock, runtime::state);
            runtime.http = HealthServer.start(device.httpHost(), device.httpPort(), runtime::health, routes, pages);
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /** RUNNING while linked to the site, CONNECTING while the site broker is out of reach. */
    public String state() {
        return link != null && link.isConnected() ? "RUNNING" : "CONNECTING";
    }

    public Health health() {
        return new Health(process, device.deviceId(), version, state(), startedAt);
    }

    public int httpPort() {
        return http.port();
    }

    public DeviceLink link() {
        return link;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (link != null) {
            link.close();
        }
    }
}
