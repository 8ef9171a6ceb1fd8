package dev.outpost.relay.occupancy;

import dev.outpost.api.json.Json;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Live occupancy as server-sent events: each client gets the occupancy document (event {@code occupancy}) when it
 * connects and again whenever the mall's version moves. The version lives in the store, so a change made through
 * another relay on the same database reaches this relay's clients too: one thread polls it for every watched mall.
 * The same thread sweeps expired blocks every {@link #SWEEP} (every relay does; the sweeps queue on the mall row).
 */
public final class OccupancyStream implements AutoCloseable {
    /** How often a watched mall's version is read. */
    public static final Duration POLL = Duration.ofMillis(250);
    /** How often expired blocks of every mall are reclaimed, watched or not. */
    public static final Duration SWEEP = Duration.ofSeconds(1);

    private final Ledger ledger;
    private final Map<SseClient, Watch> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "occupancy-stream");
        thread.setDaemon(true);
        return thread;
    });

    private static final class Watch {
        final String mallId;
        long sent = -1;

        Watch(String mallId) {
            this.mallId = mallId;
        }
    }

    public OccupancyStream(Ledger ledger) {
        this.ledger = ledger;
        poller.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    void attach(SseClient client) {
        client.keepAlive();
        Watch watch = new Watch(client.ctx().pathParam("id"));
        client.onClose(() -> clients.remove(client));
        clients.put(client, watch);
        poller.execute(this::poll);
    }

    private void poll() {
        Map<String, Long> versions = new HashMap<>();
        for (var entry : clients.entrySet()) {
            SseClient client = entry.getKey();
            Watch watch = entry.getValue();
            try {
                if (client.terminated()) {
                    clients.remove(client);
                    continue;
                }
                long version = versions.computeIfAbsent(watch.mallId, ledger::version);
                if (version != watch.sent) {
                    OccupancyView view = ledger.view(watch.mallId);
                    versions.put(watch.mallId, view.version()); // a view that reclaimed expired blocks moved it
                    client.sendEvent("occupancy", Json.writeString(view));
                    watch.sent = view.version();
                }
            } catch (RuntimeException e) {
                Logger.warn("occupancy stream: mall {}: {}", watch.mallId, e.getMessage());
                clients.remove(client);
                client.close();
            }
        }
    }

    private void sweep() {
        try {
            ledger.sweep();
        } catch (RuntimeException e) {
            Logger.warn("occupancy sweep: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            // let a running sweep or poll finish before the store closes under it
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clients.keySet().forEach(SseClient::close);
        clients.clear();
    }
}
