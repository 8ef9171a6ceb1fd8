package dev.outpost.api.event;

import java.util.Set;
import java.util.TreeSet;

/**
 * The event types the product sends to the relay, {@code <area>.<what>}. The relay refuses a batch holding any other
 * type, so a typo on a device is caught at its first send instead of being stored and never read. Add a type here
 * when a device starts emitting it; a type is never renamed (stored events keep it).
 */
public final class EventTypes {
    /** Every known type. */
    public static final Set<String> KNOWN = Set.of(
            // appliance: anomalies seen on the site (a device offline, a clock skew, a cache failure)
            "heartbeat.anomaly",
            // appliance: the site's menu tier changed (an alarm while STALE or EXPIRED), a manager override of EXPIRED
            "menu.tier", "menu.override",
            // gate controller: every decision and passage, journaled before it is acknowledged
            "gate.admit", "gate.reject", "gate.entry", "gate.exit", "gate.return", "gate.state", "gate.recount",
            // POS edge: state changes of a transaction
            "pos.sale", "pos.void", "pos.refund",
            // flip coordinator: how a store's menu flip ended
            "flip.commit", "flip.abort");

    private EventTypes() {
    }

    public static boolean known(String type) {
        return KNOWN.contains(type);
    }

    /** The known types in order, for error messages. */
    public static String list() {
        return String.join(", ", new TreeSet<>(KNOWN));
    }
}
