package dev.outpost.sim.occupancy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.gate.journal.GateBook;
import dev.outpost.gate.journal.Journal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A gate journal in memory for the simulation: it survives the simulated gate's crashes (it is the gate's disk),
 * and shows every entry to an observer, which stands in for forwarding to the hub.
 */
final class MemoryJournal implements Journal {
    private final String site;
    private final String gate;
    private final Consumer<EventEnvelope> observer;
    private GateBook book;
    private long nextId;

    MemoryJournal(String site, String gate, Consumer<EventEnvelope> observer) {
        this.site = site;
        this.gate = gate;
        this.observer = observer;
    }

    @Override
    public Optional<GateBook> book() {
        return Optional.ofNullable(book);
    }

    @Override
    public EventEnvelope append(String type, JsonNode payload, GateBook after) {
        GateBook written = new GateBook(after.sequence() + 1, after.leaseId(), after.used(), after.exited(), after.armed(),
                after.entryCounter(), after.exitCounter(), after.recountsAtFire(), after.recounts(), after.preExited());
        book = written;
        EventEnvelope event = new EventEnvelope(new UUID(0x7000L, ++nextId), site, gate, type, Instant.EPOCH,
                written.sequence(), payload);
        observer.accept(event);
        return event;
    }

    @Override
    public List<EventEnvelope> unforwarded(int max) {
        return new ArrayList<>();
    }

    @Override
    public void forwarded(long sequence) {
        // forwarding is simulated by the observer
    }

    @Override
    public void close() {
        // nothing to release
    }
}
