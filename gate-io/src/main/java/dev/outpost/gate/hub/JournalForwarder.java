package dev.outpost.gate.hub;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.gate.journal.GateBook;
import dev.outpost.gate.journal.Journal;
import dev.outpost.site.message.GateJournal;
import java.time.Duration;
import java.util.List;
import org.tinylog.Logger;

/**
 * Forwards the journal to the hub in order, one batch of at most {@value GateJournal#MAX_EVENTS} entries in flight:
 * the next batch goes when the hub acknowledges, or the same entries (and any new ones) again when no ack came within
 * {@link #RESEND_AFTER} (entries carry their event id and sequence, so the hub can tell one sent twice). Entries stay
 * in the journal until acknowledged, so a gate cut off from its hub for days forwards everything once it is back.
 *
 * <p>Confined to the gate's loop thread, like the journal's writer: not thread-safe.
 */
public final class JournalForwarder {
    public static final Duration RESEND_AFTER = Duration.ofSeconds(2);

    /** Hands a batch to the hub; false when it could not be sent now (not connected). */
    @FunctionalInterface
    public interface Sender {
        boolean send(GateJournal batch);
    }

    private final Journal journal;
    private final String gateId;
    private final Sender sender;
    private long acked;
    private boolean inFlight;
    private long inFlightThrough;
    private long sentAt;

    public JournalForwarder(Journal journal, String gateId, Sender sender) {
        this.journal = journal;
        this.gateId = gateId;
        this.sender = sender;
        List<EventEnvelope> first = journal.unforwarded(1);
        this.acked = first.isEmpty() ? lastSequence() : first.getFirst().sequence() - 1;
    }

    /** Sends the next batch if there is one and nothing is in flight, or the one in flight went unanswered too long. */
    public void forward(long now) {
        if (lastSequence() <= acked || inFlight && now - sentAt < RESEND_AFTER.toNanos()) {
            return;
        }
        List<EventEnvelope> batch = journal.unforwarded(GateJournal.MAX_EVENTS);
        if (batch.isEmpty()) {
            return;
        }
        if (sender.send(new GateJournal(gateId, batch))) {
            inFlight = true;
            inFlightThrough = batch.getLast().sequence();
            sentAt = now;
        }
    }

    /** The hub stored every entry through {@code through}; the next batch goes at once. */
    public void acked(long through, long now) {
        if (through <= acked) {
            return; // a duplicate or a late ack
        }
        long last = lastSequence();
        if (through > last) {
            Logger.warn("gate {}: the hub acknowledged the journal through #{}, but it ends at #{}; taken as #{}",
                    gateId, through, last, last);
        }
        long upTo = Math.min(through, last);
        journal.forwarded(upTo);
        acked = upTo;
        if (inFlight && upTo >= inFlightThrough) {
            inFlight = false;
        }
        forward(now);
    }

    /** The last entry the hub acknowledged (0 before the first). */
    public long acked() {
        return acked;
    }

    /** Entries written and not yet acknowledged. */
    public long backlog() {
        return lastSequence() - acked;
    }

    private long lastSequence() {
        return journal.book().map(GateBook::sequence).orElse(0L);
    }
}
