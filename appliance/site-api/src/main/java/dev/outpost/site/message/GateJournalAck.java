package dev.outpost.site.message;

import dev.outpost.api.json.Document;

/** The hub has stored every journal entry of the gate up to and including {@code through_sequence}. */
@Document("gate_journal_ack")
public record GateJournalAck(long throughSequence) {
    public GateJournalAck {
        Check.notNegative("through_sequence", throughSequence);
    }
}
