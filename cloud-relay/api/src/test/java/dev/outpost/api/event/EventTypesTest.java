package dev.outpost.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventTypesTest {
    static final String SHA = "ab".repeat(32);
    static final Instant T = Instant.parse("2027-03-01T12:00:00Z");

    @Test
    void theProductsTypesAreKnownAndATypoIsNot() {
        for (String type : new String[] {"heartbeat.anomaly", "gate.admit", "gate.reject", "gate.exit", "pos.sale",
                "pos.void", "pos.refund", "menu.downloaded", "flip.prepared", "flip.commit", "flip.abort"}) {
            assertTrue(EventTypes.known(type), type);
        }
        assertFalse(EventTypes.known("gate.admitt"));
        assertFalse(EventTypes.known("GATE.ADMIT"));
    }

    @Test
    void theListForErrorMessagesIsSorted() {
        assertEquals("flip.abort, flip.commit, flip.prepared, gate.admit, gate.entry, gate.exit, gate.recount,"
                + " gate.reject, gate.return, gate.state, heartbeat.anomaly, menu.downloaded, menu.override, menu.tier,"
                + " pos.login.alarm, pos.offline.override, pos.payment.failed, pos.refund, pos.sale, pos.sale.paid,"
                + " pos.sale.refunded, pos.sale.voided, pos.stock.low, pos.void", EventTypes.list());
    }

    static FlipResult committed() {
        return new FlipResult(UUID.randomUUID(), "main", "en-US", "main/v2", SHA, T, FlipResult.COMMITTED,
                "all 2 screens prepared", 2, 2, 2, 1, List.of(), List.of(),
                List.of(new FlipResult.DeviceCommit("board-1", T, false), new FlipResult.DeviceCommit("board-2",
                        T.plusMillis(520), true)));
    }

    @Test
    void aFlipResultReadsBackUnderItsType() {
        FlipResult sent = committed();
        assertEquals(Optional.of(sent), EventTypes.payload("flip.commit", Json.toTree(sent)));
        MenuDownloaded downloaded = new MenuDownloaded("main", "en-US", "main/v2", SHA, T);
        assertEquals(Optional.of(downloaded), EventTypes.payload("menu.downloaded", Json.toTree(downloaded)));
        assertEquals(Optional.empty(), EventTypes.payload("gate.admit", Json.tree("{\"anything\": 1}")),
                "gate events carry their own payloads");
    }

    @Test
    void aBrokenFlipResultIsRefusedNamingTheField() {
        ObjectNode tree = (ObjectNode) Json.toTree(committed());
        tree.put("autonomous_commits", 2);
        assertEquals("flip_result.autonomous_commits: must count the autonomous commits (1), was 2",
                assertThrows(ContractException.class, () -> EventTypes.payload("flip.commit", tree)).getMessage());
        ObjectNode unknown = (ObjectNode) Json.toTree(committed());
        unknown.put("colour", "red");
        assertTrue(assertThrows(ContractException.class, () -> EventTypes.payload("flip.commit", unknown)).getMessage()
                .startsWith("flip_result: unknown field 'colour'"));
        assertEquals("flip_result.outcome: a flip.abort event cannot report COMMITTED (that goes as flip.commit)",
                assertThrows(ContractException.class, () -> EventTypes.payload("flip.abort",
                        Json.toTree(committed()))).getMessage());
        ObjectNode badSha = (ObjectNode) Json.toTree(new MenuDownloaded("main", "en-US", "main/v2", SHA, T));
        badSha.put("sha256", "xyz");
        assertEquals("menu.downloaded.sha256: expected 64 lowercase hex characters, was \"xyz\"",
                assertThrows(ContractException.class, () -> EventTypes.payload("menu.downloaded", badSha)).getMessage());
    }
}
