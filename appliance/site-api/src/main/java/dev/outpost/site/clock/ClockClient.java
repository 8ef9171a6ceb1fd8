package dev.outpost.site.clock;

import dev.outpost.api.json.ContractException;
import dev.outpost.site.message.ClockReply;
import dev.outpost.site.message.ClockRequest;
import dev.outpost.site.message.Messages;
import dev.outpost.site.mqtt.SiteMqttClient;
import dev.outpost.site.topic.Ids;
import dev.outpost.site.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * The device side of the site clock: sends {@link ClockRequest}s and feeds answered exchanges into a
 * {@link SiteClock}. t1 is read from the device's wall clock; t4 is t1 plus the time elapsed on the monotonic
 * ticker, so a wall-clock step during the exchange cannot distort the round trip.
 */
public final class ClockClient implements AutoCloseable {

    /**
     * Answered requests sent {@link #BURST_SPACING} apart once connected with the reply subscription granted, before
     * the periodic ones: the first exchanges of a device that just started run through cold code on both ends, and
     * their round trip (so the offset's error bound) can reach a hundred milliseconds; of a burst the
     * minimum-round-trip filter keeps the best. A request left unanswered (the appliance's clock server may not listen
     * yet) does not count, and while the best round trip is still over {@link #GOOD_ROUND_TRIP} the burst goes on; it
     * sends at most {@link #BURST_MAX}.
     */
    static final int BURST = 5;
    static final int BURST_MAX = 20;
    static final Duration BURST_SPACING = Duration.ofMillis(200);
    static final Duration GOOD_ROUND_TRIP = Duration.ofMillis(10);
    /** A burst request unanswered this long counts as spent (the appliance's clock server may still be starting). */
    static final Duration BURST_REPLY_TIMEOUT = Duration.ofSeconds(1);

    private final SiteMqttClient mqtt;
    private final String site;
    private final String device;
    private final SiteClock clock;
    private final Duration timeout;
    private final String replyTopic;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> subscribed;
    private final ScheduledExecutorService scheduler;

    private record Pending(Instant t1, long sentNanos, CompletableFuture<ClockSample> result) {
    }

    private ClockClient(SiteMqttClient mqtt, String site, String device, SiteClock clock, Optional<Duration> interval,
                        Duration timeout) {
        this.mqtt = mqtt;
        this.site = Ids.site(site);
        this.device = Ids.device(site, device);
        this.clock = clock;
        this.timeout = timeout;
        this.replyTopic = Topics.clockReply(site, device);
        this.subscribed = mqtt.subscribe(replyTopic, 0, this::onReply);
        this.scheduler = interval.map(every -> {
            ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "site-clock-" + device);
                t.setDaemon(true);
                return t;
            });
            s.scheduleWithFixedDelay(this::syncQuietly, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
            return s;
        }).orElse(null);
        if (scheduler != null) {
            // connected() completes once every subscription is restored, so the first request can be answered
            subscribed.thenCompose(ignored -> mqtt.connected()).thenRun(() -> burst(1, 0));
        }
    }

    /**
     * Starts estimating for {@code device} over {@code mqtt} (the device's own connection). With an interval,
     * a burst of requests goes out once connected with the reply subscription granted ({@link #BURST}), and then one
     * every interval; with {@code Optional.empty()} only on {@link #sync()}.
     *
     * @param timeout how long an unanswered request is kept before it is given up
     */
    public static ClockClient start(SiteMqttClient mqtt, String site, String device, SiteClock clock,
                                    Optional<Duration> interval, Duration timeout) {
        String what = "site " + site + ": clock client of " + device + ": ";
        if (mqtt == null || clock == null) {
            throw new IllegalArgumentException(what + "needs an MQTT client and a site clock");
        }
        if (interval == null || interval.filter(d -> d.isNegative() || d.isZero()).isPresent()) {
            throw new IllegalArgumentException(what + "interval must be positive or empty, was " + interval);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(what + "timeout must be positive, was " + timeout);
        }
        return new ClockClient(mqtt, site, device, clock, interval, timeout);
    }

    public SiteClock clock() {
        return clock;
    }

    /** Sends one request; completes with the sample once the reply arrived and was recorded in the clock. */
    public CompletableFuture<ClockSample> sync() {
        expireOverdue();
        return subscribed.thenCompose(ignored -> {
            String requestId = instance + "-" + sequence.incrementAndGet();
            Instant t1 = clock.local().instant();
            Pending p = new Pending(t1, clock.nanoTime().getAsLong(), new CompletableFuture<>());
            pending.put(requestId, p);
            byte[] payload = Messages.encode(new ClockRequest(device, requestId, t1));
            mqtt.publish(Topics.clockRequest(site, device), payload, 0, false).whenComplete((ok, error) -> {
                if (error != null && pending.remove(requestId, p)) {
                    p.result.completeExceptionally(error);
                }
            });
            return p.result;
        });
    }

    /**
     * The {@code n}th request of the start-up burst, after {@code answered} of the earlier ones were; the next follows
     * {@link #BURST_SPACING} after its answer or its {@link #BURST_REPLY_TIMEOUT}.
     */
    private void burst(int n, int answered) {
        sync().orTimeout(BURST_REPLY_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS).whenComplete((sample, error) -> {
            int nowAnswered = error == null ? answered + 1 : answered;
            boolean good = nowAnswered >= BURST
                    && clock.roundTrip().filter(r -> r.compareTo(GOOD_ROUND_TRIP) <= 0).isPresent();
            if (n < BURST_MAX && !good) {
                try {
                    scheduler.schedule(() -> burst(n + 1, nowAnswered), BURST_SPACING.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closed) {
                    // closed meanwhile: the burst ends with the client
                }
            }
        });
    }

    /** Periodic syncs are skipped while offline, so a long outage does not queue a burst of requests. */
    private void syncQuietly() {
        if (!subscribed.isDone() || !mqtt.isConnected()) {
            return;
        }
        sync().whenComplete((sample, error) -> {
            if (error != null) {
                Logger.debug("site {}: clock sync of {} skipped: {}", site, device, error.getMessage());
            }
        });
    }

    private void onReply(String topic, byte[] payload) {
        long receivedNanos = clock.nanoTime().getAsLong();
        ClockReply reply;
        try {
            reply = Messages.decodeFrom(site, topic, payload, ClockReply.class);
        } catch (ContractException e) {
            Logger.warn("site {}: clock reply for {} dropped: {}", site, device, e.getMessage());
            return;
        }
        Pending p = pending.remove(reply.requestId());
        if (p == null) {
            Logger.debug("site {}: clock reply {} for {} matches no pending request (late or duplicate)", site,
                    reply.requestId(), device);
            return;
        }
        if (!p.t1.equals(reply.t1())) {
            p.result.completeExceptionally(new IllegalStateException("site " + site + ": clock reply " + reply.requestId()
                    + " for " + device + " echoes t1 " + reply.t1() + ", sent " + p.t1));
            return;
        }
        Instant t4 = p.t1.plusNanos(receivedNanos - p.sentNanos);
        try {
            ClockSample sample = new ClockSample(p.t1, reply.t2(), reply.t3(), t4);
            clock.record(sample);
            p.result.complete(sample);
        } catch (IllegalArgumentException e) {
            p.result.completeExceptionally(new IllegalStateException("site " + site + ": " + device + ": "
                    + e.getMessage(), e));
        }
    }

    private void expireOverdue() {
        long now = clock.nanoTime().getAsLong();
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Pending> entry = it.next();
            if (now - entry.getValue().sentNanos > timeout.toNanos()) {
                it.remove();
                entry.getValue().result.completeExceptionally(new TimeoutException("site " + site
                        + ": clock request " + entry.getKey() + " of " + device + " unanswered after " + timeout));
            }
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        mqtt.unsubscribe(replyTopic);
        pending.values().forEach(p -> p.result.cancel(false));
        pending.clear();
    }
}
