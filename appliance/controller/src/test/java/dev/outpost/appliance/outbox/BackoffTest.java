package dev.outpost.appliance.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theOutboxDoublesFromOneSecondAndStopsAtFiveMinutes() {
        assertEquals(Duration.ofSeconds(1), Backoff.OUTBOX.after(1));
        assertEquals(Duration.ofSeconds(2), Backoff.OUTBOX.after(2));
        assertEquals(Duration.ofSeconds(256), Backoff.OUTBOX.after(9));
        assertEquals(Duration.ofMinutes(5), Backoff.OUTBOX.after(10));
        assertEquals(Duration.ofMinutes(5), Backoff.OUTBOX.after(Integer.MAX_VALUE));
    }

    @Test
    void nonsenseIsRefusedWithWhatWasWrong() {
        assertEquals("backoff: the first pause must be positive, was PT0S",
                assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).getMessage());
        assertEquals("backoff: the cap must be at least the first pause PT2S, was PT1S",
                assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                        .getMessage());
        assertEquals("backoff: failures must be at least 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> Backoff.OUTBOX.after(0)).getMessage());
    }
}
