package dev.outpost.display.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import dev.outpost.display.page.ApplianceHttp;
import dev.outpost.display.page.ApplianceHttp.Answer;
import dev.outpost.hal.drawer.CashDrawer;
import dev.outpost.hal.printer.EscPos;
import dev.outpost.hal.printer.PrinterException;
import dev.outpost.hal.printer.ReceiptPrinter;
import dev.outpost.hal.scanner.Scan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The cashier's side of one terminal: it forwards the page's actions (and the scanner's scans) to the appliance's POS
 * engine ({@code /v1/pos/...}) under the cashier's session, and answers what the appliance answered. It remembers
 * only the session token, the open sale, the last sale paid here and the last refund requested here; the sale itself
 * lives on the appliance, and so does the list of the sales paid here today, from which a receipt is reprinted or a
 * refund requested and completed. After a sale is PAID it fetches the receipt from the appliance and prints it on the
 * terminal's printer, and opens the drawer for cash. A printer failure is kept to be shown on the page and never
 * undoes a sale.
 */
public final class Till {
    /** What the page shows besides the sale: the session and the last problem of each peripheral. */
    public record View(String terminal, Optional<String> cashier, Optional<String> role, Optional<String> saleId,
                       Optional<String> lastPaid, Optional<String> printerProblem, Optional<String> scanProblem) {
    }

    private final String device;
    private final ApplianceHttp appliance;
    private final Peripherals peripherals;
    private String token;
    private String cashier;
    private String role;
    private String saleId;
    private String saleState;
    private String lastPaid;
    private String lastRefundRequested;
    private String printerProblem;
    private String scanProblem;

    public Till(String device, ApplianceHttp appliance, Peripherals peripherals) {
        this.device = device;
        this.appliance = appliance;
        this.peripherals = peripherals;
        peripherals.scanner().ifPresent(scanner -> scanner.addListener(this::scanned));
    }

    public synchronized View view() {
        return new View(device, Optional.ofNullable(cashier), Optional.ofNullable(role), Optional.ofNullable(saleId),
                Optional.ofNullable(lastPaid), Optional.ofNullable(printerProblem), Optional.ofNullable(scanProblem));
    }

    /** The appliance's POS status (no session needed): relay reachable, last delivery, outbox depth. */
    public Answer status() {
        return appliance.send("GET", "/v1/pos/status", new byte[0], Optional.empty());
    }

    /** The open sale as the appliance prices it now, or the last one paid here; 404 when there is neither. */
    public synchronized Answer sale() {
        String id = saleId != null ? saleId : lastPaid;
        if (id == null || token == null) {
            return refused(404, "no sale open");
        }
        return remember(call("GET", "/v1/pos/transactions/" + id, null));
    }

    /** The sales paid at this terminal today, newest first, as the appliance lists them. */
    public synchronized Answer today() {
        return call("GET", "/v1/pos/sales/today", null);
    }

    /** The SKUs at or below their low-stock level, for a manager or admin logged in here; empty for anyone else. */
    public synchronized Optional<Answer> lowStock() {
        if (!"MANAGER".equals(role) && !"ADMIN".equals(role)) {
            return Optional.empty();
        }
        return Optional.of(call("GET", "/v1/pos/stock/low", null));
    }

    /** @param body the page's {@code {"employee_id", "pin"}}; the terminal is this device */
    public synchronized Answer login(JsonNode body) {
        ObjectNode login = Json.mapper().createObjectNode();
        login.put("terminal_id", device);
        login.set("employee_id", body.path("employee_id"));
        login.set("pin", body.path("pin"));
        Answer answer = appliance.send("POST", "/v1/pos/login", Json.write(login), Optional.empty());
        if (answer.ok()) {
            JsonNode session = Json.tree(answer.body());
            session(session.path("token").asText(), session.path("employee_id").asText(), session.path("role").asText());
        }
        return answer;
    }

    /** Ends the session (a shift change is a logout and a login); the open sale stays on the appliance. */
    public synchronized Answer logout() {
        Answer answer = call("POST", "/v1/pos/logout", null);
        if (answer.ok() || answer.status() == 401) {
            session(null, null, null);
        }
        return answer;
    }

    /** A new session (or none): what the last one had open or paid is not this one's. */
    private void session(String newToken, String employee, String newRole) {
        token = newToken;
        cashier = employee;
        role = newRole;
        saleId = null;
        saleState = null;
        lastPaid = null;
        lastRefundRequested = null;
    }

    public synchronized Answer newSale() {
        return remember(call("POST", "/v1/pos/transactions", null));
    }

    /** Adds one unit of the item with this barcode, opening a sale first when none is open. */
    public synchronized Answer scan(String barcode) {
        if (saleId == null) {
            Answer opened = newSale();
            if (!opened.ok()) {
                return opened;
            }
        }
        return remember(call("POST", "/v1/pos/transactions/" + saleId + "/items", Map.of("barcode", barcode)));
    }

    public synchronized Answer quantity(int line, long quantity) {
        return remember(call("PATCH", open() + "/lines/" + line, Map.of("quantity", quantity)));
    }

    public synchronized Answer remove(int line) {
        return remember(call("DELETE", open() + "/lines/" + line, null));
    }

    /** Finalizes the open sale if it is a draft, then pays it with {@code tenderedMinor} in cash. */
    public synchronized Answer payCash(long tenderedMinor) {
        Answer finalized = finalizeOpen();
        if (!finalized.ok()) {
            return finalized;
        }
        return paid(remember(call("POST", open() + "/payments/cash", Map.of("amount_minor", tenderedMinor))), true);
    }

    /** Finalizes the open sale if it is a draft, then starts a QR payment (its {@code qr_payload} in the answer). */
    public synchronized Answer payQr() {
        Answer finalized = finalizeOpen();
        if (!finalized.ok()) {
            return finalized;
        }
        return remember(call("POST", open() + "/payments/qr", null));
    }

    public synchronized Answer pollQr() {
        return paid(remember(call("POST", open() + "/payments/qr/poll", null)), false);
    }

    /** What a manager does to a sale from the terminal, with their id and PIN. */
    public enum ManagerAction {
        VOID("void"), REFUND("refund"), COMPLETE_REFUND("refund/complete");

        private final String path;

        ManagerAction(String path) {
            this.path = path;
        }

        /** The page's and the appliance's name of it: {@code void}, {@code refund}, {@code refund/complete}. */
        public String path() {
            return path;
        }
    }

    /**
     * A manager's void (the open sale, else the last one paid here), refund request (the last one paid here) or
     * completed refund (the last one requested here); {@code transaction_id} in the body picks another sale, one of
     * today's list.
     *
     * @param body the page's {@code {"manager_id", "manager_pin", "reason", "transaction_id"}} (no reason to complete
     *             a refund), checked by the appliance
     */
    public synchronized Answer managerAction(ManagerAction action, JsonNode body) {
        String id = body.hasNonNull("transaction_id") ? body.path("transaction_id").asText() : switch (action) {
            case VOID -> saleId != null ? saleId : lastPaid;
            case REFUND -> lastPaid;
            case COMPLETE_REFUND -> lastRefundRequested;
        };
        if (id == null) {
            return refused(409, switch (action) {
                case VOID, REFUND -> "no sale to " + action.path() + " (none open and none paid here since login)";
                case COMPLETE_REFUND -> "no refund requested here since login to complete; pick the sale in today's"
                        + " list";
            });
        }
        ObjectNode approval = Json.mapper().createObjectNode();
        for (String field : action == ManagerAction.COMPLETE_REFUND ? List.of("manager_id", "manager_pin")
                : List.of("manager_id", "manager_pin", "reason")) {
            if (body.has(field)) {
                approval.set(field, body.get(field)); // a missing one is named by the appliance
            }
        }
        Answer answer = call("POST", "/v1/pos/transactions/" + id + "/" + action.path(), approval);
        if (answer.ok()) {
            if (id.equals(saleId)) {
                saleId = null;
                saleState = null;
            }
            if (action == ManagerAction.REFUND) {
                lastRefundRequested = id;
            } else if (action == ManagerAction.COMPLETE_REFUND && id.equals(lastRefundRequested)) {
                lastRefundRequested = null;
            }
        }
        return answer;
    }

    /**
     * Prints a receipt again, marked as a reprint: of {@code id}, which must be in today's list of this terminal's
     * sales, or without one of the last sale paid here.
     */
    public synchronized Answer reprint(Optional<String> id) {
        if (id.isEmpty()) {
            if (lastPaid == null) {
                return refused(409, "no sale paid here since login to reprint");
            }
            return print(lastPaid, true);
        }
        Answer today = today();
        if (!today.ok()) {
            return today;
        }
        for (JsonNode sale : Json.tree(today.body()).path("sales")) {
            if (sale.path("transaction_id").asText().equals(id.get())) {
                return print(id.get(), true);
            }
        }
        return refused(409, "sale " + id.get() + " was not paid here today; a receipt is reprinted on the day of"
                + " its sale, at its terminal");
    }

    private void scanned(Scan scan) {
        Answer answer = scan(scan.code());
        synchronized (this) {
            scanProblem = answer.ok() ? null : "scan " + scan.code() + ": " + error(answer);
        }
    }

    private Answer finalizeOpen() {
        if (saleId == null) {
            return refused(409, "no sale open");
        }
        if (!"DRAFT".equals(saleState)) {
            return new Answer(200, "{}");
        }
        return remember(call("POST", open() + "/finalize", null));
    }

    private Answer paid(Answer answer, boolean cash) {
        if (!answer.ok() || !"PAID".equals(saleState)) {
            return answer;
        }
        lastPaid = saleId;
        saleId = null;
        saleState = null;
        print(lastPaid, false);
        if (cash) {
            peripherals.drawer().ifPresent(this::openDrawer);
        }
        return answer;
    }

    /** A drawer that does not open is shown like a printer problem (it hangs on the printer); the sale stays paid. */
    private void openDrawer(CashDrawer drawer) {
        try {
            drawer.open();
        } catch (PrinterException e) {
            printerProblem = e.getMessage() + " (sale " + lastPaid + " is paid; open the drawer with its key)";
            Logger.warn("display {}: {}", device, printerProblem);
        }
    }

    private Answer print(String id, boolean reprint) {
        Optional<ReceiptPrinter> printer = peripherals.printer();
        if (printer.isEmpty()) {
            return refused(404, "no receipt printer (pos.printer = none)");
        }
        Answer receipt = call("GET", "/v1/pos/transactions/" + id + "/receipt", null);
        if (!receipt.ok()) {
            printerProblem = "receipt " + id + ": " + error(receipt);
            return receipt;
        }
        String text = Json.tree(receipt.body()).path("text").asText();
        try {
            printer.get().print(EscPos.receipt(reprint ? "*** REPRINT ***\n" + text : text));
            printerProblem = null;
            return new Answer(200, Json.writeString(Map.of("printed", id, "reprint", reprint)));
        } catch (PrinterException e) {
            printerProblem = e.getMessage() + " (sale " + id + " is paid; reprint when the printer is ready)";
            Logger.warn("display {}: {}", device, printerProblem);
            return refused(503, printerProblem);
        }
    }

    private String open() {
        return "/v1/pos/transactions/" + saleId;
    }

    /** Keeps the sale id and state of a sale answer. */
    private Answer remember(Answer answer) {
        if (answer.ok()) {
            JsonNode sale = Json.tree(answer.body());
            if (sale.hasNonNull("transaction_id") && sale.hasNonNull("state")) {
                String state = sale.path("state").asText();
                if (state.equals("DRAFT") || state.equals("PENDING_PAYMENT")) {
                    saleId = sale.path("transaction_id").asText();
                    saleState = state;
                } else if (sale.path("transaction_id").asText().equals(saleId)) {
                    saleState = state;
                }
            }
        }
        return answer;
    }

    private Answer call(String method, String path, Object body) {
        if (token == null) {
            return refused(401, "nobody is logged in; log in with your employee id and PIN");
        }
        return appliance.send(method, path, body == null ? new byte[0] : Json.write(body), Optional.of(token));
    }

    private Answer refused(int status, String why) {
        return new Answer(status, Json.writeString(Map.of("error", "terminal " + device + ": " + why)));
    }

    private static String error(Answer answer) {
        JsonNode body = Json.tree(answer.body());
        return body.path("error").asText("HTTP " + answer.status());
    }
}
