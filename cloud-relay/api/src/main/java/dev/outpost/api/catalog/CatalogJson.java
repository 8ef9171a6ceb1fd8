package dev.outpost.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.api.json.Json;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and writes a {@link CatalogDocument} as the contract spells it (snake_case JSON). Reading is as strict as
 * {@link Json}: unknown fields, missing ones, wrong JSON types and duplicate keys are refused; only the fields the
 * contract allows to be null ({@code base_version}, a promotion's unused amounts, a price change's {@code site}) may be
 * null or absent, and a snapshot may leave out {@code removed}. Every error is a {@link ContractException} naming the
 * field by its path: {@code catalog.skus[3].barcodes[0]: 5000112637922 is also a barcode of COLA-330}.
 */
public final class CatalogJson {
    static final String DOCUMENT = "catalog";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> PROMOTION_FIELDS = Set.of("id", "name", "kind", "basis_points", "amount_minor",
            "buy", "get", "skus", "from", "until", "min_purchase_minor");

    private CatalogJson() {
    }

    public static CatalogDocument read(byte[] json) {
        return read(Json.tree(json, DOCUMENT));
    }

    public static CatalogDocument read(String json) {
        return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Reads an already parsed tree (e.g. the payload of a signed document). */
    public static CatalogDocument read(JsonNode tree) {
        Obj root = new Obj(tree, "", Set.of("catalog", "version", "kind", "base_version", "effective_at", "currency",
                "tax_rates", "categories", "skus", "store_prices", "price_changes", "promotions", "removed"));
        String kind = root.text("kind");
        if (!kind.equals("snapshot") && !kind.equals("delta")) {
            throw root.error("kind", "must be one of snapshot, delta, was \"" + kind + "\"");
        }
        String currency = root.text("currency");
        Currency parsedCurrency;
        try {
            if (!currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException();
            }
            parsedCurrency = Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw root.error("currency", "expected an ISO 4217 code, was \"" + currency + "\"");
        }
        Removed removed = root.has("removed") ? removed(root.object("removed", Set.of("tax_rates", "categories",
                "skus", "store_prices", "price_changes", "promotions"))) : Removed.NONE;
        CatalogDocument.Kind parsedKind = kind.equals("snapshot") ? CatalogDocument.Kind.SNAPSHOT
                : CatalogDocument.Kind.DELTA;
        List<TaxRate> taxRates = root.list("tax_rates", Set.of("id", "name", "basis_points", "included"),
                CatalogJson::taxRate);
        List<Category> categories = root.list("categories", Set.of("id", "name"), CatalogJson::category);
        List<Sku> skus = root.list("skus", Set.of("sku", "name", "category", "tax_rate", "price_minor", "barcodes"),
                CatalogJson::sku);
        List<StorePrice> storePrices = root.list("store_prices", Set.of("site", "sku", "price_minor"),
                CatalogJson::storePrice);
        List<PriceChange> priceChanges = root.list("price_changes", Set.of("id", "sku", "price_minor", "from", "site"),
                CatalogJson::priceChange);
        List<Promotion> promotions = root.list("promotions", PROMOTION_FIELDS, CatalogJson::promotion);
        return root.build(() -> new CatalogDocument(root.text("catalog"), root.integer("version"), parsedKind,
                root.optionalInteger("base_version"), root.instant("effective_at"), parsedCurrency, taxRates,
                categories, skus, storePrices, priceChanges, promotions, removed));
    }

    private static TaxRate taxRate(Obj o) {
        return o.build(() -> new TaxRate(o.text("id"), o.text("name"), o.int32("basis_points"), o.bool("included")));
    }

    private static Category category(Obj o) {
        return o.build(() -> new Category(o.text("id"), o.text("name")));
    }

    private static Sku sku(Obj o) {
        return o.build(() -> new Sku(o.text("sku"), o.text("name"), o.text("category"), o.text("tax_rate"),
                o.integer("price_minor"), o.texts("barcodes")));
    }

    private static StorePrice storePrice(Obj o) {
        return o.build(() -> new StorePrice(o.text("site"), o.text("sku"), o.integer("price_minor")));
    }

    private static SiteSku siteSku(Obj o) {
        return o.build(() -> new SiteSku(o.text("site"), o.text("sku")));
    }

    private static PriceChange priceChange(Obj o) {
        return o.build(() -> new PriceChange(o.text("id"), o.text("sku"), o.integer("price_minor"),
                o.instant("from"), o.optionalText("site")));
    }

    private static Promotion promotion(Obj o) {
        return o.build(() -> new Promotion(o.text("id"), o.text("name"),
                Promotion.Kind.of("kind", o.text("kind")), (int) o.optionalInt32("basis_points"),
                o.optionalInteger("amount_minor").orElse(0), (int) o.optionalInt32("buy"),
                (int) o.optionalInt32("get"), o.texts("skus"), o.instant("from"), o.instant("until"),
                o.integer("min_purchase_minor")));
    }

    private static Removed removed(Obj o) {
        return o.build(() -> new Removed(o.texts("tax_rates"), o.texts("categories"), o.texts("skus"),
                o.list("store_prices", Set.of("site", "sku"), CatalogJson::siteSku), o.texts("price_changes"),
                o.texts("promotions")));
    }

    /** The contract JSON of {@code document}; {@link #read} gives back an equal document. */
    public static byte[] write(CatalogDocument document) {
        return Json.write(tree(document));
    }

    public static ObjectNode tree(CatalogDocument d) {
        ObjectNode root = NODES.objectNode();
        root.put("catalog", d.catalog());
        root.put("version", d.version());
        root.put("kind", d.kind().json());
        if (d.baseVersion().isPresent()) {
            root.put("base_version", d.baseVersion().getAsLong());
        } else {
            root.putNull("base_version");
        }
        root.put("effective_at", d.effectiveAt().toString());
        root.put("currency", d.currency().getCurrencyCode());
        ArrayNode rates = root.putArray("tax_rates");
        d.taxRates().forEach(r -> rates.addObject().put("id", r.id()).put("name", r.name())
                .put("basis_points", r.basisPoints()).put("included", r.included()));
        ArrayNode categories = root.putArray("categories");
        d.categories().forEach(c -> categories.addObject().put("id", c.id()).put("name", c.name()));
        ArrayNode skus = root.putArray("skus");
        d.skus().forEach(s -> {
            ObjectNode sku = skus.addObject().put("sku", s.sku()).put("name", s.name()).put("category", s.category())
                    .put("tax_rate", s.taxRate()).put("price_minor", s.priceMinor());
            ArrayNode barcodes = sku.putArray("barcodes");
            s.barcodes().forEach(barcodes::add);
        });
        ArrayNode storePrices = root.putArray("store_prices");
        d.storePrices().forEach(p -> storePrices.addObject().put("site", p.site()).put("sku", p.sku())
                .put("price_minor", p.priceMinor()));
        ArrayNode changes = root.putArray("price_changes");
        d.priceChanges().forEach(c -> changes.addObject().put("id", c.id()).put("sku", c.sku())
                .put("price_minor", c.priceMinor()).put("from", c.from().toString()).put("site", c.site().orElse(null)));
        ArrayNode promotions = root.putArray("promotions");
        d.promotions().forEach(p -> {
            ObjectNode promotion = promotions.addObject().put("id", p.id()).put("name", p.name())
                    .put("kind", p.kind().json());
            promotion.put("basis_points", p.kind() == Promotion.Kind.PERCENT ? (Integer) p.basisPoints() : null);
            promotion.put("amount_minor", p.kind() == Promotion.Kind.AMOUNT ? (Long) p.amountMinor() : null);
            promotion.put("buy", p.kind() == Promotion.Kind.BUY_X_GET_Y ? (Integer) p.buy() : null);
            promotion.put("get", p.kind() == Promotion.Kind.BUY_X_GET_Y ? (Integer) p.get() : null);
            ArrayNode eligible = promotion.putArray("skus");
            p.skus().forEach(eligible::add);
            promotion.put("from", p.from().toString()).put("until", p.until().toString())
                    .put("min_purchase_minor", p.minPurchaseMinor());
        });
        ObjectNode removed = root.putObject("removed");
        Removed r = d.removed();
        texts(removed.putArray("tax_rates"), r.taxRates());
        texts(removed.putArray("categories"), r.categories());
        texts(removed.putArray("skus"), r.skus());
        ArrayNode removedPrices = removed.putArray("store_prices");
        r.storePrices().forEach(k -> removedPrices.addObject().put("site", k.site()).put("sku", k.sku()));
        texts(removed.putArray("price_changes"), r.priceChanges());
        texts(removed.putArray("promotions"), r.promotions());
        return root;
    }

    private static void texts(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** An object of the document at a JSON path, read field by field with the path in every error. */
    private static final class Obj {
        private final JsonNode node;
        private final String path;

        Obj(JsonNode node, String path, Set<String> allowed) {
            this.path = path;
            if (node == null || !node.isObject()) {
                throw new ContractException(DOCUMENT, path, "expected an object, was " + describe(node));
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw new ContractException(DOCUMENT, path, "unknown field '" + name + "'");
                }
            }
            this.node = node;
        }

        boolean has(String field) {
            return node.has(field) && !node.get(field).isNull();
        }

        ContractException error(String field, String problem) {
            return new ContractException(DOCUMENT, path + "." + field, problem);
        }

        private JsonNode required(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                throw new ContractException(DOCUMENT, path, "missing field '" + field + "'");
            }
            if (value.isNull()) {
                throw error(field, "must not be null");
            }
            return value;
        }

        String text(String field) {
            JsonNode value = required(field);
            if (!value.isTextual()) {
                throw error(field, "expected a string, was " + describe(value));
            }
            return value.asText();
        }

        Optional<String> optionalText(String field) {
            return has(field) ? Optional.of(text(field)) : Optional.empty();
        }

        long integer(String field) {
            JsonNode value = required(field);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw error(field, "expected an integer, was " + describe(value));
            }
            return value.asLong();
        }

        OptionalLong optionalInteger(String field) {
            return has(field) ? OptionalLong.of(integer(field)) : OptionalLong.empty();
        }

        int int32(String field) {
            long value = integer(field);
            if (value != (int) value) {
                throw error(field, "number out of range for an integer, was " + value);
            }
            return (int) value;
        }

        long optionalInt32(String field) {
            return has(field) ? int32(field) : 0;
        }

        boolean bool(String field) {
            JsonNode value = required(field);
            if (!value.isBoolean()) {
                throw error(field, "expected a boolean, was " + describe(value));
            }
            return value.asBoolean();
        }

        Instant instant(String field) {
            String text = text(field);
            try {
                return Instant.parse(text);
            } catch (DateTimeException e) {
                throw error(field, "expected an ISO-8601 instant, was \"" + text + "\"");
            }
        }

        Obj object(String field, Set<String> allowed) {
            return new Obj(required(field), path + "." + field, allowed);
        }

        List<String> texts(String field) {
            JsonNode array = array(field);
            List<String> out = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (!value.isTextual()) {
                    throw new ContractException(DOCUMENT, path + "." + field + "[" + i + "]",
                            value.isNull() ? "must not be null" : "expected a string, was " + describe(value));
                }
                out.add(value.asText());
            }
            return out;
        }

        <T> List<T> list(String field, Set<String> allowed, Function<Obj, T> read) {
            JsonNode array = array(field);
            List<T> out = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                out.add(read.apply(new Obj(array.get(i), path + "." + field + "[" + i + "]", allowed)));
            }
            return out;
        }

        private JsonNode array(String field) {
            JsonNode value = required(field);
            if (!value.isArray()) {
                throw error(field, "expected an array, was " + describe(value));
            }
            return value;
        }

        /** Runs a record constructor, turning its complaint into an error at this object's path. */
        <T> T build(java.util.function.Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (InvalidFieldException e) {
                throw new ContractException(DOCUMENT, e.field() == null ? path : path + "." + e.field(), e.problem(), e);
            }
        }
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.toString();
    }
}
