package dev.outpost.appliance.pos.receipt;

import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import dev.outpost.appliance.pos.pricing.Pricing;
import dev.outpost.appliance.pos.sale.Checkout;
import dev.outpost.appliance.pos.sale.SaleState;
import dev.outpost.appliance.pos.sale.SaleView;
import dev.outpost.appliance.pos.staff.Session;
import dev.outpost.hal.printer.EscPos;
import dev.outpost.hal.printer.PrinterException;
import dev.outpost.hal.printer.PrinterStatus;
import dev.outpost.hal.printer.ReceiptPrinter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Optional;
import java.util.function.Function;

/**
 * Receipts of paid sales: as text (42 columns, the width of 80 mm paper in font A) and as ESC/POS bytes sent through the
 * HAL {@link ReceiptPrinter} of the sale's terminal. The first print goes at any time; a reprint (marked REPRINT)
 * only on the sale's business day. A printer that is out of paper, open or unreachable is a visible error (503 naming
 * the printer and its status) and counts nothing as printed.
 */
public final class Receipts {
    static final int WIDTH = 42;

    private final PosDb db;
    private final Checkout checkout;
    private final Function<String, Optional<ReceiptPrinter>> printers;
    private final String site;
    private final ZoneId zone;
    private final InstantSource clock;

    /** @param printers the receipt printer of a terminal, if it has one */
    public Receipts(PosDb db, Checkout checkout, Function<String, Optional<ReceiptPrinter>> printers, String site,
                    ZoneId zone, InstantSource clock) {
        this.db = db;
        this.checkout = checkout;
        this.printers = printers;
        this.site = site;
        this.zone = zone;
        this.clock = clock;
    }

    /** What a printed receipt of a sale says; 409 for a sale not paid (yet). */
    public String text(String id) {
        return render(paid(checkout.view(id)), false);
    }

    /** What {@link #print} answers. */
    public record Printed(String transactionId, String printer, boolean reprint, int bytes) {
    }

    /** Prints the receipt on the printer of the caller's terminal; a second print is a reprint. */
    public synchronized Printed print(Session session, String id) {
        SaleView sale = paid(checkout.view(id));
        ReceiptPrinter printer = printer(session.terminalId());
        int prints = db.inTransaction("read the prints of " + id, () -> db.query("SELECT prints FROM pos_receipt"
                + " WHERE sale_id = ?", r -> r.getInt(1), id)).stream().findFirst().orElse(0);
        boolean reprint = prints > 0;
        String today = LocalDate.ofInstant(clock.instant(), zone).toString();
        if (reprint && !today.equals(sale.businessDay())) {
            throw PosException.conflict("transaction " + id + ": a receipt is reprinted on the day of the sale ("
                    + sale.businessDay() + "), today is " + today);
        }
        byte[] job = EscPos.receipt(render(sale, reprint));
        try {
            printer.print(job);
        } catch (PrinterException e) {
            throw PosException.storage(e.getMessage() + "; the receipt of " + id + " was not printed", e);
        }
        Instant now = clock.instant();
        db.inTransaction("count a print of " + id, () -> {
            db.update("INSERT INTO pos_receipt (sale_id, prints, last_printed_ms) VALUES (?, 1, ?) ON CONFLICT (sale_id)"
                    + " DO UPDATE SET prints = prints + 1, last_printed_ms = excluded.last_printed_ms", id,
                    now.toEpochMilli());
            if (reprint) {
                db.audit(session.terminalId(), session.employeeId(), "reprint", "receipt of transaction " + id);
            }
            return null;
        });
        return new Printed(id, printer.id(), reprint, job.length);
    }

    /** The status of a terminal's printer, asked now. */
    public PrinterStatus status(String terminal) {
        return printer(terminal).status();
    }

    private ReceiptPrinter printer(String terminal) {
        return printers.apply(terminal).orElseThrow(() -> PosException.notFound("terminal " + terminal
                + ": no receipt printer (pos.printers names none for it)"));
    }

    private static SaleView paid(SaleView sale) {
        if (sale.state() == SaleState.DRAFT || sale.state() == SaleState.PENDING_PAYMENT) {
            throw PosException.conflict("transaction " + sale.transactionId() + ": is " + sale.state()
                    + "; a receipt is for a paid sale");
        }
        return sale;
    }

    String render(SaleView sale, boolean reprint) {
        Currency currency = Currency.getInstance(sale.currency());
        StringBuilder out = new StringBuilder();
        if (reprint) {
            out.append(center("*** REPRINT ***")).append('\n');
        }
        out.append(center(site)).append('\n');
        out.append(pad("Sale " + sale.transactionId().substring(0, Math.min(13, sale.transactionId().length())),
                sale.businessDay())).append('\n');
        out.append(pad("Till " + sale.terminalId(), "Cashier " + sale.cashierId())).append('\n');
        out.append("-".repeat(WIDTH)).append('\n');
        for (Pricing.PricedLine line : sale.lines()) {
            out.append(pad(line.quantity() + " x " + line.name(), money(line.quantity() * line.unitPriceMinor(),
                    currency))).append('\n');
            if (line.discountMinor() > 0) {
                out.append(pad("   discount", "-" + money(line.discountMinor(), currency))).append('\n');
            }
        }
        out.append("-".repeat(WIDTH)).append('\n');
        out.append(pad("Subtotal", money(sale.subtotalMinor(), currency))).append('\n');
        if (sale.discountMinor() > 0) {
            out.append(pad("Discounts", "-" + money(sale.discountMinor(), currency))).append('\n');
        }
        out.append(pad("Tax", money(sale.taxMinor(), currency))).append('\n');
        out.append(pad("TOTAL " + sale.currency(), money(sale.totalMinor(), currency))).append('\n');
        for (SaleView.PaymentView p : sale.payments()) {
            if (p.state().equals("SUCCEEDED")) {
                out.append(pad(p.method().equals("cash") ? "Cash" : "QR " + p.provider(),
                        money(p.tenderedMinor(), currency))).append('\n');
            }
        }
        if (sale.changeMinor() > 0) {
            out.append(pad("Change", money(sale.changeMinor(), currency))).append('\n');
        }
        if (sale.state() != SaleState.PAID) {
            out.append(center("*** " + sale.state() + " ***")).append('\n');
        }
        return out.toString();
    }

    private static String money(long minor, Currency currency) {
        return BigDecimal.valueOf(minor, Math.max(0, currency.getDefaultFractionDigits())).toPlainString();
    }

    private static String pad(String left, String right) {
        int room = WIDTH - right.length() - 1;
        String l = left.length() > room ? left.substring(0, room) : left;
        return l + " ".repeat(WIDTH - l.length() - right.length()) + right;
    }

    private static String center(String text) {
        String t = text.length() > WIDTH ? text.substring(0, WIDTH) : text;
        return " ".repeat((WIDTH - t.length()) / 2) + t;
    }
}
