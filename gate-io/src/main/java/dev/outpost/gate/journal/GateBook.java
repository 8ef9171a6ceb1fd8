package dev.outpost.gate.journal;

import java.util.UUID;

/**
 * What a gate must know again after a restart, written with every journal entry in the same transaction.
 *
 * @param sequence           the sequence number of the last journal entry (0 before the first)
 * @param leaseId            the lease the counts below belong to
 * @param used               rights spent on that lease (cumulative)
 * @param exited             rights given back on that lease: confirmed exits and unused rights returned (cumulative)
 * @param armed              a right is spent and the entry unlocked, its passage not yet seen
 * @param entryCounter       the turnstile's entry counter when last read, or -1 when it keeps none
 * @param exitCounter        the turnstile's exit counter when last read, or -1
 * @param recountsAtFire     after a fire, entries wait for a mall status with more recounts than this and a
 *                           known count; -1 when no fire is pending
 * @param recounts           the latest operator recount of the mall the gate knows of (0 before it learns of any)
 * @param preExited          how much of {@code exited} the gate had counted when it learned of {@code recounts}:
 *                           those exits may predate the recount, so they must not lower the recounted count
 */
public record GateBook(long sequence, UUID leaseId, long used, long exited, boolean armed, long entryCounter,
                       long exitCounter, long recountsAtFire, long recounts, long preExited) {

    public static GateBook fresh(UUID leaseId) {
        return new GateBook(0, leaseId, 0, 0, false, -1, -1, -1, 0, 0);
    }

    public GateBook spend(int n) {
        return new GateBook(sequence, leaseId, used + n, exited, armed, entryCounter, exitCounter, recountsAtFire, recounts,
                preExited);
    }

    public GateBook giveBack(int n) {
        return new GateBook(sequence, leaseId, used, exited + n, armed, entryCounter, exitCounter, recountsAtFire, recounts,
                preExited);
    }

    public GateBook armed(boolean value) {
        return new GateBook(sequence, leaseId, used, exited, value, entryCounter, exitCounter, recountsAtFire, recounts,
                preExited);
    }

    public GateBook counters(long entries, long exits) {
        return new GateBook(sequence, leaseId, used, exited, armed, entries, exits, recountsAtFire, recounts, preExited);
    }

    public GateBook recountsAtFire(long value) {
        return new GateBook(sequence, leaseId, used, exited, armed, entryCounter, exitCounter, value, recounts, preExited);
    }

    /** The gate learned of recount {@code value}: every exit it has counted so far may predate it. */
    public GateBook learnedRecount(long value) {
        return new GateBook(sequence, leaseId, used, exited, armed, entryCounter, exitCounter, recountsAtFire, value, exited);
    }

    GateBook next() {
        return new GateBook(sequence + 1, leaseId, used, exited, armed, entryCounter, exitCounter, recountsAtFire, recounts,
                preExited);
    }
}
