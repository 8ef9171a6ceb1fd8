package dev.outpost.gate.admission;

import dev.outpost.site.message.GateLeaseAsk;

/** What the gate's decisions drive: its turnstile and its link to the hub. Calls must not block for long. */
public interface GateOutputs {

    /** Unlocks the entry for one person. */
    void unlockEntry();

    /** Holds entry and exit open (a fire) or stops holding them. */
    void holdOpen(boolean open);

    void fullLamp(boolean on);

    /** Sends an ask to the hub; it may be lost. */
    void send(GateLeaseAsk ask);
}
