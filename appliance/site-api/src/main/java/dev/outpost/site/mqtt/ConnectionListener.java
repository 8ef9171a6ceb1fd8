package dev.outpost.site.mqtt;

/**
 * Told when the connection comes up (true, also after every reconnect) or goes down (false). Failed attempts are
 * not changes; see {@link SiteMqttClient#onConnectionEvent} for those. Runs on the client's scheduler thread.
 */
@FunctionalInterface
public interface ConnectionListener {
    void onChange(boolean connected);
}
