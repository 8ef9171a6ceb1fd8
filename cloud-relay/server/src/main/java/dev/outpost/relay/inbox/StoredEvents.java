package dev.outpost.relay.inbox;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.relay.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** What else follows from events the inbox newly stored, done in the transaction that stores them. */
@FunctionalInterface
public interface StoredEvents {
    void stored(Tx tx, String site, List<EventEnvelope> stored, Instant now) throws SQLException;
}
