package dev.outpost.gate.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.json.Json;
import dev.outpost.gate.journal.GateBook;
import dev.outpost.gate.journal.SqliteJournal;
import dev.outpost.site.message.GateJournal;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalForwarderTest {
    private static final long RESEND = JournalForwarder.RESEND_AFTER.toNanos();

    @TempDir
    Path dir;

    private final List<GateJournal> sent = new ArrayList<>();
    private boolean connected = true;
    private SqliteJournal journal;

    private SqliteJournal journal() {
        journal = SqliteJournal.open(dir, "mall-0001", "gate-1", InstantSource.system());
        return journal;
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private JournalForwarder forwarder(SqliteJournal on) {
        return new JournalForwarder(on, "gate-1", batch -> {
            if (connected) {
                sent.add(batch);
            }
            return connected;
        });
    }

    private static void write(SqliteJournal journal, int entries) {
        for (int i = 0; i < entries; i++) {
            GateBook book = journal.book().orElseGet(() -> GateBook.fresh(UUID.randomUUID()));
            journal.append("gate.state", Json.toTree(Map.of("n", i)), book);
        }
    }

    private static List<Long> sequences(GateJournal batch) {
        return batch.events().stream().map(EventEnvelope::sequence).toList();
    }

    @Test
    void oneBatchIsInFlightUntilTheHubAcknowledgesIt() {
        SqliteJournal journal = journal();
        JournalForwarder forwarder = forwarder(journal);
        write(journal, 3);

        forwarder.forward(0);
        write(journal, 1);
        forwarder.forward(RESEND - 1);

        assertEquals(1, sent.size());
        assertEquals(List.of(1L, 2L, 3L), sequences(sent.getFirst()));
        assertEquals(4, forwarder.backlog());

        forwarder.acked(3, RESEND - 1);

        assertEquals(2, sent.size(), "the next batch goes with the ack");
        assertEquals(List.of(4L), sequences(sent.get(1)));
        assertEquals(3, forwarder.acked());
        assertEquals(1, forwarder.backlog());
    }

    @Test
    void aBatchNobodyAcknowledgesIsSentAgainWithWhatCameSince() {
        SqliteJournal journal = journal();
        JournalForwarder forwarder = forwarder(journal);
        write(journal, 2);
        forwarder.forward(0);
        write(journal, 1);

        forwarder.forward(RESEND);

        assertEquals(List.of(1L, 2L, 3L), sequences(sent.get(1)));
    }

    @Test
    void whileDisconnectedNothingIsInFlightSoItGoesAsSoonAsItCan() {
        SqliteJournal journal = journal();
        JournalForwarder forwarder = forwarder(journal);
        write(journal, 2);
        connected = false;
        forwarder.forward(0);
        connected = true;

        forwarder.forward(1);

        assertEquals(1, sent.size());
        assertEquals(List.of(1L, 2L), sequences(sent.getFirst()));
    }

    @Test
    void batchesHoldAtMostTheMessageLimit() {
        SqliteJournal journal = journal();
        JournalForwarder forwarder = forwarder(journal);
        write(journal, GateJournal.MAX_EVENTS + 5);

        forwarder.forward(0);
        forwarder.acked(GateJournal.MAX_EVENTS, 1);

        assertEquals(GateJournal.MAX_EVENTS, sent.getFirst().events().size());
        assertEquals(5, sent.get(1).events().size());
    }

    @Test
    void lateAndExcessiveAcksChangeNothingTheyShouldNot() {
        SqliteJournal journal = journal();
        JournalForwarder forwarder = forwarder(journal);
        write(journal, 3);
        forwarder.forward(0);

        forwarder.acked(9, 1);
        forwarder.acked(1, 2);

        assertEquals(3, forwarder.acked(), "an ack beyond the journal's end is taken as its end");
        assertEquals(0, forwarder.backlog());
        assertTrue(journal.unforwarded(10).isEmpty());
    }

    @Test
    void aRestartedForwarderStartsAfterWhatTheHubAlreadyHas() {
        SqliteJournal first = journal();
        write(first, 4);
        first.forwarded(2);
        first.close();

        JournalForwarder forwarder = forwarder(journal());
        forwarder.forward(0);

        assertEquals(2, forwarder.acked());
        assertEquals(2, forwarder.backlog());
        assertEquals(List.of(3L, 4L), sequences(sent.getFirst()));
    }
}
