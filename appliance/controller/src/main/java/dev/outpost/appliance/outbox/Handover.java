package dev.outpost.appliance.outbox;

import dev.outpost.api.event.EventEnvelope;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Hands the outbox the events an owner wrote into its own SQLite file (flip reports, menu tier alarms, POS sale events).
 *
 * <p>Design: the outbox is another SQLite file, so an owner's event cannot commit with the outbox row. It commits with
 * the change it reports, marked not enqueued, and is marked once the outbox holds it; whatever is unmarked after a
 * crash or a failed handover is handed over again at the next {@link #run}. The outbox ignores an event id it holds,
 * so handing one over twice stores it once.
 */
public final class Handover {
    /** Where the events go: stores them durably before it returns, or throws and stores none ({@link Outbox#append}). */
    @FunctionalInterface
    public interface Sink {
        void append(String deviceId, List<EventEnvelope> events);
    }

    private final String site;
    private final String what;
    private final String device;
    private final Supplier<List<EventEnvelope>> unsent;
    private final Consumer<List<EventEnvelope>> enqueued;
    private final Sink sink;
    private String failing;

    /**
     * @param what     what the events are, for the log ({@code flip reports})
     * @param device   the device id of the owner's event stream
     * @param unsent   the owner's events not marked yet, in sequence
     * @param enqueued marks events as held by the outbox
     */
    public Handover(String site, String what, String device, Supplier<List<EventEnvelope>> unsent,
                    Consumer<List<EventEnvelope>> enqueued, Sink sink) {
        this.site = site;
        this.what = what;
        this.device = device;
        this.unsent = unsent;
        this.enqueued = enqueued;
        this.sink = sink;
    }

    /** Hands over what is not in the outbox yet; true when nothing is left, false (logged once) when it failed. */
    public synchronized boolean run() {
        try {
            List<EventEnvelope> events = unsent.get();
            if (!events.isEmpty()) {
                sink.append(device, events);
                enqueued.accept(events);
            }
            if (failing != null) {
                Logger.info("site {}: {} handed to the outbox again", site, what);
            }
            failing = null;
            return true;
        } catch (RuntimeException e) {
            if (failing == null) {
                Logger.warn("site {}: {} not handed to the outbox yet, will try again: {}", site, what, e.getMessage());
            }
            failing = e.getMessage();
            return false;
        }
    }
}
