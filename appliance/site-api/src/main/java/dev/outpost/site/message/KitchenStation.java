package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Appliance → kitchen screens, retained on {@code Topics.kdsStation(site, station)}: what one kitchen station has to
 * cook, as the appliance (the source of truth) holds it, so a screen that boots shows it at once. Published at the
 * appliance's start and after every change of the station's tickets.
 *
 * @param tickets        the station's open tickets (not bumped), oldest first, each with this station's lines only
 * @param allDay         per item, the quantity across those tickets ("all day"), largest first
 * @param recall         the ticket a recall would bring back (the last one bumped whose order is not closed): none or one
 * @param warnAfterSeconds a ticket open this long is shown as running late-ish (warning colour)
 * @param lateAfterSeconds a ticket open this long is late (more than {@code warnAfterSeconds})
 */
@Document("kds_station")
public record KitchenStation(String station, List<Ticket> tickets, List<AllDay> allDay, List<Bumped> recall,
                             long warnAfterSeconds, long lateAfterSeconds, Instant sentAt) {
    static final int MAX_NOTE = 200;

    /** A ticket: one order's lines for this station; its timer runs from {@code startedAt} (when it was paid). */
    public record Ticket(UUID orderId, int number, Instant startedAt, List<Line> lines) {
        public Ticket {
            Check.present("order_id", orderId);
            if (number < 1) {
                throw new InvalidFieldException("number", "an order number is at least 1, was " + number);
            }
            Check.present("started_at", startedAt);
            lines = List.copyOf(Check.present("lines", lines));
            if (lines.isEmpty()) {
                throw new InvalidFieldException("lines", "a ticket holds at least one line");
            }
        }
    }

    /** @param note the guest's note for the cook, empty for none */
    public record Line(String sku, String name, int quantity, String note) {
        public Line {
            Check.text("sku", sku);
            Check.text("name", name);
            if (quantity < 1) {
                throw new InvalidFieldException("quantity", "must be at least 1, was " + quantity);
            }
            Check.present("note", note);
            if (note.length() > MAX_NOTE) {
                throw new InvalidFieldException("note", "must be at most " + MAX_NOTE + " characters, was " + note.length());
            }
        }
    }

    public record AllDay(String sku, String name, int quantity) {
        public AllDay {
            Check.text("sku", sku);
            Check.text("name", name);
            Check.notNegative("quantity", quantity);
        }
    }

    public record Bumped(UUID orderId, int number, Instant bumpedAt) {
        public Bumped {
            Check.present("order_id", orderId);
            Check.present("bumped_at", bumpedAt);
        }
    }

    public KitchenStation {
        Check.id("station", station);
        tickets = List.copyOf(Check.present("tickets", tickets));
        allDay = List.copyOf(Check.present("all_day", allDay));
        recall = List.copyOf(Check.present("recall", recall));
        if (recall.size() > 1) {
            throw new InvalidFieldException("recall", "holds at most one ticket, held " + recall.size());
        }
        if (warnAfterSeconds < 1 || lateAfterSeconds <= warnAfterSeconds) {
            throw new InvalidFieldException("late_after_seconds", "must be more than warn_after_seconds ("
                    + warnAfterSeconds + ", at least 1), was " + lateAfterSeconds);
        }
        Check.present("sent_at", sentAt);
    }
}
