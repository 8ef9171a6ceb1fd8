package dev.outpost.gate.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.event.EventEnvelope;
import java.util.List;
import java.util.Optional;

/**
 * The gate's durable record (ARCHITECTURE.md §6): every decision and passage, written before it is acted on, with
 * the {@link GateBook} that follows from it, in one atomic, durable step. Entries are forwarded to the hub in order
 * and kept until the hub acknowledges them.
 */
public interface Journal extends AutoCloseable {

    /** The book as of the last entry, or empty for a gate that never wrote one. */
    Optional<GateBook> book();

    /**
     * Appends one entry and the book after it. Durable when it returns.
     *
     * @return the entry as written (its sequence is {@code book.sequence() + 1})
     * @throws JournalException when it could not be written; then nothing was
     */
    EventEnvelope append(String type, JsonNode payload, GateBook book);

    /** Up to {@code max} entries not yet acknowledged by the hub, in sequence order. */
    List<EventEnvelope> unforwarded(int max);

    /** The hub has stored every entry through {@code sequence}. */
    void forwarded(long sequence);

    @Override
    void close();
}
