package dev.outpost.appliance.gates;

import dev.outpost.site.message.GateLeaseGrant;
import dev.outpost.site.message.MallStatus;

/** What the hub's decisions drive. Calls must not block: sending happens elsewhere. */
public interface HubOutputs {

    /** Answers a gate. */
    void grant(String gate, GateLeaseGrant grant);

    /** The mall status changed: retain it for the gates. */
    void publish(MallStatus status);

    /**
     * Sends one request to the relay (a {@code LeaseAcquire}, {@code LeaseRenew} or {@code LeaseRelease}); its
     * outcome comes back through {@code relayGranted}, {@code relaySettled}, {@code relayRefused} or
     * {@code relayFailed}.
     */
    void relay(Object request);
}
