package dev.outpost.appliance.gates;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.appliance.outbox.Appended;
import dev.outpost.appliance.outbox.Outbox;
import dev.outpost.site.message.GateJournal;
import dev.outpost.site.message.GateJournalAck;
import dev.outpost.site.message.Messages;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * Takes the gates' journals into the outbox, on a thread of its own (a commit waits for the disk): the entries are
 * stored durably first, and only then acknowledged through the highest sequence stored without a gap, so a gate
 * never forgets an entry the site does not hold. A newly stored {@code gate.state} entry to {@code FIRE_OPEN} tells
 * the hub that gate saw a fire.
 */
final class GateJournals implements AutoCloseable {
    static final String STATE = "gate.state";
    static final String FIRE_OPEN = "FIRE_OPEN";

    private final String siteId;
    private final Outbox outbox;
    private final LanOut lan;
    private final Consumer<String> fire;
    private final ExecutorService executor;

    GateJournals(String siteId, Outbox outbox, LanOut lan, Consumer<String> fire) {
        this.siteId = siteId;
        this.outbox = outbox;
        this.lan = lan;
        this.fire = fire;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hub-journal-" + siteId);
            t.setDaemon(true);
            return t;
        });
    }

    /** A journal message arrived (on the MQTT delivery thread): stored and acknowledged on the journal thread. */
    void onJournal(String topic, byte[] payload) {
        try {
            executor.execute(() -> take(topic, payload));
        } catch (RejectedExecutionException e) {
            // closed: the gate sends it again to the next hub
        }
    }

    private void take(String topic, byte[] payload) {
        GateJournal journal;
        try {
            journal = Messages.decodeFrom(siteId, topic, payload, GateJournal.class);
        } catch (RuntimeException e) {
            Logger.warn("hub {}: journal on {} ignored ({} bytes): {}", siteId, topic, payload.length, e.getMessage());
            return;
        }
        Appended appended;
        try {
            appended = outbox.append(journal.deviceId(), journal.events());
        } catch (RuntimeException e) {
            Logger.error(e, "hub {}: journal of gate {} ({} entries from #{}) not stored, so not acknowledged; the gate"
                    + " sends it again", siteId, journal.deviceId(), journal.events().size(),
                    journal.events().getFirst().sequence());
            return;
        }
        for (EventEnvelope event : appended.stored()) {
            if (event.type().equals(STATE) && FIRE_OPEN.equals(event.payload().path("to").asText())) {
                fire.accept(journal.deviceId());
            }
        }
        if (appended.throughSequence() >= 0) {
            lan.ack(journal.deviceId(), new GateJournalAck(appended.throughSequence()));
        }
    }

    /** Takes what has arrived, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                Logger.warn("hub {}: journals still being stored after 10 s; stopping anyway", siteId);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
