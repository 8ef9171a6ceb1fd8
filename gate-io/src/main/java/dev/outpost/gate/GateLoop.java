package dev.outpost.gate;

import dev.outpost.gate.admission.Gate;
import dev.outpost.gate.admission.GateOutputs;
import dev.outpost.gate.admission.GateSettings;
import dev.outpost.gate.hub.HubLink;
import dev.outpost.gate.hub.HubListener;
import dev.outpost.gate.hub.JournalForwarder;
import dev.outpost.gate.journal.GateBook;
import dev.outpost.gate.journal.Journal;
import dev.outpost.hal.time.Ticker;
import dev.outpost.hal.turnstile.ModbusTurnstile;
import dev.outpost.hal.turnstile.PassageCounters;
import dev.outpost.hal.turnstile.Turnstile;
import dev.outpost.hal.turnstile.TurnstileException;
import dev.outpost.hal.turnstile.TurnstileListener;
import dev.outpost.hal.turnstile.TurnstileStatus;
import dev.outpost.site.message.GateJournalAck;
import dev.outpost.site.message.GateLeaseAsk;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The gate's one thread. Every input — a passage or a status from the turnstile, a message from the hub, the tick
 * every {@value #TICK_MS} ms — is posted here and handled in turn, so the {@link Gate}, its journal and the
 * {@link JournalForwarder} are only ever touched by this thread and need no locks.
 *
 * <p>Nothing on this thread waits on the network: publishing to the hub hands the message to the MQTT client and
 * returns, so an exit passage is journaled (and its right credited) the moment it comes off the queue, hub or no hub.
 * What may take a moment here is the journal's fsync and a command to the turnstile (a Modbus write waits for the
 * module's reply, bounded by its response timeout).
 */
final class GateLoop implements AutoCloseable {
    static final long TICK_MS = 50;
    private static final Duration STATUS_WAIT = Duration.ofSeconds(2);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final int COUNTER_READS = 3;

    private final String gateId;
    private final Turnstile turnstile;
    private final HubLink hub;
    private final Ticker ticker;
    private final ScheduledExecutorService executor;
    private final Gate gate;
    private final JournalForwarder forwarder;

    // loop thread only
    private TurnstileStatus turnstileStatus;
    private MallStatus mall;
    private boolean forwardingFails;

    GateLoop(String gateId, GateSettings settings, Journal journal, Turnstile turnstile, HubLink hub,
             Supplier<UUID> ids, Ticker ticker) {
        this.gateId = gateId;
        this.turnstile = turnstile;
        this.hub = hub;
        this.ticker = ticker;
        this.executor = Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().name("gate-" + gateId).unstarted(task));
        this.gate = new Gate(gateId, settings, journal, new Outputs(), ids);
        this.forwarder = new JournalForwarder(journal, gateId, hub::forward);
    }

    /**
     * Starts the gate from its journal and the turnstile's counters and status, then listens to the turnstile and the
     * hub and starts ticking. Returns once the gate has started.
     */
    void start() {
        Future<?> started = executor.submit(this::begin);
        try {
            started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("gate " + gateId + ": cannot start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("gate " + gateId + ": interrupted while starting", e);
        }
        hub.listen(new FromHub());
        executor.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** On the loop: counters first (a polling driver counts from that reading), then listen, then the status. */
    private void begin() {
        Optional<PassageCounters> counters = counters();
        turnstile.listen(new FromTurnstile()); // what it reports from now on queues up behind this task
        turnstileStatus = turnstile.status();
        gate.start(now(), counters, turnstileStatus);
        Logger.info("gate {}: started in {} on a {} turnstile ({}); journal at #{}, {} entries to forward", gateId,
                gate.state(), turnstile.driver(), turnstileStatus, gate.book().sequence(), forwarder.backlog());
    }

    /** A module that was just connected may miss the first request; one that misses all of them is not waited for. */
    private Optional<PassageCounters> counters() {
        for (int attempt = 1; ; attempt++) {
            try {
                return turnstile.counters();
            } catch (TurnstileException e) {
                if (attempt == COUNTER_READS) {
                    Logger.warn("gate {}: {} ({} tries); passages the turnstile counted while the controller was down "
                            + "are not reconciled at this start", gateId, e.getMessage(), attempt);
                    return Optional.empty();
                }
            }
        }
    }

    private void tick() {
        run("tick", () -> gate.tick(now()));
        try {
            forwarder.forward(now());
            if (forwardingFails) {
                Logger.info("gate {}: journal forwarding works again", gateId);
                forwardingFails = false;
            }
        } catch (RuntimeException e) {
            if (!forwardingFails) {
                Logger.error(e, "gate {}: journal forwarding failed; tried again every tick, logged again once it "
                        + "works", gateId);
                forwardingFails = true;
            }
        }
    }

    /** What the gate knows now, asked of the loop (so it also tells whether the loop answers). */
    GateStatus status() {
        Future<GateStatus> answer;
        try {
            answer = executor.submit(this::snapshot);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("gate " + gateId + ": stopping");
        }
        try {
            return answer.get(STATUS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new IllegalStateException("gate " + gateId + ": its loop did not answer within "
                    + STATUS_WAIT.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IllegalStateException("gate " + gateId + ": status failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("gate " + gateId + ": interrupted while asking its loop", e);
        }
    }

    private GateStatus snapshot() {
        GateBook book = gate.book();
        return new GateStatus(gateId, gate.state(), gate.rights(), book.armed(), gate.leaseLive(), book.leaseId(),
                book.used(), book.exited(), hub.connected(),
                new GateStatus.JournalStatus(book.sequence(), forwarder.acked(), forwarder.backlog()),
                turnstile.driver(), turnstileStatus, turnstile instanceof ModbusTurnstile m ? m.stats() : null, mall);
    }

    /** Stops taking inputs and lets those already queued (passages among them) be handled; no decision after this. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                Logger.warn("gate {}: the loop did not stop within {} ms; interrupting it", gateId,
                        STOP_WAIT.toMillis());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private long now() {
        return ticker.nanos();
    }

    /** @return false when the loop is stopping and the input was dropped */
    private boolean post(String what, Runnable task) {
        try {
            executor.execute(() -> run(what, task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void run(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            Logger.error(e, "gate {}: {} failed; the loop goes on", gateId, what);
        }
    }

    private final class FromTurnstile implements TurnstileListener {
        @Override
        public void entryPassed(int count) {
            passage("entry passage (" + count + ")", () -> gate.entryPassed(count, now()));
        }

        @Override
        public void exitPassed(int count) {
            passage("exit passage (" + count + ")", () -> gate.exitPassed(count));
        }

        @Override
        public void statusChanged(TurnstileStatus status) {
            post("turnstile status " + status, () -> {
                turnstileStatus = status;
                gate.turnstileStatus(status, now());
            });
        }

        private void passage(String what, Runnable task) {
            if (!post(what, task)) {
                Logger.warn("gate {}: stopping; {} not journaled", gateId, what);
            }
        }
    }

    private final class FromHub implements HubListener {
        @Override
        public void mallStatus(MallStatus status) {
            post("mall status " + status.mode() + " (epoch " + status.epoch() + ")", () -> {
                mall = status;
                gate.mallStatus(status, now());
            });
        }

        @Override
        public void grant(GateLeaseGrant grant) {
            post("grant for ask " + grant.askId(), () -> gate.grant(grant, now()));
        }

        @Override
        public void journalAcked(GateJournalAck ack) {
            post("journal ack through #" + ack.throughSequence(), () -> forwarder.acked(ack.throughSequence(), now()));
        }
    }

    /** Called by the gate, so on the loop. A turnstile command that fails is logged; the gate unlocks again later. */
    private final class Outputs implements GateOutputs {
        @Override
        public void unlockEntry() {
            command(turnstile::unlockEntry);
        }

        @Override
        public void holdOpen(boolean open) {
            command(() -> turnstile.holdOpen(open));
        }

        @Override
        public void fullLamp(boolean on) {
            command(() -> turnstile.fullLamp(on));
        }

        @Override
        public void send(GateLeaseAsk ask) {
            hub.ask(ask); // not sent while disconnected: the gate asks again after its timeout
        }

        private void command(Runnable command) {
            try {
                command.run();
            } catch (RuntimeException e) {
                Logger.error("gate {}: {}", gateId, e.getMessage());
            }
        }
    }
}
