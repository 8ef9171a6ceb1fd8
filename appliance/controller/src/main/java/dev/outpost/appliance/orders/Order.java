package dev.outpost.appliance.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A restaurant order as the appliance holds it (and {@code GET /v1/orders/{id}} shows it). Instants not reached yet
 * are null.
 *
 * @param number  the order's number in its business day (the store's local date when it was created), from 1
 * @param reason  why it was cancelled; null otherwise
 * @param tickets one per kitchen station its lines go to, from when it was paid
 */
public record Order(UUID id, LocalDate businessDay, int number, OrderState state, Instant createdAt, Instant submittedAt,
                    Instant paidAt, String transactionId, Instant readyAt, Instant closedAt, String reason,
                    List<Line> lines, List<Ticket> tickets) {

    /** @param station the kitchen station that cooks it, routed by category when the order was created */
    public record Line(String sku, String name, String category, int quantity, String note, String station) {
    }

    /** @param bumpedAt when the station was done with it, null while open; {@code bumpSeq} orders bumps for recall */
    public record Ticket(String station, Instant bumpedAt, long bumpSeq) {
        public boolean open() {
            return bumpedAt == null;
        }
    }

    public Order {
        lines = List.copyOf(lines);
        tickets = List.copyOf(tickets);
    }

    Order moved(OrderState next, Instant at) {
        if (!state.canBecome(next)) {
            throw new OrderRefused("order " + id + " (number " + number + "): is " + state + ", cannot become " + next);
        }
        return new Order(id, businessDay, number, next, createdAt,
                next == OrderState.PENDING_PAYMENT ? at : submittedAt,
                paidAt, transactionId,
                next == OrderState.READY ? at : next == OrderState.PREPARING ? null : readyAt,
                next.closed() ? at : null, reason, lines, tickets);
    }

    Order paid(String transaction, Instant at) {
        Order preparing = moved(OrderState.PREPARING, at);
        List<Ticket> opened = lines.stream().map(Line::station).distinct().sorted()
                .map(station -> new Ticket(station, null, 0)).toList();
        return new Order(id, businessDay, number, preparing.state, createdAt, submittedAt, at, transaction, null, null,
                reason, lines, opened);
    }

    Order cancelled(String why, Instant at) {
        Order cancelled = moved(OrderState.CANCELLED, at);
        return new Order(id, businessDay, number, cancelled.state, createdAt, submittedAt, paidAt, transactionId, readyAt,
                cancelled.closedAt, why, lines, tickets);
    }

    Order withTicket(Ticket ticket) {
        List<Ticket> changed = new ArrayList<>(tickets);
        changed.replaceAll(t -> t.station().equals(ticket.station()) ? ticket : t);
        return new Order(id, businessDay, number, state, createdAt, submittedAt, paidAt, transactionId, readyAt, closedAt,
                reason, lines, changed);
    }

    /** This order's ticket at {@code station}, if it has one. */
    Optional<Ticket> ticket(String station) {
        return tickets.stream().filter(t -> t.station().equals(station)).findFirst();
    }

    List<Line> linesFor(String station) {
        return lines.stream().filter(l -> l.station().equals(station)).toList();
    }
}
