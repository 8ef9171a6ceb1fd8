package dev.outpost.hal.screen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.hal.time.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimScreenTest {

    private final ManualTime time = ManualTime.at(Instant.parse("2026-05-04T11:00:00Z"));
    private final SimScreen screen = new SimScreen("menu-board-1", time, time);

    @Test
    void itRecordsEachFrameWithTheTimeItWentUp() {
        assertEquals(Optional.empty(), screen.showing());
        Frame breakfast = new Frame("menu v41 p1", "<h1>Breakfast</h1>");
        Frame lunch = new Frame("menu v42 p1", "<h1>Lunch</h1>");

        screen.show(breakfast);
        time.advance(Duration.ofMinutes(30));
        screen.show(lunch);

        assertEquals(Optional.of(lunch), screen.showing());
        assertEquals(List.of(
                new SimScreen.Shown(breakfast, Instant.parse("2026-05-04T11:00:00Z"), 0),
                new SimScreen.Shown(lunch, Instant.parse("2026-05-04T11:30:00Z"), Duration.ofMinutes(30).toNanos())),
                screen.history());
    }

    @Test
    void aClosedScreenShowsNothingMoreButKeepsItsHistory() {
        screen.show(new Frame("a", ""));
        screen.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> screen.show(new Frame("b", "")));
        assertEquals("screen menu-board-1: closed; cannot show a frame on it", e.getMessage());
        assertThrows(IllegalStateException.class, screen::showing);
        assertEquals(1, screen.history().size());
    }

    @Test
    void aFrameNeedsAnId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Frame(" ", "x"));
        assertEquals("screen frame.id must not be blank, was \" \"", e.getMessage());
    }
}
