package dev.outpost.site.mqtt;

/** Receives messages of one subscription; runs on the client's single delivery thread, so keep it short. */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(String topic, byte[] payload);
}
