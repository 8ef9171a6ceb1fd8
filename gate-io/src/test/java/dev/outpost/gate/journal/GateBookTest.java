package dev.outpost.gate.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class GateBookTest {
    /** A gate upgraded over its journal reads the book an earlier release wrote, from before gates knew of recounts. */
    @Test
    void aBookFromBeforeRecountsReadsAsKnowingOfNone() {
        UUID lease = UUID.fromString("0190f1e2-3c4d-7e5f-8a6b-7c8d9e0f1a2c");
        GateBook book = SqliteJournal.readBook("{\"sequence\":7,\"lease_id\":\"" + lease + "\",\"used\":4,\"exited\":2,"
                + "\"armed\":false,\"entry_counter\":10,\"exit_counter\":5,\"recounts_at_fire\":-1}");
        assertEquals(new GateBook(7, lease, 4, 2, false, 10, 5, -1, 0, 0), book);
        GateBook now = book.learnedRecount(3);
        assertEquals(now, SqliteJournal.readBook(dev.outpost.api.json.Json.writeString(now)), "and today's round-trips");
        assertEquals(2, now.preExited());
    }
}
