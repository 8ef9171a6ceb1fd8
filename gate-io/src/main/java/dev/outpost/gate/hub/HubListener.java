package dev.outpost.gate.hub;

import dev.outpost.site.message.GateJournalAck;
import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;

/** What the hub tells a gate, decoded. Calls come from the MQTT client's delivery thread and must return quickly. */
public interface HubListener {

    /** The retained mall status, at subscribe and on every change. */
    void mallStatus(MallStatus status);

    void grant(GateLeaseGrant grant);

    void journalAcked(GateJournalAck ack);
}
