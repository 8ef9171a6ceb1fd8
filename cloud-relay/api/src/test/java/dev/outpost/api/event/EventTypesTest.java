package dev.outpost.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventTypesTest {
    @Test
    void theProductsTypesAreKnownAndATypoIsNot() {
        for (String type : new String[] {"heartbeat.anomaly", "gate.admit", "gate.reject", "gate.exit", "pos.sale",
                "pos.void", "pos.refund", "flip.commit", "flip.abort"}) {
            assertTrue(EventTypes.known(type), type);
        }
        assertFalse(EventTypes.known("gate.admitt"));
        assertFalse(EventTypes.known("GATE.ADMIT"));
    }

    @Test
    void theListForErrorMessagesIsSorted() {
        assertEquals("flip.abort, flip.commit, gate.admit, gate.entry, gate.exit, gate.recount, gate.reject, gate.return,"
                + " gate.state, heartbeat.anomaly, menu.override, menu.tier, pos.refund, pos.sale, pos.void", EventTypes.list());
    }
}
