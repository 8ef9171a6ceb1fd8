package dev.outpost.site.mqtt;

/** A change of a {@link SiteMqttClient}'s connection; {@code detail} says why, for logs and operators. */
public record ConnectionEvent(State state, int attempt, String detail) {

    public enum State {
        /** First connection of this client. */
        CONNECTED,
        /** Connected again after a loss; subscriptions are being restored. */
        RECONNECTED,
        /** An attempt failed; another follows after the backoff delay. */
        CONNECT_FAILED,
        /** An established connection was lost; reconnecting follows. */
        DISCONNECTED
    }

    public boolean connected() {
        return state == State.CONNECTED || state == State.RECONNECTED;
    }
}
