package dev.outpost.appliance.uplink;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.heartbeat.HeartbeatReply;
import dev.outpost.api.heartbeat.OutboxBacklog;
import dev.outpost.appliance.presence.DeviceRegistry;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Reports this site and its devices to the relay, through a client that exists once the site is enrolled (the
 * supplier enrolls first if need be, and throws a {@link RelayException} saying why when it cannot). A failed heartbeat is logged once when the relay becomes
 * unreachable and once when it comes back, not on every attempt: an outage of days must not fill the disk.
 */
public final class HeartbeatUplink {
    private final String siteId;
    private final String version;
    private final InstantSource clock;
    private final Supplier<RelayClient> relay;
    private final DeviceRegistry devices;
    private final Runnable pullNow;
    private final Supplier<Optional<OutboxBacklog>> outbox;
    private final AtomicReference<Instant> lastAccepted = new AtomicReference<>();
    private volatile String lastError;

    /**
     * @param pullNow run when a reply says {@code pull_now}, and when the relay is reachable again after an outage
     *                (whatever changed meanwhile is worth fetching now, not at the next poll)
     * @param outbox  the site's outbox backlog, reported in every heartbeat; empty while the site has no outbox
     */
    public HeartbeatUplink(String siteId, String version, InstantSource clock, Supplier<RelayClient> relay,
                           DeviceRegistry devices, Runnable pullNow, Supplier<Optional<OutboxBacklog>> outbox) {
        this.siteId = siteId;
        this.version = version;
        this.clock = clock;
        this.relay = relay;
        this.devices = devices;
        this.pullNow = pullNow;
        this.outbox = outbox;
    }

    /** Sends one heartbeat now; never throws. */
    public void send() {
        Heartbeat heartbeat = new Heartbeat(siteId, clock.instant(), version, devices.snapshot(), List.of(), 0L,
                outbox.get().orElse(null));
        try {
            HeartbeatReply reply = relay.get().heartbeat(siteId, heartbeat);
            lastAccepted.set(clock.instant());
            boolean back = lastError != null;
            if (back) {
                Logger.info("site {}: relay reachable again (server time {})", siteId, reply.serverTime());
                lastError = null;
            }
            if (reply.pullNow() || back) {
                pullNow.run();
            }
        } catch (RelayException e) {
            if (lastError == null) {
                Logger.warn("site {}: heartbeat not delivered, will keep trying: {}", siteId, e.getMessage());
            }
            lastError = e.getMessage();
        } catch (RuntimeException e) {
            Logger.error(e, "site {}: heartbeat failed unexpectedly", siteId);
            lastError = String.valueOf(e.getMessage());
        }
    }

    /** When the relay last accepted a heartbeat from this site. */
    public Optional<Instant> lastAccepted() {
        return Optional.ofNullable(lastAccepted.get());
    }

    /** Why the last heartbeat failed, while the relay is unreachable. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }
}
