package dev.outpost.appliance.pos.catalog;

import dev.outpost.api.catalog.CatalogDocument;
import dev.outpost.api.catalog.CatalogJson;
import dev.outpost.api.catalog.PriceChange;
import dev.outpost.api.catalog.Promotion;
import dev.outpost.api.catalog.Sku;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;

/**
 * The catalogs the site holds, in {@code pos.db}: the applied snapshot of each (its document, and indexed rows for
 * barcode lookup and prices: {@code pos_sku}, {@code pos_barcode}, {@code pos_tax_rate}, and only this site's store
 * prices and price changes), plus documents waiting for their effective time ({@code pos_pending}).
 *
 * <p>A document is applied in one transaction: the held snapshot merged with a delta (checked against it) replaces
 * every row of the catalog. A pending one is applied by {@link #applyDue}, which the engine runs on a schedule and at
 * open, by the injected clock; pending documents apply in version order.
 *
 * <p>Effective price of a SKU at an instant: the latest due price change for this site if any, else this site's store
 * price, else the latest due chain-wide price change, else the base price.
 */
public final class CatalogStore implements CatalogSink {
    private final PosDb db;
    private final String site;
    private final InstantSource clock;
    private final Map<String, List<Promotion>> promotions = new ConcurrentHashMap<>();

    public CatalogStore(PosDb db, String site, InstantSource clock) {
        this.db = db;
        this.site = site;
        this.clock = clock;
    }

    /** The held snapshot's version and currency. */
    public record Held(String catalog, long version, String currency, Instant effectiveAt) {
    }

    public Optional<Held> held(String catalog) {
        return db.inTransaction("read the held catalog " + catalog, () -> held0(catalog));
    }

    private Optional<Held> held0(String catalog) throws SQLException {
        return db.query("SELECT version, currency, effective_at FROM pos_catalog WHERE catalog = ?",
                r -> new Held(catalog, r.getLong(1), r.getString(2), Instant.parse(r.getString(3))), catalog)
                .stream().findFirst();
    }

    @Override
    public OptionalLong heldVersion(String catalog) {
        return held(catalog).map(h -> OptionalLong.of(h.version())).orElse(OptionalLong.empty());
    }

    /** Versions waiting for their effective time, lowest first. */
    public List<Long> pending(String catalog) {
        return db.inTransaction("read the pending catalogs", () -> db.query("SELECT version FROM pos_pending"
                + " WHERE catalog = ? ORDER BY version", r -> r.getLong(1), catalog));
    }

    @Override
    public Offered offer(CatalogDocument document) {
        Instant now = clock.instant();
        Offered offered = db.inTransaction("take " + document.label(), () -> {
            String catalog = document.catalog();
            Optional<Held> held = held0(catalog);
            List<Long> waiting = db.query("SELECT version FROM pos_pending WHERE catalog = ? ORDER BY version",
                    r -> r.getLong(1), catalog);
            long heldVersion = held.map(Held::version).orElse(0L);
            if (document.version() == heldVersion || waiting.contains(document.version())) {
                return Offered.ALREADY_HELD;
            }
            long last = waiting.isEmpty() ? heldVersion : waiting.getLast();
            if (document.version() < last) {
                throw PosException.conflict(document.label() + ": refused, the site already has v" + last
                        + " (held v" + heldVersion + "); nothing changed");
            }
            if (!document.isSnapshot() && document.baseVersion().getAsLong() != last) {
                throw PosException.conflict(document.label() + ": refused, a delta from v"
                        + document.baseVersion().getAsLong() + " but the site " + (waiting.isEmpty()
                        ? (held.isEmpty() ? "holds no version (send a snapshot)" : "holds v" + heldVersion)
                        : "will hold v" + last + " (pending)") + "; nothing changed");
            }
            if (waiting.isEmpty() && !document.effectiveAt().isAfter(now)) {
                apply(document);
                return Offered.APPLIED;
            }
            if (!document.isSnapshot() && waiting.isEmpty()) {
                merged(document); // refuse now what could not apply then
            }
            db.update("INSERT INTO pos_pending (catalog, version, effective_ms, document) VALUES (?, ?, ?, ?)", catalog,
                    document.version(), document.effectiveAt().toEpochMilli(), CatalogJson.write(document));
            return Offered.PENDING;
        });
        Logger.info("site {}: {} ({}, effective {}): {}", site, document.label(), document.kind().json(),
                document.effectiveAt(), offered);
        return offered;
    }

    /** Applies every pending document whose effective time has come, in version order; how many it applied. */
    public int applyDue() {
        Instant now = clock.instant();
        List<String[]> due = db.inTransaction("read the pending catalogs due", () -> db.query(
                "SELECT catalog, version FROM pos_pending WHERE effective_ms <= ? ORDER BY catalog, version",
                r -> new String[] {r.getString(1), Long.toString(r.getLong(2))}, now.toEpochMilli()));
        int applied = 0;
        for (String[] key : due) {
            try {
                db.inTransaction("apply pending catalog " + key[0] + " v" + key[1], () -> {
                    byte[] json = db.query("SELECT document FROM pos_pending WHERE catalog = ? AND version = ?",
                            r -> r.getBytes(1), key[0], Long.parseLong(key[1])).getFirst();
                    db.update("DELETE FROM pos_pending WHERE catalog = ? AND version = ?", key[0], Long.parseLong(key[1]));
                    apply(CatalogJson.read(json));
                    return null;
                });
                applied++;
                Logger.info("site {}: catalog {} v{} applied at its effective time", site, key[0], key[1]);
            } catch (PosException | ContractException e) {
                // it fitted when offered; a later snapshot offered since replaces it
                db.inTransaction("drop pending catalog " + key[0] + " v" + key[1], () -> db.update(
                        "DELETE FROM pos_pending WHERE catalog = ? AND version = ?", key[0], Long.parseLong(key[1])));
                Logger.error("site {}: catalog {} v{} dropped, it no longer applies: {}", site, key[0], key[1],
                        e.getMessage());
            }
        }
        return applied;
    }

    private CatalogDocument merged(CatalogDocument document) throws SQLException {
        if (document.isSnapshot()) {
            return document;
        }
        byte[] held = db.query("SELECT document FROM pos_catalog WHERE catalog = ?", r -> r.getBytes(1),
                document.catalog()).getFirst();
        try {
            return CatalogJson.read(held).merge(document);
        } catch (InvalidFieldException e) {
            throw PosException.badInput(document.label() + ": refused, it does not fit the held catalog: " + e.getMessage()
                    + "; nothing changed");
        }
    }

    /** Replaces the rows of the catalog with the snapshot of {@code document}, in the running transaction. */
    private void apply(CatalogDocument document) throws SQLException {
        CatalogDocument snapshot = merged(document);
        String catalog = snapshot.catalog();
        for (String table : List.of("pos_sku", "pos_barcode", "pos_tax_rate", "pos_store_price", "pos_price_change")) {
            db.update("DELETE FROM " + table + " WHERE catalog = ?", catalog);
        }
        db.batch("INSERT INTO pos_sku (catalog, sku, name, tax_rate, price_minor) VALUES (?, ?, ?, ?, ?)",
                snapshot.skus(), s -> new Object[] {catalog, s.sku(), s.name(), s.taxRate(), s.priceMinor()});
        List<String[]> barcodes = new ArrayList<>();
        for (Sku sku : snapshot.skus()) {
            sku.barcodes().forEach(b -> barcodes.add(new String[] {b, sku.sku()}));
        }
        db.batch("INSERT INTO pos_barcode (catalog, barcode, sku) VALUES (?, ?, ?)", barcodes,
                b -> new Object[] {catalog, b[0], b[1]});
        db.batch("INSERT INTO pos_tax_rate (catalog, id, basis_points, included) VALUES (?, ?, ?, ?)",
                snapshot.taxRates(), t -> new Object[] {catalog, t.id(), t.basisPoints(), t.included() ? 1 : 0});
        db.batch("INSERT INTO pos_store_price (catalog, sku, price_minor) VALUES (?, ?, ?)",
                snapshot.storePrices().stream().filter(p -> p.site().equals(site)).toList(),
                p -> new Object[] {catalog, p.sku(), p.priceMinor()});
        List<PriceChange> changes = snapshot.priceChanges().stream()
                .filter(c -> c.site().isEmpty() || c.site().get().equals(site)).toList();
        db.batch("INSERT INTO pos_price_change (catalog, id, sku, price_minor, from_ms, store) VALUES (?, ?, ?, ?, ?, ?)",
                changes, c -> new Object[] {catalog, c.id(), c.sku(), c.priceMinor(), c.from().toEpochMilli(),
                        c.site().isPresent() ? 1 : 0});
        db.update("INSERT INTO pos_catalog (catalog, version, currency, effective_at, applied_at, document)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (catalog) DO UPDATE SET version = excluded.version,"
                + " currency = excluded.currency, effective_at = excluded.effective_at,"
                + " applied_at = excluded.applied_at, document = excluded.document", catalog, snapshot.version(),
                snapshot.currency().getCurrencyCode(), snapshot.effectiveAt().toString(), clock.instant().toString(),
                CatalogJson.write(snapshot));
        promotions.remove(catalog);
    }

    /** The SKU a barcode scans to, priced at {@code at}; one indexed lookup. */
    public Optional<Item> lookup(String catalog, String barcode, Instant at) {
        return db.inTransaction("look up barcode " + barcode, () -> {
            List<String> sku = db.query("SELECT sku FROM pos_barcode WHERE catalog = ? AND barcode = ?",
                    r -> r.getString(1), catalog, barcode);
            return sku.isEmpty() ? Optional.<Item>empty() : item0(catalog, sku.getFirst(), at);
        });
    }

    /** A SKU priced at {@code at} for this site, or empty when the held catalog lacks it. */
    public Optional<Item> item(String catalog, String sku, Instant at) {
        return db.inTransaction("read SKU " + sku, () -> item0(catalog, sku, at));
    }

    private Optional<Item> item0(String catalog, String sku, Instant at) throws SQLException {
        List<Item> base = db.query("SELECT s.name, s.price_minor, t.basis_points, t.included FROM pos_sku s"
                + " JOIN pos_tax_rate t ON t.catalog = s.catalog AND t.id = s.tax_rate"
                + " WHERE s.catalog = ? AND s.sku = ?", r -> new Item(sku, r.getString(1), r.getLong(2), r.getInt(3),
                r.getInt(4) == 1), catalog, sku);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        Item item = base.getFirst();
        List<Long> price = db.query("SELECT price_minor FROM pos_price_change WHERE catalog = ? AND sku = ?"
                + " AND from_ms <= ? AND store = 1 ORDER BY from_ms DESC, id DESC LIMIT 1", r -> r.getLong(1),
                catalog, sku, at.toEpochMilli());
        if (price.isEmpty()) {
            price = db.query("SELECT price_minor FROM pos_store_price WHERE catalog = ? AND sku = ?",
                    r -> r.getLong(1), catalog, sku);
        }
        if (price.isEmpty()) {
            price = db.query("SELECT price_minor FROM pos_price_change WHERE catalog = ? AND sku = ?"
                    + " AND from_ms <= ? AND store = 0 ORDER BY from_ms DESC, id DESC LIMIT 1", r -> r.getLong(1),
                    catalog, sku, at.toEpochMilli());
        }
        return Optional.of(price.isEmpty() ? item
                : new Item(sku, item.name(), price.getFirst(), item.taxBasisPoints(), item.taxIncluded()));
    }

    /** The promotions of the held catalog running at {@code at}. */
    public List<Promotion> promotions(String catalog, Instant at) {
        List<Promotion> all = promotions.computeIfAbsent(catalog, c -> db.inTransaction("read the promotions of " + c,
                () -> db.query("SELECT document FROM pos_catalog WHERE catalog = ?", r -> r.getBytes(1), c))
                .stream().findFirst().map(json -> CatalogJson.read(json).promotions()).orElse(List.of()));
        return all.stream().filter(p -> p.activeAt(at)).toList();
    }
}
