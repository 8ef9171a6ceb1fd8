package dev.outpost.appliance.pos;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.pos.staff.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * The POS engine on the appliance's LAN HTTP, JSON under {@code /v1/pos} (the README's "POS LAN API" lists every
 * route). A terminal logs a cashier in and sends the token as {@code Authorization: Bearer}; voids, refunds and the
 * offline override carry a manager's id and PIN in the body. Errors are {@code {"error": "..."}} with 400 (the
 * message names the field), 401, 403, 404 or 409 (the message names the state); a refused request changed nothing.
 */
public final class PosRoutes {
    private final PosEngine engine;

    public PosRoutes(PosEngine engine) {
        this.engine = engine;
    }

    @Document("login")
    public record Login(String terminalId, String employeeId, String pin) {
        public Login {
            Fields.nonBlank("terminal_id", terminalId);
            Fields.nonBlank("employee_id", employeeId);
            Fields.nonBlank("pin", pin);
        }
    }

    @Document("scan")
    public record Scan(String barcode) {
        public Scan {
            Fields.nonBlank("barcode", barcode);
        }
    }

    @Document("quantity")
    public record Quantity(long quantity) {
    }

    @Document("cash_payment")
    public record Cash(long amountMinor) {
        public Cash {
            Fields.notNegative("amount_minor", amountMinor);
        }
    }

    @Document("manager_approval")
    public record Approval(String managerId, String managerPin, String reason) {
        public Approval {
            Fields.nonBlank("manager_id", managerId);
            Fields.nonBlank("manager_pin", managerPin);
            Fields.nonBlank("reason", reason);
        }
    }

    @Document("manager_pin")
    public record ManagerPin(String managerId, String managerPin) {
        public ManagerPin {
            Fields.nonBlank("manager_id", managerId);
            Fields.nonBlank("manager_pin", managerPin);
        }
    }

    @Document("stock_adjustment")
    public record Adjustment(String sku, long delta, String reason, String note, String managerId, String managerPin) {
        public Adjustment {
            Fields.nonBlank("sku", sku);
            Fields.nonBlank("reason", reason);
            Fields.present("note", note);
            Fields.nonBlank("manager_id", managerId);
            Fields.nonBlank("manager_pin", managerPin);
        }
    }

    @Document("stock_count")
    public record StockCount(String sku, long counted, String managerId, String managerPin) {
        public StockCount {
            Fields.nonBlank("sku", sku);
            Fields.notNegative("counted", counted);
            Fields.nonBlank("manager_id", managerId);
            Fields.nonBlank("manager_pin", managerPin);
        }
    }

    @Document("low_stock_level")
    public record LowStockLevel(long level, String reason, String managerId, String managerPin) {
        public LowStockLevel {
            Fields.notNegative("level", level);
            Fields.nonBlank("reason", reason);
            Fields.nonBlank("manager_id", managerId);
            Fields.nonBlank("manager_pin", managerPin);
        }
    }

    /** A session as listed, without its token. */
    public record TerminalSession(String terminalId, String employeeId, String role, Instant startedAt) {
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/pos/status", ctx -> answer(ctx, 200, c -> engine.status()));
        routes.get("/v1/pos/terminals", ctx -> answer(ctx, 200, c -> Map.of("sessions", engine.staff().sessions().stream()
                .map(s -> new TerminalSession(s.terminalId(), s.employeeId(), s.role().name(), s.startedAt())).toList())));
        routes.post("/v1/pos/login", ctx -> answer(ctx, 201, c -> {
            Login login = body(c, Login.class);
            Session s = engine.staff().login(login.terminalId(), login.employeeId(), login.pin());
            return Map.of("token", s.token(), "terminal_id", s.terminalId(), "employee_id", s.employeeId(),
                    "role", s.role().name(), "started_at", s.startedAt().toString());
        }));
        routes.post("/v1/pos/logout", ctx -> answer(ctx, 200, c -> {
            Session s = session(c);
            engine.staff().logout(s);
            return Map.of("logged_out", s.employeeId(), "terminal_id", s.terminalId());
        }));
        routes.post("/v1/pos/offline-override", ctx -> answer(ctx, 201, c -> {
            Session s = session(c);
            Approval a = body(c, Approval.class);
            String manager = engine.staff().manager(s.terminalId(), a.managerId(), a.managerPin(), "offline override");
            return engine.offline().override(s.terminalId(), manager, a.reason());
        }));
        routes.get("/v1/pos/reports/day/{day}", ctx -> answer(ctx, 200, c -> {
            manager(c, "day report");
            return engine.dayReport(c.pathParam("day"));
        }));
        routes.get("/v1/pos/reports/cashiers", ctx -> answer(ctx, 200, c -> {
            manager(c, "cashier report");
            return engine.cashierReport(c.queryParam("from"), c.queryParam("to"));
        }));
        routes.get("/v1/pos/reports/inventory", ctx -> answer(ctx, 200, c -> {
            manager(c, "inventory report");
            return engine.inventoryReport();
        }));
        routes.get("/v1/pos/inventory/{sku}", ctx -> answer(ctx, 200, c -> {
            session(c);
            return engine.inventory().level(c.pathParam("sku"));
        }));
        routes.post("/v1/pos/inventory/adjustments", ctx -> answer(ctx, 201, c -> {
            Session s = session(c);
            Adjustment a = body(c, Adjustment.class);
            String manager = engine.staff().manager(s.terminalId(), a.managerId(), a.managerPin(),
                    "stock adjustment of " + a.sku());
            return engine.inventory().adjust(a.sku(), a.delta(), a.reason(), manager, a.note());
        }));
        routes.post("/v1/pos/inventory/counts", ctx -> answer(ctx, 201, c -> {
            Session s = session(c);
            StockCount count = body(c, StockCount.class);
            String manager = engine.staff().manager(s.terminalId(), count.managerId(), count.managerPin(),
                    "stock count of " + count.sku());
            return engine.inventory().count(count.sku(), count.counted(), manager);
        }));
        routes.put("/v1/pos/inventory/{sku}/low-level", ctx -> answer(ctx, 200, c -> {
            Session s = session(c);
            LowStockLevel l = body(c, LowStockLevel.class);
            String sku = c.pathParam("sku");
            String manager = engine.staff().manager(s.terminalId(), l.managerId(), l.managerPin(),
                    "low-stock level of " + sku);
            return engine.inventory().setLowLevel(sku, l.level(), manager, l.reason());
        }));
        routes.get("/v1/pos/stock/low", ctx -> answer(ctx, 200, c -> {
            session(c);
            return Map.of("low", engine.inventory().low());
        }));
        routes.post("/v1/pos/transactions", ctx -> answer(ctx, 201, c -> engine.checkout().open(session(c))));
        routes.get("/v1/pos/sales/today", ctx -> answer(ctx, 200, c -> Map.of("sales",
                engine.checkout().paidToday(session(c)))));
        routes.get("/v1/pos/transactions/{id}", ctx -> answer(ctx, 200, c -> {
            session(c);
            return engine.checkout().view(c.pathParam("id"));
        }));
        routes.post("/v1/pos/transactions/{id}/items", ctx -> answer(ctx, 200, c -> engine.checkout()
                .scan(session(c), c.pathParam("id"), body(c, Scan.class).barcode())));
        routes.patch("/v1/pos/transactions/{id}/lines/{line}", ctx -> answer(ctx, 200, c -> engine.checkout()
                .setQuantity(session(c), c.pathParam("id"), line(c), body(c, Quantity.class).quantity())));
        routes.delete("/v1/pos/transactions/{id}/lines/{line}", ctx -> answer(ctx, 200, c -> engine.checkout()
                .removeLine(session(c), c.pathParam("id"), line(c))));
        routes.post("/v1/pos/transactions/{id}/finalize", ctx -> answer(ctx, 200, c -> engine.checkout()
                .finalizeSale(session(c), c.pathParam("id"))));
        routes.post("/v1/pos/transactions/{id}/payments/cash", ctx -> answer(ctx, 200, c -> engine.checkout()
                .payCash(session(c), c.pathParam("id"), body(c, Cash.class).amountMinor())));
        routes.post("/v1/pos/transactions/{id}/payments/qr", ctx -> answer(ctx, 200, c -> engine.checkout()
                .startQr(session(c), c.pathParam("id"))));
        routes.post("/v1/pos/transactions/{id}/payments/qr/poll", ctx -> answer(ctx, 200, c -> engine.checkout()
                .pollQr(session(c), c.pathParam("id"))));
        routes.post("/v1/pos/transactions/{id}/void", ctx -> answer(ctx, 200, c -> {
            Session s = session(c);
            Approval a = body(c, Approval.class);
            return engine.checkout().voidSale(s, c.pathParam("id"), a.managerId(), a.managerPin(), a.reason());
        }));
        routes.post("/v1/pos/transactions/{id}/refund", ctx -> answer(ctx, 200, c -> {
            Session s = session(c);
            Approval a = body(c, Approval.class);
            return engine.checkout().requestRefund(s, c.pathParam("id"), a.managerId(), a.managerPin(), a.reason());
        }));
        routes.get("/v1/pos/transactions/{id}/receipt", ctx -> answer(ctx, 200, c -> {
            session(c);
            return Map.of("transaction_id", c.pathParam("id"), "text", engine.receipts().text(c.pathParam("id")));
        }));
        routes.post("/v1/pos/transactions/{id}/receipt/print", ctx -> answer(ctx, 200, c -> engine.receipts()
                .print(session(c), c.pathParam("id"))));
        routes.get("/v1/pos/printers/{terminal}", ctx -> answer(ctx, 200, c -> Map.of("terminal_id",
                c.pathParam("terminal"), "status", engine.receipts().status(c.pathParam("terminal")).name())));
        routes.post("/v1/pos/transactions/{id}/refund/complete", ctx -> answer(ctx, 200, c -> {
            Session s = session(c);
            ManagerPin m = body(c, ManagerPin.class);
            return engine.checkout().completeRefund(s, c.pathParam("id"), m.managerId(), m.managerPin());
        }));
    }

    private void answer(Context ctx, int status, Function<Context, Object> action) {
        try {
            json(ctx, status, action.apply(ctx));
        } catch (PosException e) {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"outpost pos\"");
            }
            json(ctx, e.status(), Map.of("error", e.getMessage()));
        }
    }

    private Session session(Context ctx) {
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip()
                : null;
        return engine.staff().session(token);
    }

    /** Refuses a caller whose session is not a manager's or an admin's: only they read {@code what}. */
    private void manager(Context ctx, String what) {
        Session s = session(ctx);
        if (!s.role().manages()) {
            throw PosException.forbidden(what + ": " + s.employeeId() + " is a " + s.role()
                    + "; a MANAGER or ADMIN reads it");
        }
    }

    private static <T> T body(Context ctx, Class<T> type) {
        try {
            return Json.read(ctx.bodyAsBytes(), type);
        } catch (ContractException e) {
            throw PosException.badInput(ctx.method() + " " + ctx.path() + ": refused, nothing changed: "
                    + e.getMessage());
        }
    }

    private static int line(Context ctx) {
        String raw = ctx.pathParam("line");
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw PosException.badInput("line: must be a line number, was '" + raw + "'");
        }
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
