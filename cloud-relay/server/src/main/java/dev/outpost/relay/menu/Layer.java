package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One saved layer of a variant. A promo layer is open over {@code [activeFrom, activeUntil)}; other layers have no
 * window (both null).
 */
public record Layer(Scope scope, JsonNode document, Instant activeFrom, Instant activeUntil, int revision,
                    String updatedBy, Instant updatedAt) {

    boolean openAt(Instant from, Instant until) {
        return !activeFrom.isAfter(from) && !activeUntil.isBefore(until);
    }
}
