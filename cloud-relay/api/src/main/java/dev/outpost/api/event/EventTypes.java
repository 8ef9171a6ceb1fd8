package dev.outpost.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event types the product sends to the relay, {@code <area>.<what>}. The relay refuses a batch holding any other
 * type, so a typo on a device is caught at its first send instead of being stored and never read. Add a type here
 * when a device starts emitting it; a type is never renamed (stored events keep it).
 *
 * <p>Types the relay acts on carry a payload with a contract of its own ({@link #payload}): a menu milestone
 * ({@link MenuDownloaded}), a flip's result ({@link FlipResult}) or a sale event ({@link SalePaid},
 * {@link SaleVoided}, {@link SaleRefunded}, {@link PaymentFailed}) or a low-stock alert ({@link StockLow}). A payload that breaks it is refused like an
 * unknown type, before anything of its batch is stored.
 */
public final class EventTypes {
    /** Every known type. */
    public static final Set<String> KNOWN = Set.of(
            // appliance: anomalies seen on the site (a device offline, a clock skew, a cache failure)
            "heartbeat.anomaly",
            // appliance: the site's menu tier changed (an alarm while STALE or EXPIRED), a manager override of EXPIRED
            "menu.tier", "menu.override",
            // gate controller: every decision and passage, journaled before it is acknowledged
            "gate.admit", "gate.reject", "gate.entry", "gate.exit", "gate.return", "gate.state", "gate.recount",
            // POS edge: state changes of a transaction
            "pos.sale", "pos.void", "pos.refund",
            // POS engine (pos-contract.md §2): sales paid, voided, refunded, from which HQ's sales and payment
            // reconciliation are projected; QR payments failed or timed out; three failed logins in a row; a
            // manager's override of the offline rule
            "pos.sale.paid", "pos.sale.voided", "pos.sale.refunded", "pos.payment.failed", "pos.login.alarm",
            "pos.offline.override",
            // POS engine: a SKU's available stock went down to its low-stock level
            StockLow.TYPE,
            // menu sync: an upcoming version's blob is held on the site
            "menu.downloaded",
            // flip coordinator: every screen prepared, and how a store's menu flip ended
            "flip.prepared", "flip.commit", "flip.abort");

    private static final Map<String, Class<?>> PAYLOADS = Map.of(
            "menu.downloaded", MenuDownloaded.class,
            "flip.prepared", FlipResult.class,
            "flip.commit", FlipResult.class,
            "flip.abort", FlipResult.class,
            SalePaid.TYPE, SalePaid.class,
            SaleVoided.TYPE, SaleVoided.class,
            SaleRefunded.TYPE, SaleRefunded.class,
            PaymentFailed.TYPE, PaymentFailed.class,
            StockLow.TYPE, StockLow.class);

    private EventTypes() {
    }

    public static boolean known(String type) {
        return KNOWN.contains(type);
    }

    /** The known types in order, for error messages. */
    public static String list() {
        return String.join(", ", new TreeSet<>(KNOWN));
    }

    /**
     * The payload of a {@code type} event read strictly into its contract record, or empty for a type whose payload
     * has none.
     *
     * @throws ContractException naming the field that breaks the contract, or an outcome sent under the wrong type
     */
    public static Optional<Object> payload(String type, JsonNode payload) {
        Class<?> contract = PAYLOADS.get(type);
        if (contract == null) {
            return Optional.empty();
        }
        Object read = Json.convert(payload, contract);
        if (read instanceof FlipResult result && !FlipResult.typeOf(result.outcome()).equals(type)) {
            throw new ContractException(Json.documentName(FlipResult.class), ".outcome", "a " + type
                    + " event cannot report " + result.outcome() + " (that goes as " + FlipResult.typeOf(result.outcome())
                    + ")");
        }
        return Optional.of(read);
    }
}
