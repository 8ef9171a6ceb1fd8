package dev.outpost.api.catalog;

import dev.outpost.api.json.Fields;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A promotion on {@code skus} between {@code from} and {@code until} (both inclusive), for baskets of at least
 * {@code min_purchase_minor}. Of {@code basis_points}, {@code amount_minor}, {@code buy} and {@code get}, only those of
 * its kind are set (the others are 0 here and null in JSON): {@link Kind#PERCENT} uses {@code basis_points},
 * {@link Kind#AMOUNT} {@code amount_minor} off each eligible unit, {@link Kind#BUY_X_GET_Y} {@code buy} and
 * {@code get} (buy 2 get 1: of every 3 eligible units the cheapest is free).
 */
public record Promotion(String id, String name, Kind kind, int basisPoints, long amountMinor, int buy, int get,
                        List<String> skus, Instant from, Instant until, long minPurchaseMinor) {
    public enum Kind {
        PERCENT("percent"), AMOUNT("amount"), BUY_X_GET_Y("buy_x_get_y");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static List<String> names() {
            return List.of("percent", "amount", "buy_x_get_y");
        }

        public static Kind of(String field, String json) {
            Fields.oneOf(field, json, names());
            return switch (json) {
                case "percent" -> PERCENT;
                case "amount" -> AMOUNT;
                default -> BUY_X_GET_Y;
            };
        }
    }

    public Promotion {
        Fields.nonBlank("id", id);
        Fields.nonBlank("name", name);
        Fields.present("kind", kind);
        switch (kind) {
            case PERCENT -> {
                if (basisPoints < 1 || basisPoints > 10_000) {
                    throw new InvalidFieldException("basis_points", "must be between 1 and 10000 for a percent"
                            + " promotion, was " + basisPoints);
                }
                unused("amount_minor", amountMinor, kind);
                unused("buy", buy, kind);
                unused("get", get, kind);
            }
            case AMOUNT -> {
                Fields.positive("amount_minor", amountMinor);
                unused("basis_points", basisPoints, kind);
                unused("buy", buy, kind);
                unused("get", get, kind);
            }
            case BUY_X_GET_Y -> {
                Fields.positive("buy", buy);
                Fields.positive("get", get);
                unused("basis_points", basisPoints, kind);
                unused("amount_minor", amountMinor, kind);
            }
        }
        skus = Fields.nonBlankList("skus", skus);
        if (skus.isEmpty()) {
            throw new InvalidFieldException("skus", "must name at least one SKU");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < skus.size(); i++) {
            if (!seen.add(skus.get(i))) {
                throw new InvalidFieldException("skus[" + i + "]", skus.get(i) + " is listed twice");
            }
        }
        Fields.present("from", from);
        Fields.after("until", until, "from", from);
        Fields.notNegative("min_purchase_minor", minPurchaseMinor);
    }

    /** Whether the promotion runs at {@code at} (both ends inclusive). */
    public boolean activeAt(Instant at) {
        return !at.isBefore(from) && !at.isAfter(until);
    }

    private static void unused(String field, long value, Kind kind) {
        if (value != 0) {
            throw new InvalidFieldException(field, "must be null for a " + kind.json() + " promotion, was " + value);
        }
    }
}
