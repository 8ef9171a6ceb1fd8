package dev.outpost.api.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.InvalidFieldException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogJsonTest {
    /** The example of the contract (pos-contract.md §1), comments dropped. */
    static final String EXAMPLE = """
            {"catalog": "main", "version": 12, "kind": "snapshot", "base_version": null,
             "effective_at": "2026-11-21T10:00:00Z", "currency": "USD",
             "tax_rates": [{"id": "food", "name": "Food", "basis_points": 825, "included": false}],
             "categories": [{"id": "drinks", "name": "Drinks"}],
             "skus": [{"sku": "COLA-330", "name": "Cola 330 ml", "category": "drinks", "tax_rate": "food",
                       "price_minor": 199, "barcodes": ["5000112637922", "5000112637939"]}],
             "store_prices": [{"site": "store-0001", "sku": "COLA-330", "price_minor": 179}],
             "price_changes": [{"id": "pc-7", "sku": "COLA-330", "price_minor": 209, "from": "2026-12-01T05:00:00Z",
                                "site": null}],
             "promotions": [{"id": "p1", "name": "10% off drinks", "kind": "percent", "basis_points": 1000,
                             "amount_minor": null, "buy": null, "get": null, "skus": ["COLA-330"],
                             "from": "2026-11-01T00:00:00Z", "until": "2026-12-31T23:59:59Z",
                             "min_purchase_minor": 0}],
             "removed": {"tax_rates": [], "categories": [], "skus": [], "store_prices": [], "price_changes": [],
                         "promotions": []}}
            """;

    static String error(String json) {
        return assertThrows(ContractException.class, () -> CatalogJson.read(json)).getMessage();
    }

    @Test
    void theContractExampleReadsAndRoundTrips() {
        CatalogDocument read = CatalogJson.read(EXAMPLE);
        assertEquals("main", read.catalog());
        assertEquals(12, read.version());
        assertEquals(825, read.taxRates().get(0).basisPoints());
        assertEquals(List.of("5000112637922", "5000112637939"), read.skus().get(0).barcodes());
        assertEquals(Optional.empty(), read.priceChanges().get(0).site());
        assertEquals(Promotion.Kind.PERCENT, read.promotions().get(0).kind());
        assertEquals(2, read.currency().getDefaultFractionDigits());
        assertEquals(read, CatalogJson.read(CatalogJson.write(read)));
        // a snapshot may leave out removed and base_version
        assertEquals(read, CatalogJson.read(EXAMPLE.replace("\"base_version\": null,", "")
                .replaceAll(",\\s*\"removed\": \\{[^}]*}", "")));
    }

    @Test
    void aBarcodeOnTwoSkusIsRefusedNamingBoth() {
        String twoSkus = EXAMPLE.replace("\"skus\": [{\"sku\": \"COLA-330\"", "\"skus\": [{\"sku\": \"COLA-500\","
                + " \"name\": \"Cola 500 ml\", \"category\": \"drinks\", \"tax_rate\": \"food\", \"price_minor\": 249,"
                + " \"barcodes\": [\"5000112637999\"]}, {\"sku\": \"FANTA\", \"name\": \"Fanta\", \"category\":"
                + " \"drinks\", \"tax_rate\": \"food\", \"price_minor\": 199, \"barcodes\": [\"5000112637922\"]},"
                + " {\"sku\": \"COLA-330\"");
        assertEquals("catalog.skus[2].barcodes[0]: 5000112637922 is also a barcode of FANTA", error(twoSkus));
    }

    @Test
    void badFieldsAreNamedByTheirPath() {
        assertEquals("catalog: missing field 'currency'", error(EXAMPLE.replace("\"currency\": \"USD\",", "")));
        assertEquals("catalog.currency: expected an ISO 4217 code, was \"usd\"", error(EXAMPLE.replace("USD", "usd")));
        assertEquals("catalog.skus[0]: unknown field 'colour'",
                error(EXAMPLE.replace("\"price_minor\": 199,", "\"price_minor\": 199, \"colour\": \"red\",")));
        assertEquals("catalog.skus[0].price_minor: must not be negative, was -1", error(EXAMPLE.replace("199", "-1")));
        assertEquals("catalog.skus[0].price_minor: expected an integer, was 1.99", error(EXAMPLE.replace("199", "1.99")));
        assertEquals("catalog.skus[0].barcodes[1]: must not be null",
                error(EXAMPLE.replace("\"5000112637939\"", "null")));
        assertEquals("catalog.version: must be greater than 0, was 0", error(EXAMPLE.replace("12,", "0,")));
        assertEquals("catalog.kind: must be one of snapshot, delta, was \"full\"", error(EXAMPLE.replace("\"snapshot\"", "\"full\"")));
        assertEquals("catalog.effective_at: expected an ISO-8601 instant, was \"tomorrow\"",
                error(EXAMPLE.replace("2026-11-21T10:00:00Z", "tomorrow")));
        assertEquals("catalog.base_version: must be null for a snapshot, was 11",
                error(EXAMPLE.replace("\"base_version\": null", "\"base_version\": 11")));
        assertEquals("catalog.skus: COLA-330 names category drinks, which the catalog does not hold",
                error(EXAMPLE.replace("{\"id\": \"drinks\", \"name\": \"Drinks\"}", "{\"id\": \"food\", \"name\": \"Food\"}")));
        assertEquals("catalog.removed: must be empty in a snapshot (a snapshot lists everything)",
                error(EXAMPLE.replace("\"removed\": {\"tax_rates\": []", "\"removed\": {\"tax_rates\": [\"x\"]")));
        assertEquals("catalog.tax_rates[1]: id food is listed twice", error(EXAMPLE.replace(
                "\"included\": false}]", "\"included\": false}, {\"id\": \"food\", \"name\": \"F\", \"basis_points\": 0,"
                        + " \"included\": true}]")));
    }

    @Test
    void aPromotionSetsOnlyTheFieldsOfItsKind() {
        assertEquals("catalog.promotions[0].amount_minor: must be null for a percent promotion, was 50",
                error(EXAMPLE.replace("\"amount_minor\": null", "\"amount_minor\": 50")));
        assertEquals("catalog.promotions[0].buy: must be greater than 0, was 0",
                error(EXAMPLE.replace("\"kind\": \"percent\", \"basis_points\": 1000", "\"kind\": \"buy_x_get_y\"")));
        assertEquals("catalog.promotions[0].until: must be after from (2026-11-01T00:00:00Z), was 2026-10-31T23:59:59Z",
                error(EXAMPLE.replace("2026-12-31T23:59:59Z", "2026-10-31T23:59:59Z")));
        assertEquals("catalog.promotions[0].kind: must be one of percent, amount, buy_x_get_y, was \"bogof\"",
                error(EXAMPLE.replace("\"kind\": \"percent\"", "\"kind\": \"bogof\"")));
        CatalogDocument bogof = CatalogJson.read(EXAMPLE.replace("\"kind\": \"percent\", \"basis_points\": 1000",
                "\"kind\": \"buy_x_get_y\", \"basis_points\": null").replace("\"buy\": null, \"get\": null",
                "\"buy\": 2, \"get\": 1"));
        assertEquals(2, bogof.promotions().get(0).buy());
        assertEquals(bogof, CatalogJson.read(CatalogJson.write(bogof)));
    }

    static String delta(String body) {
        return """
                {"catalog": "main", "version": 13, "kind": "delta", "base_version": 12,
                 "effective_at": "2026-11-22T10:00:00Z", "currency": "USD", "tax_rates": [], "categories": [],
                 "store_prices": [], "price_changes": [], "promotions": [], %s}
                """.formatted(body);
    }

    @Test
    void aDeltaMergesOntoItsBaseAndIsCheckedAgainstIt() {
        CatalogDocument held = CatalogJson.read(EXAMPLE);
        CatalogDocument delta = CatalogJson.read(delta("""
                "skus": [{"sku": "WATER", "name": "Water", "category": "drinks", "tax_rate": "food", "price_minor": 99,
                          "barcodes": ["400"]}],
                "removed": {"tax_rates": [], "categories": [], "skus": [], "store_prices": [{"site": "store-0001",
                            "sku": "COLA-330"}], "price_changes": ["pc-7"], "promotions": []}"""));
        CatalogDocument merged = held.merge(delta);
        assertEquals(13, merged.version());
        assertEquals(List.of("COLA-330", "WATER"), merged.skus().stream().map(Sku::sku).toList());
        assertEquals(List.of(), merged.storePrices());
        assertEquals(List.of(), merged.priceChanges());
        assertFalse(merged.promotions().isEmpty());

        CatalogDocument clash = CatalogJson.read(delta("""
                "skus": [{"sku": "WATER", "name": "Water", "category": "drinks", "tax_rate": "food", "price_minor": 99,
                          "barcodes": ["400", "5000112637939"]}]"""));
        assertEquals("skus[0].barcodes[1]: 5000112637939 is also a barcode of COLA-330",
                assertThrows(InvalidFieldException.class, () -> held.merge(clash)).getMessage());
        CatalogDocument dangling = CatalogJson.read(delta("""
                "skus": [], "removed": {"tax_rates": [], "categories": [], "skus": ["COLA-330"], "store_prices": [],
                 "price_changes": [], "promotions": []}"""));
        assertEquals("store_prices: the price of store-0001 names SKU COLA-330, which the catalog does not hold",
                assertThrows(InvalidFieldException.class, () -> held.merge(dangling)).getMessage());
        CatalogDocument onOtherBase = CatalogJson.read(delta("\"skus\": []").replace("\"base_version\": 12", "\"base_version\": 11"));
        assertEquals("base_version: must equal the held version 12, was 11",
                assertThrows(InvalidFieldException.class, () -> held.merge(onOtherBase)).getMessage());
        assertEquals("catalog.base_version: must be set for a delta",
                error(delta("\"skus\": []").replace("\"base_version\": 12,", "")));
        assertEquals("catalog.removed.skus[0]: WATER is also in skus (a delta either changes or removes an entry)",
                error(delta("""
                "skus": [{"sku": "WATER", "name": "Water", "category": "drinks", "tax_rate": "food", "price_minor": 99,
                          "barcodes": ["400"]}],
                "removed": {"tax_rates": [], "categories": [], "skus": ["WATER"], "store_prices": [],
                            "price_changes": [], "promotions": []}""")));
    }
}
