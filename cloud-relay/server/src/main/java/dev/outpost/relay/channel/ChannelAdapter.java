package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.relay.store.Tx;
import java.sql.SQLException;
import java.util.List;

/**
 * Delivers items to one kind of channel. Adding a kind of channel is adding one implementation and wiring it in
 * {@link Channels}. An adapter answers every push, in order: it never throws for a channel that is down or says no;
 * those are {@link Outcome}s the next run reads. An adapter either sends to a system outside the relay
 * ({@link Remote}: no transaction is held while it waits) or publishes files the relay serves itself ({@link Hosted}:
 * in the transaction that records the outcomes, so every relay on the store serves what is recorded).
 */
sealed interface ChannelAdapter {
    /** The {@code kind} channels name to use this adapter, e.g. {@code website}. */
    String kind();

    /** A channel outside the relay, reached over the network. */
    non-sealed interface Remote extends ChannelAdapter {
        /** Sends {@code pushes} to {@code channel}; one outcome per push, in the same order. */
        List<Outcome> send(Channel channel, List<Push> pushes);
    }

    /** A channel the relay serves from its own store ({@link ContentStore}). */
    non-sealed interface Hosted extends ChannelAdapter {
        /** Publishes {@code pushes} for {@code channel} in {@code tx}; one outcome per push, in the same order. */
        List<Outcome> publish(Tx tx, Channel channel, List<Push> pushes) throws SQLException;
    }

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
