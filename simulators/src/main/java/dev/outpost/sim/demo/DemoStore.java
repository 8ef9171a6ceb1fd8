package dev.outpost.sim.demo;

import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.relay.posstaff.Pins;
import dev.outpost.sim.chain.LocalChain;
import dev.outpost.sim.chain.MenuDesk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo store's counter: the POS catalog HQ publishes and plans through the relay, the one kitchen station that
 * cooks every order, and the staff who sell: employees HQ keeps (the relay's POS staff), whose PINs are made once and
 * printed. The store's staff file is written with the same hashes at once, so the first login does not wait for the
 * appliance's staff sync, which keeps the file in step with HQ from then on.
 * Kept from an earlier run (the demo's state directory), nothing is made twice.
 */
final class DemoStore {
    static final String CATALOG = "main";
    /** The kitchen station every category goes to (the demo has one kitchen screen). */
    static final String STATION = "kitchen";
    static final String CASHIER = "c-1";
    static final String MANAGER = "m-1";
    static final String DOCUMENT = """
            {"effective_at": "2026-01-01T00:00:00Z", "currency": "USD",
             "tax_rates": [{"id": "food", "name": "Food", "basis_points": 825, "included": false}],
             "categories": [{"id": "burgers", "name": "Burgers"}, {"id": "sides", "name": "Sides"},
                            {"id": "drinks", "name": "Drinks"}],
             "skus": [
               {"sku": "BIG-BURGER", "name": "Big Burger", "category": "burgers", "tax_rate": "food", "price_minor": 899,
                "barcodes": ["2000000000015"]},
               {"sku": "EGG-MUFFIN", "name": "Egg Muffin", "category": "burgers", "tax_rate": "food", "price_minor": 449,
                "barcodes": ["2000000000022"]},
               {"sku": "FRIES", "name": "Fries", "category": "sides", "tax_rate": "food", "price_minor": 299,
                "barcodes": ["2000000000039"]},
               {"sku": "COLA", "name": "Cola", "category": "drinks", "tax_rate": "food", "price_minor": 199,
                "barcodes": ["2000000000046", "5000112637922"]}],
             "store_prices": [], "price_changes": [],
             "promotions": [{"id": "meal-deal", "name": "Fries 20 % off", "kind": "percent", "basis_points": 2000,
                             "amount_minor": null, "buy": null, "get": null, "skus": ["FRIES"],
                             "from": "2026-01-01T00:00:00Z", "until": "2027-12-31T23:59:59Z",
                             "min_purchase_minor": 0}]}""";

    private DemoStore() {
    }

    /** The appliance keys of the demo store's POS and kitchen. */
    static Map<String, String> applianceKeys(String zone) {
        return Map.of("pos.enabled", "true", "pos.zone", zone, "orders.enabled", "true", "orders.zone", zone,
                "orders.default-station", STATION, "pos.staff-sync-period", "10s");
    }

    /**
     * Publishes and plans the catalog (once), adds the staff at HQ and writes the staff file (once); returns each
     * login's PIN.
     */
    static Map<String, String> seed(LocalChain chain, String siteId, Path storeDataDir) throws IOException {
        MenuDesk desk = new MenuDesk(chain);
        if (!desk.hasCatalog(CATALOG)) {
            int version = desk.publishCatalog(CATALOG, Json.tree(DOCUMENT), "demo: the store's POS catalog");
            desk.planCatalog(CATALOG, version, "demo: the store sells from it");
        }
        return staff(desk, siteId, storeDataDir.resolve("pos-staff.json"), storeDataDir.resolve("pos-pins.txt"));
    }

    private static Map<String, String> staff(MenuDesk desk, String site, Path staffFile, Path pinFile)
            throws IOException {
        Map<String, String> pins = new LinkedHashMap<>();
        if (Files.exists(pinFile)) {
            for (String line : Files.readAllLines(pinFile, StandardCharsets.UTF_8)) {
                String[] words = line.split(" ");
                pins.put(words[0], words[1]);
            }
            return pins;
        }
        SecureRandom random = new SecureRandom();
        pins.put(CASHIER, pin(random));
        pins.put(MANAGER, pin(random));
        String cashierHash = PasswordHash.hash(pins.get(CASHIER).toCharArray());
        String managerHash = PasswordHash.hash(pins.get(MANAGER).toCharArray());
        LocalChain.writePrivate(staffFile, """
                {"employees": [
                  {"employee_id": "%s", "name": "Casey Cashier", "role": "CASHIER", "pin_hash": "%s"},
                  {"employee_id": "%s", "name": "Morgan Manager", "role": "MANAGER", "pin_hash": "%s"}]}
                """.formatted(CASHIER, cashierHash, MANAGER, managerHash));
        desk.addPosEmployee(CASHIER, "Casey Cashier", "CASHIER", site, cashierHash, "demo: the store's cashier");
        desk.addPosEmployee(MANAGER, "Morgan Manager", "MANAGER", site, managerHash, "demo: the store's manager");
        StringBuilder text = new StringBuilder();
        pins.forEach((id, pin) -> text.append(id).append(' ').append(pin).append('\n'));
        LocalChain.writePrivate(pinFile, text.toString());
        return pins;
    }

    /** A random 4-digit PIN HQ accepts (none of its too-easy ones). */
    private static String pin(SecureRandom random) {
        String pin;
        do {
            pin = String.format("%04d", random.nextInt(10_000));
        } while (Pins.problem(pin) != null);
        return pin;
    }
}
