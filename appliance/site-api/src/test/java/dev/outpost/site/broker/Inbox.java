package dev.outpost.site.broker;

import dev.outpost.site.mqtt.MessageHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects received messages; {@link #next} waits with a deadline. */
public final class Inbox implements MessageHandler {

    public record Message(String topic, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final List<Message> all = new ArrayList<>();

    @Override
    public void onMessage(String topic, byte[] payload) {
        Message message = new Message(topic, payload);
        synchronized (all) {
            all.add(message);
        }
        queue.add(message);
    }

    public Message next() {
        try {
            Message message = queue.poll(TestSite.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + TestSite.WAIT);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for a message on {@code topic}, returning the ones received before it. */
    public List<Message> until(String topic) {
        List<Message> before = new ArrayList<>();
        while (true) {
            Message message = next();
            if (message.topic().equals(topic)) {
                return before;
            }
            before.add(message);
        }
    }

    public List<Message> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }
}
