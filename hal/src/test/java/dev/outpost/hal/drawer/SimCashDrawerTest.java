package dev.outpost.hal.drawer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimCashDrawerTest {

    @Test
    void softwareOpensItAndOnlyThePersonShutsIt() {
        SimCashDrawer drawer = new SimCashDrawer("till-1");
        assertFalse(drawer.isOpen());
        drawer.open();
        assertTrue(drawer.isOpen());
        drawer.open();
        drawer.pushShut();
        assertFalse(drawer.isOpen());
        assertEquals(2, drawer.openings());
    }

    @Test
    void aClosedDriverRefusesToOpenTheDrawer() {
        SimCashDrawer drawer = new SimCashDrawer("till-1");
        drawer.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, drawer::open);
        assertEquals("drawer till-1: closed; cannot open it", e.getMessage());
        assertThrows(IllegalStateException.class, drawer::isOpen);
    }
}
