package dev.outpost.appliance.gates;

import dev.outpost.api.client.RelayException;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseSettled;
import dev.outpost.appliance.outbox.Outbox;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Topics;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Runs the site's {@link GateHub}: {@code HubService.start(...)}, {@link #view()}, {@link #close()}.
 *
 * <p>Design: the hub is a single-threaded state machine, so one thread (the loop) owns it and every input is a task
 * posted onto that thread, stamped with the monotonic clock when it runs: the gates' lease asks (from MQTT), a
 * {@link #TICK}, the relay's answers, the mall state from the long-poll ({@link MallPoller}) and fires seen in the
 * journals ({@link GateJournals}). Nothing the loop does blocks: a relay request runs on a worker thread and its
 * outcome comes back as a task; MQTT publishing runs on {@link LanOut}'s thread.
 *
 * <p>The hub has one relay request in flight and gives up on it after its relay timeout (then it may send it again).
 * An outcome is passed to the hub only for the request it still waits for: one that comes back after the hub gave
 * up is dropped, since the hub has already been told it failed (the relay de-duplicates the resend by its key).
 */
public final class HubService implements AutoCloseable {
    /** How often the hub looks at its clocks. */
    public static final Duration TICK = Duration.ofMillis(100);
    /**
     * The longest refusal reason passed to the hub, for its log and view; a gate's grant quotes it cut to the 128
     * characters a grant's reason holds.
     */
    static final int MAX_REFUSAL = 200;
    /**
     * Threads for relay requests. The hub waits for one at a time, but a request it gave up on may still hang on the
     * network (the relay client's own timeout is longer) while the hub sends the next: a few may overlap (the relay
     * de-duplicates a resend by its key), never an unbounded queue of them.
     */
    static final int RELAY_WORKERS = 4;

    /** One input of the hub, applied on the loop at monotonic time {@code now}. */
    @FunctionalInterface
    private interface Input {
        void apply(GateHub hub, long now);
    }

    private final String siteId;
    private final GatesConfig config;
    private final SiteMqttClient mqtt;
    private final HubRelay relay;
    private final Outbox outbox;
    private final LongSupplier ticker;
    private final ScheduledExecutorService loop;
    private final ExecutorService relayWorkers;
    private final LanOut lan;
    private final GateHub hub;
    private final MallPoller poller;
    private final GateJournals journals;
    private volatile GateHub.HubView view;
    // confined to the loop
    private long now;
    private long requests;

    private HubService(String siteId, GatesConfig config, SiteMqttClient mqtt, HubRelay relay, Outbox outbox,
                       InstantSource wall, LongSupplier ticker) {
        this.siteId = siteId;
        this.config = config;
        this.mqtt = mqtt;
        this.relay = relay;
        this.outbox = outbox;
        this.ticker = ticker;
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("hub-" + siteId));
        this.relayWorkers = new ThreadPoolExecutor(0, RELAY_WORKERS, 1, TimeUnit.MINUTES, new SynchronousQueue<>(),
                daemon("hub-relay-" + siteId));
        this.lan = new LanOut(siteId, mqtt);
        this.hub = new GateHub(siteId, config.mallId(), config.settings(), new Outputs(), UUID::randomUUID, wall);
        this.view = hub.view();
        this.poller = new MallPoller(siteId, config.mallId(), relay, state -> post((h, n) -> h.relayMall(state, n)));
        this.journals = new GateJournals(siteId, outbox, lan, gate -> post((h, n) -> h.gateFire(gate, n)));
    }

    /**
     * Starts the hub of site {@code siteId}: subscribes to the gates' asks and journals on {@code mqtt}, polls the
     * mall state and starts ticking. Journals go into {@code outbox}, which the caller owns.
     */
    public static HubService start(String siteId, GatesConfig config, SiteMqttClient mqtt, HubRelay relay, Outbox outbox,
                                   InstantSource wall, LongSupplier ticker) {
        HubService service = new HubService(siteId, config, mqtt, relay, outbox, wall, ticker);
        mqtt.subscribe(Topics.allGateLeaseAsks(siteId), 1, service::onAsk);
        mqtt.subscribe(Topics.allGateJournals(siteId), 1, service.journals::onJournal);
        service.loop.scheduleAtFixedRate(() -> service.run((h, n) -> h.tick(n)), TICK.toMillis(), TICK.toMillis(),
                TimeUnit.MILLISECONDS);
        service.poller.start();
        Logger.info("hub {}: gate hub for mall {} started", siteId, config.mallId());
        return service;
    }

    private void onAsk(String topic, byte[] payload) {
        GateLeaseAsk ask;
        try {
            ask = Messages.decodeFrom(siteId, topic, payload, GateLeaseAsk.class);
        } catch (RuntimeException e) {
            Logger.warn("hub {}: lease ask on {} ignored ({} bytes): {}", siteId, topic, payload.length, e.getMessage());
            return;
        }
        post((h, n) -> h.gateAsk(ask, n));
    }

    private void post(Input input) {
        try {
            loop.execute(() -> run(input));
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void run(Input input) {
        now = ticker.getAsLong();
        try {
            input.apply(hub, now);
        } catch (RuntimeException e) {
            Logger.error(e, "hub {}: an input failed; the hub carries on", siteId);
        }
        view = hub.view();
    }

    /** What the hub drives; called on the loop, from inside the hub. */
    private final class Outputs implements HubOutputs {
        @Override
        public void grant(String gate, GateLeaseGrant grant) {
            lan.grant(gate, grant);
        }

        @Override
        public void publish(MallStatus status) {
            lan.status(status);
        }

        @Override
        public void relay(Object request) {
            long id = ++requests;
            long sentAt = now;
            try {
                relayWorkers.execute(() -> {
                    Input outcome = call(request);
                    post((h, n) -> deliver(id, sentAt, outcome, h, n));
                });
            } catch (RejectedExecutionException e) {
                // every worker still waits on a request the hub gave up on (or the service is closing)
                post((h, n) -> deliver(id, sentAt, failed(RELAY_WORKERS + " relay requests still unanswered"), h, n));
            }
        }
    }

    private void deliver(long id, long sentAt, Input outcome, GateHub h, long n) {
        if (id != requests || n - sentAt > config.settings().relayTimeout().toNanos()) {
            Logger.debug("hub {}: relay answer to request {} came after the hub gave up on it; dropped", siteId, id);
            return;
        }
        outcome.apply(h, n);
    }

    /** Runs one relay request on the worker and turns what happened into the hub's input. */
    private Input call(Object request) {
        try {
            Object answer = relay.send(request);
            return switch (answer) {
                case LeaseGrant grant -> (h, n) -> h.relayGranted(grant, n);
                case LeaseSettled settled -> (h, n) -> h.relaySettled(n);
                default -> failed("unexpected answer " + answer.getClass().getSimpleName());
            };
        } catch (RelayException e) {
            int status = e.status().orElse(0);
            if (status >= 400 && status < 500) {
                String reason = refusal(e, status);
                return (h, n) -> h.relayRefused(reason, n);
            }
            return failed(e.getMessage());
        } catch (RuntimeException e) {
            Logger.error(e, "hub {}: relay request {} failed unexpectedly", siteId, request.getClass().getSimpleName());
            return failed(String.valueOf(e));
        }
    }

    private static Input failed(String reason) {
        return (h, n) -> h.relayFailed(reason, n);
    }

    /** The relay's own words from a refusal ("mall m-1: full, ..."), short enough to reach a gate. */
    static String refusal(RelayException e, int status) {
        String message = String.valueOf(e.getMessage());
        String marker = ": " + status + " ";
        int at = message.indexOf(marker);
        String reason = at < 0 ? message : message.substring(at + marker.length()).strip();
        if (reason.isEmpty()) {
            reason = "HTTP " + status;
        }
        return reason.length() <= MAX_REFUSAL ? reason : reason.substring(0, MAX_REFUSAL - 3) + "...";
    }

    /** The hub as of its last input, with the outbox. */
    public GatesView view() {
        return GatesView.of(view, outbox.status());
    }

    /** Stops listening to the gates and the relay; what the journal thread holds is stored first. */
    @Override
    public void close() {
        mqtt.unsubscribe(Topics.allGateLeaseAsks(siteId));
        mqtt.unsubscribe(Topics.allGateJournals(siteId));
        journals.close();
        poller.close();
        loop.shutdownNow();
        relayWorkers.shutdownNow();
        lan.close();
        Logger.info("hub {}: gate hub stopped", siteId);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
