package dev.outpost.gate.admission;

import dev.outpost.api.json.Json;
import dev.outpost.gate.journal.GateBook;
import dev.outpost.gate.journal.Journal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit: the turnstile lets people out in hardware, so nothing here can hold anyone back. This only records what
 * the exit-passage sensor confirmed — no network, no lease, no refusal — and says how many rights that gives back.
 * During a fire nothing is counted (the record says so).
 */
final class ExitPath {
    private final Journal journal;
    private final String gateId;

    ExitPath(Journal journal, String gateId) {
        this.journal = journal;
        this.gateId = gateId;
    }

    /** Journals {@code n} exits and returns the book after them; counted exits each give one right back. */
    GateBook passed(GateBook book, String mallId, int n, boolean counted, String how) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("mall_id", mallId);
        payload.put("gate_id", gateId);
        payload.put("count", n);
        payload.put("counted", counted);
        payload.put("how", how);
        journal.append("gate.exit", Json.toTree(payload), counted ? book.giveBack(n) : book);
        return journal.book().orElseThrow();
    }
}
