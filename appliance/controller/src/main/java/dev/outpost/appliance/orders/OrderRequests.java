package dev.outpost.appliance.orders;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.InvalidFieldException;
import java.util.List;
import java.util.UUID;

/** The bodies of the orders API; each checks its fields, naming them, before anything is written. */
public final class OrderRequests {
    static final int MAX_LINES = 100;
    static final int MAX_QUANTITY = 99;
    static final int MAX_TEXT = 100;
    static final int MAX_NOTE = 200;

    private OrderRequests() {
    }

    /** {@code POST /v1/orders}: a new order (DRAFT) with its lines. */
    @Document("order")
    public record NewOrder(List<NewLine> lines) {
        public NewOrder {
            if (lines == null || lines.isEmpty() || lines.size() > MAX_LINES) {
                throw new InvalidFieldException("lines", "must hold 1 to " + MAX_LINES + " lines, held "
                        + (lines == null ? "none" : lines.size()));
            }
            lines = List.copyOf(lines);
        }
    }

    /** @param note the guest's note for the kitchen, empty for none */
    public record NewLine(String sku, String name, String category, int quantity, String note) {
        public NewLine {
            text("sku", sku, MAX_TEXT);
            text("name", name, MAX_TEXT);
            text("category", category, MAX_TEXT);
            if (quantity < 1 || quantity > MAX_QUANTITY) {
                throw new InvalidFieldException("quantity", "must be between 1 and " + MAX_QUANTITY + ", was " + quantity);
            }
            if (note == null || note.length() > MAX_NOTE) {
                throw new InvalidFieldException("note", "must be text of at most " + MAX_NOTE + " characters (empty for"
                        + " none), was " + (note == null ? "null" : note.length() + " characters"));
            }
        }
    }

    /** {@code POST /v1/orders/{id}/paid}: the POS transaction that paid it. */
    @Document("order_paid")
    public record Paid(String transactionId) {
        public Paid {
            text("transaction_id", transactionId, MAX_TEXT);
        }
    }

    /** {@code POST /v1/orders/{id}/cancel}. */
    @Document("order_cancel")
    public record Cancel(String reason) {
        public Cancel {
            text("reason", reason, 500);
        }
    }

    /** {@code POST /v1/kds/{station}/bump}: the station is done with this order's ticket. */
    @Document("kds_bump")
    public record Bump(UUID orderId) {
        public Bump {
            if (orderId == null) {
                throw new InvalidFieldException("order_id", "must not be null");
            }
        }
    }

    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "must not be blank, was " + (value == null ? "null" : "'" + value + "'"));
        }
        if (value.length() > max) {
            throw new InvalidFieldException(field, "must be at most " + max + " characters, was " + value.length());
        }
        return value;
    }
}
