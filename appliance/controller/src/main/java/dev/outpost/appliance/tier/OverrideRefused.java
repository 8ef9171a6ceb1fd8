package dev.outpost.appliance.tier;

/** An override asked for or ended in a state that does not allow it (409 on the LAN); nothing was changed. */
public final class OverrideRefused extends RuntimeException {
    OverrideRefused(String message) {
        super(message, null, false, false);
    }
}
