package dev.outpost.relay.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.ContractException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * When a plan's stage pauses by itself: more than {@code maxFailedPct} percent of the stores its current stage covers
 * report a failed (aborted) flip, or more than {@code maxAutonomousPct} percent report screens that committed on
 * their own (the appliance did not say COMMIT in time). 100 never pauses; 0 pauses at the first one.
 */
public record Guardrail(int maxFailedPct, int maxAutonomousPct) {
    public static final Guardrail DEFAULT = new Guardrail(10, 20);
    private static final List<String> FIELDS = List.of("max_failed_pct", "max_autonomous_pct");

    public Guardrail {
        percent("max_failed_pct", maxFailedPct);
        percent("max_autonomous_pct", maxAutonomousPct);
    }

    /** {@code {"max_failed_pct": 10, "max_autonomous_pct": 20}} as a plan's {@code guardrail}; a missing field keeps its default. */
    static Guardrail read(JsonNode node) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ContractException("plan", ".guardrail", "unknown field '" + name + "' (known: "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        return new Guardrail(field(node, "max_failed_pct", DEFAULT.maxFailedPct()),
                field(node, "max_autonomous_pct", DEFAULT.maxAutonomousPct()));
    }

    private static int field(JsonNode node, String name, int fallback) {
        JsonNode value = node.get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ContractException("plan", ".guardrail." + name, "expected a whole percent from 0 to 100, was "
                    + value);
        }
        return percent(name, value.intValue());
    }

    private static int percent(String name, int value) {
        if (value < 0 || value > 100) {
            throw new ContractException("plan", ".guardrail." + name, "expected a whole percent from 0 to 100, was "
                    + value);
        }
        return value;
    }

    /**
     * Why a stage of {@code stores} stores, {@code failed} of them failed and {@code autonomous} of them with
     * autonomous commits, pauses, naming the numbers; empty when it holds.
     */
    public Optional<String> breach(int stage, int stores, int failed, int autonomous) {
        if (above(failed, stores, maxFailedPct)) {
            return Optional.of(why(stage, stores, failed, "failed (aborted)", "max_failed_pct", maxFailedPct));
        }
        if (above(autonomous, stores, maxAutonomousPct)) {
            return Optional.of(why(stage, stores, autonomous, "had screens commit on their own", "max_autonomous_pct",
                    maxAutonomousPct));
        }
        return Optional.empty();
    }

    private static boolean above(int count, int of, int maxPct) {
        return of > 0 && count * 100L > (long) maxPct * of;
    }

    private static String why(int stage, int stores, int count, String what, String field, int max) {
        return "guardrail: " + count + " of " + stores + " stores of stage " + (stage + 1) + " ("
                + Math.round(count * 100.0 / stores) + "%) " + what + ", above " + field + " " + max + "%";
    }
}
