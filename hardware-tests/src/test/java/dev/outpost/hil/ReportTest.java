package dev.outpost.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void oneFailedCheckFailsTheRunAndMessagesStayInTheirCells() {
        String md = Report.render("bench-1", Instant.parse("2027-03-01T11:00:00Z"), List.of(
                new Outcome("wiring", true, "3 wired pairs read back", Duration.ofMillis(12)),
                new Outcome("printer-status", false, "printer p|1: PAPER_OUT\nload paper", Duration.ofNanos(600_000))));
        assertEquals("""
                # Hardware-in-the-loop report: bench bench-1

                Run at 2027-03-01T11:00:00Z: 2 checks, 1 passed, 1 failed. **FAIL**

                | check | outcome | time | message |
                |---|---|---|---|
                | wiring | PASS | 12 ms | 3 wired pairs read back |
                | printer-status | **FAIL** | 0.6 ms | printer p\\|1: PAPER_OUT<br>load paper |
                """, md);
    }
}
