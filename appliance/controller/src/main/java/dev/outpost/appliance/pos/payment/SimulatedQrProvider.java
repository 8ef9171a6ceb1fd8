package dev.outpost.appliance.pos.payment;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A QR provider for the demo and the tests, named {@code simqr}: each payment started takes the next planned
 * {@link Outcome} ({@link #plan}), or {@link Outcome#SUCCEED} when none is planned. SUCCEED and FAIL are reported at the
 * first status poll; NEVER stays pending, so the engine's time limit gives it up.
 */
public final class SimulatedQrProvider implements PaymentProvider {
    public static final String NAME = "simqr";

    public enum Outcome {
        SUCCEED, FAIL, NEVER
    }

    private final Deque<Outcome> planned = new ArrayDeque<>();
    private final Map<String, Outcome> payments = new HashMap<>();
    private final Map<String, Boolean> cancelled = new HashMap<>();
    private final Map<String, Started> byKey = new HashMap<>();
    private int started;

    @Override
    public String name() {
        return NAME;
    }

    /** The outcomes of the next payments started, in order. */
    public synchronized void plan(Outcome... outcomes) {
        planned.addAll(java.util.List.of(outcomes));
    }

    @Override
    public synchronized Started start(String idempotencyKey, long amountMinor, String currency) {
        Started again = byKey.get(idempotencyKey);
        if (again != null) {
            return again;
        }
        String reference = NAME + "-" + (++started);
        Outcome outcome = planned.isEmpty() ? Outcome.SUCCEED : planned.poll();
        payments.put(reference, outcome);
        Started answer = new Started(reference, "simqr://pay?ref=" + reference + "&amount=" + amountMinor + "&currency="
                + currency);
        byKey.put(idempotencyKey, answer);
        return answer;
    }

    @Override
    public synchronized Status status(String reference) {
        Outcome outcome = payments.get(reference);
        if (outcome == null) {
            throw new IllegalArgumentException("simqr: no payment " + reference);
        }
        if (cancelled.containsKey(reference)) {
            return Status.FAILED;
        }
        return switch (outcome) {
            case SUCCEED -> Status.SUCCEEDED;
            case FAIL -> Status.FAILED;
            case NEVER -> Status.PENDING;
        };
    }

    @Override
    public synchronized void cancel(String reference) {
        cancelled.put(reference, true);
    }

    /** Whether the engine gave up a payment (tests). */
    public synchronized boolean cancelled(String reference) {
        return cancelled.containsKey(reference);
    }
}
