package dev.outpost.appliance.pos.staff;

import java.time.Instant;

/** A logged-in employee on a terminal; {@code token} is what the terminal sends as {@code Authorization: Bearer}. */
public record Session(String token, String terminalId, String employeeId, Role role, Instant startedAt) {
    @Override
    public String toString() {
        return "session of " + employeeId + " on " + terminalId;
    }
}
