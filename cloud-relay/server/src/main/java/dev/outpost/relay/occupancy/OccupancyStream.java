package dev.outpost.relay.occupancy;

import dev.outpost.api.json.Json;
import dev.outpost.api.lease.MallState;
import dev.outpost.relay.http.HttpProblem;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Everything that waits for a mall to change, watched by one thread: staff's live occupancy as server-sent events,
 * and sites' long-polls of their mall's state.
 *
 * <p>The mall's version lives in the store, so a change made through another relay on the same database is seen
 * here too: every {@link #POLL} the thread reads the version of each mall someone waits on, once per mall however
 * many wait. A long-poll is answered as soon as the version passes the one it holds, else when its wait runs out;
 * it holds no request thread meanwhile (an async response completed from here). An event-stream client gets the
 * occupancy document (event {@code occupancy}) when it connects, when the version moves, and when the document
 * read again every {@link #REFRESH} differs: the gates' activity changes with new events and as the minute moves on,
 * without any ledger change. The same thread sweeps expired blocks every {@link #SWEEP} (every relay does; the
 * sweeps queue on the mall row).
 */
public final class OccupancyStream implements AutoCloseable {
    /** How often the version of a mall someone waits on is read. */
    public static final Duration POLL = Duration.ofMillis(250);
    /** How often an attached client's document is read again, even when the version did not move. */
    public static final Duration REFRESH = Duration.ofSeconds(1);
    /** How often expired blocks of every mall are reclaimed, watched or not. */
    public static final Duration SWEEP = Duration.ofSeconds(1);

    private final Ledger ledger;
    private final Map<SseClient, Watch> clients = new ConcurrentHashMap<>();
    private final Set<Wait> waits = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "occupancy-stream");
        thread.setDaemon(true);
        return thread;
    });
    private long polls; // poller thread only

    /** What an event-stream client was last sent; poller thread only. */
    private static final class Watch {
        final String mallId;
        long version = -1;
        String sent;

        Watch(String mallId) {
            this.mallId = mallId;
        }
    }

    /** A site's long-poll: answered once the mall's version is above {@code after}. */
    private record Wait(String mallId, long after, CompletableFuture<MallState> answer) {
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

    /**
     * The mall's state once its version is above {@code after}, or when {@code wait} runs out (then the state as it
     * is, read again). Completed on the stream's thread; a cancelled answer stops waiting.
     */
    CompletableFuture<MallState> await(String mallId, long after, Duration wait) {
        Wait w = new Wait(mallId, after, new CompletableFuture<>());
        waits.add(w);
        ScheduledFuture<?> timeout = poller.schedule(() -> {
            if (waits.remove(w)) {
                try {
                    w.answer().complete(ledger.mallState(mallId));
                } catch (RuntimeException e) {
                    w.answer().completeExceptionally(e);
                }
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        w.answer().whenComplete((state, failure) -> {
            waits.remove(w);
            timeout.cancel(false);
        });
        return w.answer();
    }

    private void poll() {
        boolean refresh = ++polls % (REFRESH.toMillis() / POLL.toMillis()) == 0;
        Map<String, MallState> states = new HashMap<>();
        Map<String, OccupancyView> views = new HashMap<>();
        Map<String, String> documents = new HashMap<>();
        for (Wait w : waits) {
            try {
                MallState state = states.computeIfAbsent(w.mallId(), ledger::mallState);
                if (state.version() > w.after() && waits.remove(w)) {
                    w.answer().complete(state);
                }
            } catch (RuntimeException e) {
                Logger.warn("mall state poll: mall {}: {}", w.mallId(), e.getMessage());
                waits.remove(w);
                w.answer().completeExceptionally(e);
            }
        }
        for (var entry : clients.entrySet()) {
            SseClient client = entry.getKey();
            Watch watch = entry.getValue();
            try {
                if (client.terminated()) {
                    clients.remove(client);
                    continue;
                }
                long version = states.computeIfAbsent(watch.mallId, ledger::mallState).version();
                if (version != watch.version || refresh) {
                    OccupancyView view = views.computeIfAbsent(watch.mallId, ledger::view);
                    String document = documents.computeIfAbsent(watch.mallId, m -> Json.writeString(view));
                    if (!document.equals(watch.sent)) {
                        client.sendEvent("occupancy", document);
                        watch.sent = document;
                    }
                    watch.version = view.version(); // a view that reclaimed expired blocks moved it
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
        for (Wait w : waits) {
            w.answer().completeExceptionally(new HttpProblem(HttpStatus.SERVICE_UNAVAILABLE,
                    "mall " + w.mallId() + ": the relay is shutting down; poll again"));
        }
    }
}
