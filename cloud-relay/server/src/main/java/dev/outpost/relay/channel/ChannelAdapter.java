package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Delivers items to one kind of channel. Adding a kind of channel is adding one implementation and wiring it in
 * {@link Channels}. An adapter answers every push, in order: it never throws for a channel that is down or says no;
 * those are {@link Outcome}s the next run reads.
 */
interface ChannelAdapter {
    /** The {@code kind} channels name to use this adapter, e.g. {@code website}. */
    String kind();

    /** Sends {@code pushes} to {@code channel}; one outcome per push, in the same order. */
    List<Outcome> send(Channel channel, List<Push> pushes);

    /**
     * One item's new value for a channel.
     *
     * @param key   the idempotency key: the same change sent twice carries the same key and must apply once
     * @param value the formatted item ({@link ItemFormat}); null removes the item from the channel
     */
    record Push(String item, String key, JsonNode value) {
    }

    /** What the channel said: accepted, rejected (it will refuse the same again; the reason says why), or failed. */
    record Outcome(State state, String reason) {
        static final Outcome ACCEPTED = new Outcome(State.ACCEPTED, null);

        static Outcome rejected(String reason) {
            return new Outcome(State.REJECTED, reason);
        }

        static Outcome failed(String reason) {
            return new Outcome(State.FAILED, reason);
        }
    }

    enum State {
        ACCEPTED,
        REJECTED,
        /** Not known to have applied (a timeout, a 5xx, a broken connection): retried with the same key. */
        FAILED
    }
}
