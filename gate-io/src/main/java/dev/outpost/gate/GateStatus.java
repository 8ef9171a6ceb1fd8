package dev.outpost.gate;

import dev.outpost.gate.admission.GateState;
import dev.outpost.hal.modbus.ModbusStats;
import dev.outpost.hal.turnstile.TurnstileStatus;
import dev.outpost.site.message.MallStatus;
import java.util.UUID;

/**
 * The body of a gate controller's {@code GET /status}: what the gate decides from, as its loop saw it at one moment.
 *
 * @param state           NORMAL, LEASED, DEGRADED, PESSIMISTIC_REJECT or FIRE_OPEN (ARCHITECTURE.md §6)
 * @param rights          unspent rights the gate holds, not counting the one an unlocked entry is waiting to use
 * @param armed           the entry is unlocked for one person: the right is spent, the passage not yet seen
 * @param leaseLive       the gate holds a lease that has not run out on its own clock
 * @param leaseId         the lease the gate reports on to its hub
 * @param used            rights spent on that lease (cumulative, as reported in the next ask)
 * @param exited          rights given back on that lease: confirmed exits and unused unlocks (cumulative)
 * @param hubConnected    the link to the site broker is up
 * @param journal         how far the journal is written and forwarded
 * @param turnstileDriver {@code gpio} or {@code modbus}
 * @param turnstile       what the turnstile last reported (answering, fire alarm, ready, tamper, manual release)
 * @param modbus          the RS-485 line's counts since start (requests, replies, and each kind of failure: timeouts,
 *                        bad CRC, malformed frames, exception responses, link errors); null for GPIO
 * @param mall            the mall status as last received from the hub; null before the first
 */
public record GateStatus(String gateId, GateState state, int rights, boolean armed, boolean leaseLive, UUID leaseId,
                         long used, long exited, boolean hubConnected, JournalStatus journal, String turnstileDriver,
                         TurnstileStatus turnstile, ModbusStats modbus, MallStatus mall) {

    /**
     * @param lastSequence     the sequence of the last entry written
     * @param forwardedThrough the last entry the hub acknowledged
     * @param backlog          entries written and not yet acknowledged
     */
    public record JournalStatus(long lastSequence, long forwardedThrough, long backlog) {
    }
}
