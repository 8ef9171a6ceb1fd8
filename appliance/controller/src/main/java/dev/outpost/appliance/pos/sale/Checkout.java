package dev.outpost.appliance.pos.sale;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.outpost.api.event.PaymentFailed;
import dev.outpost.api.event.SalePaid;
import dev.outpost.api.event.SalePayment;
import dev.outpost.api.event.SaleRefunded;
import dev.outpost.api.event.SaleVoided;
import dev.outpost.api.event.UuidV7;
import dev.outpost.appliance.pos.PosConfig;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import dev.outpost.appliance.pos.catalog.CatalogStore;
import dev.outpost.appliance.pos.catalog.Item;
import dev.outpost.appliance.pos.inventory.Inventory;
import dev.outpost.appliance.pos.offline.OfflineRule;
import dev.outpost.appliance.pos.payment.PaymentProvider;
import dev.outpost.appliance.pos.pricing.Pricing;
import dev.outpost.appliance.pos.staff.Session;
import dev.outpost.appliance.pos.staff.Staff;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The checkout: sales from DRAFT to PAID and on to VOID or REFUNDED (see {@link SaleState}). Every state change commits
 * with its contract event ({@link SaleEvents}) and its stock moves ({@link Inventory}) in one {@code pos.db} transaction, so a sale is durable before the
 * cashier sees "paid" and its event reaches the outbox after commit, or after a crash at the next open.
 *
 * <p>A duplicate scan — the barcode of the terminal's last accepted scan again, within
 * {@code pos.duplicate-scan-window} of it, measured on the monotonic ticker — is ignored and said so in the answer's {@code notice}. Prices are
 * those of the held catalog while DRAFT and locked at finalize. One lock serializes the checkout (one SQLite
 * connection); QR provider calls happen under it, so a provider must answer within its own short timeouts.
 */
public final class Checkout {
    private final PosDb db;
    private final CatalogStore catalogs;
    private final Staff staff;
    private final OfflineRule offline;
    private final Inventory inventory;
    private final PaymentProvider qr;
    private final PosConfig config;
    private final InstantSource clock;
    private final LongSupplier ticker;
    private final UuidV7 ids;
    /** Per terminal, the last scan accepted: its barcode and ticker reading. */
    private final Map<String, Scanned> lastScan = new HashMap<>();

    private record Scanned(String barcode, long atNanos) {
    }

    public Checkout(PosDb db, CatalogStore catalogs, Staff staff, OfflineRule offline, Inventory inventory,
                    PaymentProvider qr, PosConfig config, InstantSource clock, LongSupplier ticker) {
        this.db = db;
        this.catalogs = catalogs;
        this.staff = staff;
        this.offline = offline;
        this.inventory = inventory;
        this.qr = qr;
        this.config = config;
        this.clock = clock;
        this.ticker = ticker;
        this.ids = new UuidV7(clock);
    }

    private record Sale(String id, String terminal, String cashier, SaleState state, String catalog, long version,
                        String currency, String businessDay, long change) {
    }

    /** A new DRAFT sale on the session's terminal; 409 with no catalog held or while offline too long. */
    public synchronized SaleView open(Session session) {
        offline.checkNewSale("new sale on " + session.terminalId());
        CatalogStore.Held held = catalogs.held(config.catalog()).orElseThrow(() -> PosException.conflict(
                "new sale on " + session.terminalId() + ": refused, no catalog " + config.catalog()
                        + " is held yet; sales start once the first catalog is applied"));
        String id = ids.next().toString();
        db.inTransaction("open sale " + id, () -> db.update("INSERT INTO pos_sale (sale_id, terminal_id, cashier_id,"
                + " state, catalog, catalog_version, currency, created_ms) VALUES (?, ?, ?, 'DRAFT', ?, ?, ?, ?)", id,
                session.terminalId(), session.employeeId(), held.catalog(), held.version(), held.currency(),
                clock.millis()));
        return view(id);
    }

    public synchronized SaleView view(String id) {
        return db.inTransaction("read transaction " + id, () -> view0(sale(id)));
    }

    /** Adds the SKU of {@code barcode} (one more of it if the sale has it already). */
    public synchronized SaleView scan(Session session, String id, String barcode) {
        if (barcode == null || barcode.isBlank()) {
            throw PosException.badInput("transaction " + id + ": barcode: must not be blank");
        }
        Sale sale = editable(session, id, "add an item");
        long now = ticker.getAsLong();
        Scanned last = lastScan.get(session.terminalId());
        if (last != null && last.barcode().equals(barcode) && now - last.atNanos() < config.scanWindow().toNanos()) {
            return view(id).withNotice("duplicate scan of " + barcode + " on " + session.terminalId() + " within "
                    + config.scanWindow().toMillis() + " ms ignored");
        }
        Item item = catalogs.lookup(sale.catalog(), barcode, clock.instant()).orElseThrow(() -> PosException.notFound(
                "transaction " + id + ": barcode " + barcode + " is not in catalog " + sale.catalog() + " v"
                        + catalogs.heldVersion(sale.catalog()).orElse(0)));
        db.inTransaction("add " + item.sku() + " to transaction " + id, () -> {
            List<Integer> line = db.query("SELECT line_no FROM pos_line WHERE sale_id = ? AND sku = ?",
                    r -> r.getInt(1), id, item.sku());
            if (line.isEmpty()) {
                int next = db.query("SELECT COALESCE(MAX(line_no), 0) + 1 FROM pos_line WHERE sale_id = ?",
                        r -> r.getInt(1), id).getFirst();
                db.update("INSERT INTO pos_line (sale_id, line_no, sku, barcode, quantity) VALUES (?, ?, ?, ?, 1)", id,
                        next, item.sku(), barcode);
            } else {
                db.update("UPDATE pos_line SET quantity = quantity + 1 WHERE sale_id = ? AND line_no = ?", id,
                        line.getFirst());
            }
            return null;
        });
        lastScan.put(session.terminalId(), new Scanned(barcode, now));
        return view(id);
    }

    public synchronized SaleView setQuantity(Session session, String id, int lineNo, long quantity) {
        if (quantity < 1 || quantity > 9_999) {
            throw PosException.badInput("transaction " + id + ": quantity: must be between 1 and 9999, was " + quantity
                    + " (remove the line instead of setting 0)");
        }
        editable(session, id, "change a quantity");
        int changed = db.inTransaction("change line " + lineNo + " of " + id, () -> db.update(
                "UPDATE pos_line SET quantity = ? WHERE sale_id = ? AND line_no = ?", quantity, id, lineNo));
        if (changed == 0) {
            throw PosException.notFound("transaction " + id + ": no line " + lineNo);
        }
        return view(id);
    }

    public synchronized SaleView removeLine(Session session, String id, int lineNo) {
        editable(session, id, "remove a line");
        int removed = db.inTransaction("remove line " + lineNo + " of " + id, () -> db.update(
                "DELETE FROM pos_line WHERE sale_id = ? AND line_no = ?", id, lineNo));
        if (removed == 0) {
            throw PosException.notFound("transaction " + id + ": no line " + lineNo);
        }
        return view(id);
    }

    /** DRAFT → PENDING_PAYMENT: prices locked with the held catalog now; 409 for a sale without lines. */
    public synchronized SaleView finalizeSale(Session session, String id) {
        db.inTransaction("finalize " + id, () -> {
            Sale sale = own(session, sale(id));
            transition(sale, SaleState.PENDING_PAYMENT, "finalize");
            Priced priced = price(sale);
            if (priced.priced().lines().isEmpty()) {
                throw PosException.conflict("transaction " + id + ": nothing to finalize, the sale has no lines");
            }
            for (Pricing.PricedLine l : priced.priced().lines()) {
                db.update("UPDATE pos_line SET name = ?, unit_price_minor = ?, discount_minor = ?, tax_minor = ?,"
                        + " total_minor = ?, promotion = ? WHERE sale_id = ? AND line_no = ?", l.name(),
                        l.unitPriceMinor(), l.discountMinor(), l.taxMinor(), l.totalMinor(), l.promotion(), id,
                        l.lineNo());
            }
            Pricing.Priced p = priced.priced();
            db.update("UPDATE pos_sale SET state = 'PENDING_PAYMENT', catalog_version = ?, subtotal_minor = ?,"
                    + " discount_minor = ?, tax_minor = ?, total_minor = ? WHERE sale_id = ?", priced.version(),
                    p.subtotalMinor(), p.discountMinor(), p.taxMinor(), p.totalMinor(), id);
            return null;
        });
        return view(id);
    }

    /** Cash: PENDING_PAYMENT → PAID, with change; 400 when {@code tendered} does not cover the total. */
    public synchronized SaleView payCash(Session session, String id, long tendered) {
        Instant now = clock.instant();
        db.inTransaction("take cash for " + id, () -> {
            Sale sale = own(session, sale(id));
            transition(sale, SaleState.PAID, "take a payment");
            noPendingQr(sale);
            long total = total(id);
            if (tendered < total) {
                throw PosException.badInput("transaction " + id + ": amount_minor: " + tendered
                        + " does not cover the total " + total);
            }
            int attempt = nextAttempt(id);
            db.update("INSERT INTO pos_payment (sale_id, attempt, method, provider, amount_minor, tendered_minor,"
                    + " state, started_ms) VALUES (?, ?, 'cash', 'cash', ?, ?, 'SUCCEEDED', ?)", id, attempt, total,
                    tendered, now.toEpochMilli());
            paid(sale, now, tendered - total);
            return null;
        });
        return view(id);
    }

    /** QR: asks the provider for the total; the view's pending payment carries the QR payload to show. */
    public synchronized SaleView startQr(Session session, String id) {
        Sale sale = db.inTransaction("read transaction " + id, () -> {
            Sale s = own(session, sale(id));
            transition(s, SaleState.PAID, "start a QR payment");
            noPendingQr(s);
            return s;
        });
        // the attempt is recorded before the provider is asked, so a crash in between leaves a pending attempt whose
        // idempotency key asks again for the same payment at the next poll
        record Attempt(int number, long total) {
        }
        Attempt attempt = db.inTransaction("record a QR payment of " + id, () -> {
            long total = total(id);
            int number = nextAttempt(id);
            db.update("INSERT INTO pos_payment (sale_id, attempt, method, provider, amount_minor, tendered_minor,"
                    + " state, started_ms) VALUES (?, ?, 'qr', ?, ?, ?, 'PENDING', ?)", id, number, qr.name(), total,
                    total, clock.millis());
            return new Attempt(number, total);
        });
        try {
            askProvider(id, attempt.number(), attempt.total(), sale.currency());
        } catch (RuntimeException e) {
            return view(id).withNotice("QR provider " + qr.name() + " did not answer, polling asks again: "
                    + e.getMessage());
        }
        return view(id);
    }

    /** Starts (or, with the same key, finds) the provider's payment of an attempt and records its reference. */
    private String askProvider(String id, int attempt, long total, String currency) {
        PaymentProvider.Started started = qr.start(id + "/" + attempt, total, currency);
        db.inTransaction("record the QR reference of " + id, () -> db.update("UPDATE pos_payment SET reference = ?,"
                + " qr_payload = ? WHERE sale_id = ? AND attempt = ?", started.reference(), started.qrPayload(), id,
                attempt));
        return started.reference();
    }

    /**
     * Asks the provider about the pending QR payment: paid (the sale is PAID), failed, or given up once
     * {@code pos.qr-timeout} has passed since it started; failures raise {@code pos.payment.failed}.
     */
    public synchronized SaleView pollQr(Session session, String id) {
        record Pending(int attempt, String reference, long amount, long startedMs) {
        }
        Sale sale = db.inTransaction("read transaction " + id, () -> own(session, sale(id)));
        List<Pending> pending = db.inTransaction("read the QR payment of " + id, () -> db.query("SELECT attempt,"
                + " reference, amount_minor, started_ms FROM pos_payment WHERE sale_id = ? AND state = 'PENDING'",
                r -> new Pending(r.getInt(1), r.getString(2), r.getLong(3), r.getLong(4)), id));
        if (pending.isEmpty()) {
            throw PosException.conflict("transaction " + id + ": is " + sale.state() + " with no QR payment pending");
        }
        Pending p = pending.getFirst();
        PaymentProvider.Status status;
        String reference = p.reference();
        try {
            if (reference == null) {
                reference = askProvider(id, p.attempt(), p.amount(), sale.currency());
            }
            status = qr.status(reference);
        } catch (RuntimeException e) {
            status = PaymentProvider.Status.PENDING;
            if (!timedOut(p.startedMs())) {
                return view(id).withNotice("QR provider " + qr.name() + " did not answer: " + e.getMessage());
            }
        }
        Instant now = clock.instant();
        if (status == PaymentProvider.Status.PENDING && timedOut(p.startedMs()) && reference != null) {
            try {
                qr.cancel(reference);
            } catch (RuntimeException e) {
                // a payment the provider never confirmed is not taken; reconciliation at the relay sees the rest
            }
        }
        PaymentProvider.Status seen = status;
        String ref = reference;
        db.inTransaction("settle QR payment " + id + "/" + p.attempt(), () -> {
            if (seen == PaymentProvider.Status.SUCCEEDED) {
                db.update("UPDATE pos_payment SET state = 'SUCCEEDED' WHERE sale_id = ? AND attempt = ?", id,
                        p.attempt());
                paid(sale, now, 0);
            } else if (seen == PaymentProvider.Status.FAILED || timedOut(p.startedMs())) {
                String outcome = seen == PaymentProvider.Status.FAILED ? PaymentFailed.FAILED : PaymentFailed.TIMED_OUT;
                db.update("UPDATE pos_payment SET state = ? WHERE sale_id = ? AND attempt = ?",
                        outcome.toUpperCase(Locale.ROOT), id, p.attempt());
                db.event(PaymentFailed.TYPE, now, new PaymentFailed(UUID.fromString(id), day(now),
                        sale.currency(), SalePayment.QR, qr.name(), p.amount(), ref == null ? NullNode.getInstance()
                        : TextNode.valueOf(ref), outcome, now));
            }
            return null;
        });
        return view(id);
    }

    private boolean timedOut(long startedMs) {
        return Duration.ofMillis(clock.millis() - startedMs).compareTo(config.qrTimeout()) >= 0;
    }

    /** A sale paid at a terminal, as its list of the day shows it. */
    public record Paid(String transactionId, SaleState state, String cashierId, Instant paidAt, String currency,
                       long totalMinor) {
    }

    /** The most sales {@link #paidToday} lists. */
    public static final int TODAY_LIMIT = 500;

    /**
     * The sales paid at the session's terminal on today's business day, newest first, whatever became of them since
     * (voided, refunded): the terminal picks one to reprint its receipt or to refund it.
     */
    public synchronized List<Paid> paidToday(Session session) {
        String today = day(clock.instant());
        return db.inTransaction("list the sales of " + session.terminalId() + " on " + today, () -> db.query(
                "SELECT sale_id, state, cashier_id, paid_ms, currency, total_minor FROM pos_sale WHERE terminal_id = ?"
                        + " AND business_day = ? ORDER BY paid_ms DESC, sale_id DESC LIMIT ?",
                r -> new Paid(r.getString(1), SaleState.valueOf(r.getString(2)), r.getString(3),
                        Instant.ofEpochMilli(r.getLong(4)), r.getString(5), r.getLong(6)),
                session.terminalId(), today, TODAY_LIMIT));
    }

    /** Voids a sale with a manager's approval; a PAID one only on its business day, reversing it. */
    public synchronized SaleView voidSale(Session session, String id, String managerId, String pin, String reason) {
        reason(id, reason, "void");
        Sale checked = db.inTransaction("read transaction " + id, () -> sale(id));
        transition(checked, SaleState.VOID, "void");
        String manager = staff.manager(session.terminalId(), managerId, pin, "void of transaction " + id);
        Instant now = clock.instant();
        db.inTransaction("void " + id, () -> {
            Sale sale = sale(id);
            transition(sale, SaleState.VOID, "void");
            noPendingQr(sale);
            if (sale.state() == SaleState.PAID) {
                if (!sale.businessDay().equals(day(now))) {
                    throw PosException.conflict("transaction " + id + ": PAID on business day " + sale.businessDay()
                            + ", a void is for the same day (today " + day(now) + "); refund it instead");
                }
                db.event(SaleVoided.TYPE, now, new SaleVoided(UUID.fromString(id), sale.businessDay(),
                        sale.currency(), total(id), payments(id), manager, reason, now));
                inventory.voided(id, manager, units(id));
            }
            close(id, SaleState.VOID, manager, reason, now);
            db.audit(session.terminalId(), manager, "void", "transaction " + id + " (was " + sale.state() + "): "
                    + reason);
            return null;
        });
        return view(id);
    }

    /** PAID → REFUND_REQUESTED, with a manager's approval. */
    public synchronized SaleView requestRefund(Session session, String id, String managerId, String pin, String reason) {
        reason(id, reason, "refund");
        transition(db.inTransaction("read transaction " + id, () -> sale(id)), SaleState.REFUND_REQUESTED, "refund");
        String manager = staff.manager(session.terminalId(), managerId, pin, "refund of transaction " + id);
        Instant now = clock.instant();
        db.inTransaction("request a refund of " + id, () -> {
            Sale sale = sale(id);
            transition(sale, SaleState.REFUND_REQUESTED, "refund");
            close(id, SaleState.REFUND_REQUESTED, manager, reason, now);
            db.audit(session.terminalId(), manager, "refund-requested", "transaction " + id + ": " + reason);
            return null;
        });
        return view(id);
    }

    /** REFUND_REQUESTED → REFUNDED once the money went back (every payment, by its method), with its event. */
    public synchronized SaleView completeRefund(Session session, String id, String managerId, String pin) {
        transition(db.inTransaction("read transaction " + id, () -> sale(id)), SaleState.REFUNDED, "complete a refund");
        String manager = staff.manager(session.terminalId(), managerId, pin, "refund of transaction " + id);
        Instant now = clock.instant();
        db.inTransaction("refund " + id, () -> {
            Sale sale = sale(id);
            transition(sale, SaleState.REFUNDED, "complete a refund");
            String reason = db.query("SELECT close_reason FROM pos_sale WHERE sale_id = ?", r -> r.getString(1), id)
                    .getFirst();
            db.event(SaleRefunded.TYPE, now, new SaleRefunded(UUID.fromString(id), day(now),
                    sale.businessDay(), sale.currency(), total(id), payments(id), manager, reason, now));
            close(id, SaleState.REFUNDED, manager, reason, now);
            db.audit(session.terminalId(), manager, "refunded", "transaction " + id + ": " + reason);
            return null;
        });
        return view(id);
    }

    // ---- inside transactions

    private void paid(Sale sale, Instant now, long change) throws SQLException {
        String day = day(now);
        db.update("UPDATE pos_sale SET state = 'PAID', business_day = ?, paid_ms = ?, change_minor = ? WHERE sale_id = ?",
                day, now.toEpochMilli(), change, sale.id());
        SaleView v = view0(sale(sale.id()));
        List<SalePaid.Line> lines = v.lines().stream().map(l -> new SalePaid.Line(l.sku(), l.name(), l.quantity(),
                l.unitPriceMinor(), l.discountMinor(), l.taxMinor(), l.totalMinor())).toList();
        db.event(SalePaid.TYPE, now, new SalePaid(UUID.fromString(sale.id()), sale.terminal(), sale.cashier(), day,
                sale.catalog(), sale.version(), sale.currency(), lines, v.subtotalMinor(), v.discountMinor(),
                v.taxMinor(), v.totalMinor(), payments(sale.id()), change, now));
        inventory.sold(sale.id(), sale.cashier(), units(sale.id()));
    }

    private List<Inventory.Units> units(String id) throws SQLException {
        return db.query("SELECT sku, quantity FROM pos_line WHERE sale_id = ? ORDER BY line_no",
                r -> new Inventory.Units(r.getString(1), r.getLong(2)), id);
    }

    private void close(String id, SaleState state, String manager, String reason, Instant now) throws SQLException {
        db.update("UPDATE pos_sale SET state = ?, closed_by = ?, close_reason = ?, closed_ms = ? WHERE sale_id = ?",
                state.name(), manager, reason, now.toEpochMilli(), id);
    }

    private List<SalePayment> payments(String id) throws SQLException {
        return db.query("SELECT method, provider, amount_minor, reference FROM pos_payment WHERE sale_id = ?"
                + " AND state = 'SUCCEEDED' ORDER BY attempt", r -> new SalePayment(r.getString(1),
                r.getString(2), r.getLong(3), r.getString(4)), id);
    }

    private long total(String id) throws SQLException {
        return db.query("SELECT total_minor FROM pos_sale WHERE sale_id = ?", r -> r.getLong(1), id).getFirst();
    }

    private int nextAttempt(String id) throws SQLException {
        return db.query("SELECT COALESCE(MAX(attempt), 0) + 1 FROM pos_payment WHERE sale_id = ?", r -> r.getInt(1), id)
                .getFirst();
    }

    private void noPendingQr(Sale sale) throws SQLException {
        if (!db.query("SELECT attempt FROM pos_payment WHERE sale_id = ? AND state = 'PENDING'", r -> r.getInt(1),
                sale.id()).isEmpty()) {
            throw PosException.conflict("transaction " + sale.id() + ": a QR payment is pending; poll it until it is"
                    + " paid, fails or times out");
        }
    }

    private Sale editable(Session session, String id, String action) {
        Sale sale = own(session, db.inTransaction("read transaction " + id, () -> sale(id)));
        if (sale.state() != SaleState.DRAFT) {
            throw PosException.conflict("transaction " + id + ": is " + sale.state() + "; cannot " + action
                    + " (only a DRAFT sale changes)");
        }
        return sale;
    }

    private static Sale own(Session session, Sale sale) {
        if (!sale.terminal().equals(session.terminalId())) {
            throw PosException.forbidden("transaction " + sale.id() + ": belongs to terminal " + sale.terminal()
                    + ", not " + session.terminalId());
        }
        return sale;
    }

    private static void transition(Sale sale, SaleState next, String action) {
        if (!sale.state().canBecome(next)) {
            throw PosException.conflict("transaction " + sale.id() + ": is " + sale.state() + "; cannot " + action
                    + " (only from " + allowedFrom(next) + ")");
        }
    }

    private static String allowedFrom(SaleState next) {
        List<String> from = new ArrayList<>();
        for (SaleState s : SaleState.values()) {
            if (s.canBecome(next)) {
                from.add(s.name());
            }
        }
        return String.join(" or ", from);
    }

    private static void reason(String id, String reason, String action) {
        if (reason == null || reason.isBlank()) {
            throw PosException.badInput("transaction " + id + ": reason: must not be blank (a " + action
                    + " needs one)");
        }
    }

    private String day(Instant at) {
        return LocalDate.ofInstant(at, config.zone()).toString();
    }

    private Sale sale(String id) throws SQLException {
        List<Sale> found = db.query("SELECT terminal_id, cashier_id, state, catalog, catalog_version, currency,"
                + " business_day, change_minor FROM pos_sale WHERE sale_id = ?", r -> new Sale(id, r.getString(1),
                r.getString(2), SaleState.valueOf(r.getString(3)), r.getString(4), r.getLong(5), r.getString(6),
                r.getString(7), r.getLong(8)), id);
        if (found.isEmpty()) {
            throw PosException.notFound("transaction " + id + ": no such transaction");
        }
        return found.getFirst();
    }

    private record Priced(long version, Pricing.Priced priced) {
    }

    /** Prices a DRAFT sale now with the held catalog. */
    private Priced price(Sale sale) throws SQLException {
        record Row(int lineNo, String sku, long quantity) {
        }
        Instant now = clock.instant();
        List<Row> rows = db.query("SELECT line_no, sku, quantity FROM pos_line WHERE sale_id = ? ORDER BY line_no",
                r -> new Row(r.getInt(1), r.getString(2), r.getLong(3)), sale.id());
        List<Pricing.Line> lines = new ArrayList<>();
        for (Row row : rows) {
            Optional<Item> item = catalogs.item(sale.catalog(), row.sku(), now);
            if (item.isEmpty()) {
                throw PosException.conflict("transaction " + sale.id() + ": line " + row.lineNo() + ": SKU " + row.sku()
                        + " is no longer in catalog " + sale.catalog() + "; remove the line");
            }
            Item i = item.get();
            lines.add(new Pricing.Line(row.lineNo(), row.sku(), i.name(), row.quantity(), i.unitPriceMinor(),
                    i.taxBasisPoints(), i.taxIncluded()));
        }
        long version = catalogs.heldVersion(sale.catalog()).orElse(sale.version());
        return new Priced(version, Pricing.price(lines, catalogs.promotions(sale.catalog(), now)));
    }

    private SaleView view0(Sale sale) throws SQLException {
        Pricing.Priced priced;
        long version = sale.version();
        if (sale.state() == SaleState.DRAFT) {
            Priced now = price(sale);
            priced = now.priced();
            version = now.version();
        } else {
            List<Pricing.PricedLine> lines = db.query("SELECT line_no, sku, name, quantity, unit_price_minor,"
                    + " discount_minor, tax_minor, total_minor, promotion FROM pos_line WHERE sale_id = ?"
                    + " ORDER BY line_no", Checkout::lockedLine, sale.id());
            priced = db.query("SELECT subtotal_minor, discount_minor, tax_minor, total_minor FROM pos_sale"
                    + " WHERE sale_id = ?", r -> new Pricing.Priced(lines, r.getLong(1), r.getLong(2), r.getLong(3),
                    r.getLong(4)), sale.id()).getFirst();
        }
        List<SaleView.PaymentView> payments = db.query("SELECT attempt, method, provider, amount_minor, tendered_minor,"
                + " reference, qr_payload, state FROM pos_payment WHERE sale_id = ? ORDER BY attempt",
                r -> new SaleView.PaymentView(r.getInt(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5),
                        r.getString(6), r.getString(7), r.getString(8)), sale.id());
        return new SaleView(sale.id(), sale.state(), sale.terminal(), sale.cashier(), sale.catalog(), version,
                sale.currency(), sale.businessDay(), priced.lines(), priced.subtotalMinor(), priced.discountMinor(),
                priced.taxMinor(), priced.totalMinor(), payments, sale.change(), null);
    }

    private static Pricing.PricedLine lockedLine(ResultSet r) throws SQLException {
        return new Pricing.PricedLine(r.getInt(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5),
                r.getLong(6), r.getLong(7), r.getLong(8), r.getString(9));
    }
}
