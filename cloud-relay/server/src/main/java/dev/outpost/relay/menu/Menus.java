package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HttpStatus;
import dev.outpost.api.json.Json;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.blob.Blobs;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.staff.Staff;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.Tx;
import dev.outpost.relay.stores.StoreDirectory;
import dev.outpost.relay.stores.StoreProfile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Menu variants, their layers and their publishes (ARCHITECTURE.md §5, step 1). Layers merge here, never on
 * devices. A publish resolves every store in the directory, passes the gates, and stores one blob per store, locale
 * and stretch of promo time, or refuses as a whole:
 * <ol>
 *   <li>schema and allergen structure: a menu that fails either is refused ({@link MenuInvalid}), and audited;</li>
 *   <li>price bounds: a price outside 20%–500% of its sibling-country baseline holds the version for review;</li>
 *   <li>two-person rule: a high-risk change (an allergen declaration loses an entry, a price drops by more than
 *       half) waits for a second person.</li>
 * </ol>
 * A held or waiting version is published when an approver other than its publisher approves it.
 */
public final class Menus {
    public static final String MEDIA_TYPE = "application/vnd.outpost.menu+json";
    static final String PUBLISHED = "PUBLISHED";
    static final String HELD = "HELD";
    static final String AWAITING_SECOND = "AWAITING_SECOND";
    static final String REJECTED = "REJECTED";

    private final Store store;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Consumer<String> onPublished;

    /** {@code onPublished} hears a variant's id after a version of it became PUBLISHED (committed). */
    public Menus(Store store, AuditLog audit, InstantSource clock, Consumer<String> onPublished) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.onPublished = onPublished;
    }

    // ---- views ----

    /** A variant with its layers and versions, newest first. */
    public record VariantView(String id, String name, String createdBy, Instant createdAt, List<Layer> layers,
                              List<VersionView> versions) {
    }

    /** A publish: its state, the gates' outcome, and what each store shows (per locale and stretch of time). */
    public record VersionView(String variantId, int number, String state, JsonNode gates, String publishedBy,
                              Instant publishedAt, String decidedBy, Instant decidedAt, List<Resolved> resolved) {
    }

    /** One blob a store shows for a version: in {@code locale}, from {@code validFrom} until {@code validUntil}. */
    public record Resolved(String siteId, String locale, Instant validFrom, Instant validUntil, String sha256) {
    }

    /** The menu a store would show at an instant, per locale, and the promos open then. */
    public record Simulation(String variantId, String siteId, Instant at, List<String> promos,
                             Map<String, JsonNode> menus, Map<String, String> sha256) {
    }

    // ---- variants and layers ----

    public VariantView createVariant(String actor, String id, String name, String reason) {
        if (!id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw HttpProblem.badRequest("variant.id: must be lowercase letters, digits and '-' (up to 64), was '" + id + "'");
        }
        if (name.isBlank()) {
            throw HttpProblem.badRequest("variant.name: must not be blank");
        }
        store.inTransaction("menu_variant", tx -> {
            if (tx.queryOne("SELECT id FROM menu_variant WHERE id = ?", rs -> rs.getString(1), id).isPresent()) {
                throw HttpProblem.conflict("variant " + id + ": already exists");
            }
            tx.update("INSERT INTO menu_variant (id, name, created_by, created_at) VALUES (?, ?, ?, ?)", id, name, actor,
                    clock.instant().toString());
            audit.append(tx, new AuditEntry(actor, "menu.variant.created", "variant:" + id, null,
                    Json.toTree(Map.of("id", id, "name", name)), reason));
            return null;
        });
        return variant(id);
    }

    public List<Map<String, Object>> variants() {
        return store.inTransaction("menu_variants", tx -> tx.query("SELECT v.id, v.name, (SELECT MAX(number) FROM"
                + " menu_version m WHERE m.variant_id = v.id AND m.state = 'PUBLISHED') FROM menu_variant v ORDER BY v.id",
                rs -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getString(1));
                    row.put("name", rs.getString(2));
                    int published = rs.getInt(3);
                    row.put("published", rs.wasNull() ? null : published);
                    return row;
                }));
    }

    public VariantView variant(String id) {
        return store.inTransaction("menu_variant", tx -> {
            VariantRow row = variantRow(tx, id);
            List<VersionView> versions = new ArrayList<>();
            for (int n : tx.query("SELECT number FROM menu_version WHERE variant_id = ? ORDER BY number DESC",
                    rs -> rs.getInt(1), id)) {
                versions.add(version(tx, id, n, false));
            }
            return new VariantView(id, row.name, row.createdBy, row.createdAt, layers(tx, id), versions);
        });
    }

    /**
     * Saves one layer (a new revision). The document must be a JSON object whose remove markers are well formed; the
     * menus it merges into are checked when simulated or published, since a layer alone is partial. A promo layer
     * needs its window; other layers have none.
     */
    public Layer putLayer(String actor, String variantId, Scope scope, JsonNode document, Instant from, Instant until,
                          String reason) {
        boolean promo = scope.kind() == Scope.Kind.PROMO;
        if (promo && (from == null || until == null)) {
            throw HttpProblem.badRequest("layer " + scope + ": a promo layer needs active_from and active_until");
        }
        if (!promo && (from != null || until != null)) {
            throw HttpProblem.badRequest("layer " + scope + ": only a promo layer has a window (active_from, active_until)");
        }
        if (promo && !until.isAfter(from)) {
            throw HttpProblem.badRequest("layer " + scope + ": active_until (" + until + ") must be after active_from ("
                    + from + ")");
        }
        try {
            LayerMerge.merge(List.of(new MenuLayer(scope.toString(), document)));
        } catch (MenuLayerException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        return store.inTransaction("menu_layer", tx -> {
            variantRow(tx, variantId);
            Optional<Layer> before = layer(tx, variantId, scope);
            int revision = before.map(l -> l.revision() + 1).orElse(1);
            Instant now = clock.instant();
            String text = Json.writeString(document);
            if (before.isPresent()) {
                tx.update("UPDATE menu_layer SET document = ?, active_from = ?, active_until = ?, revision = ?,"
                        + " updated_by = ?, updated_at = ? WHERE variant_id = ? AND scope = ?", text, str(from), str(until),
                        revision, actor, now.toString(), variantId, scope.toString());
            } else {
                tx.update("INSERT INTO menu_layer (variant_id, scope, document, active_from, active_until, revision,"
                        + " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", variantId, scope.toString(), text,
                        str(from), str(until), revision, actor, now.toString());
            }
            Layer after = new Layer(scope, document, from, until, revision, actor, now);
            audit.append(tx, new AuditEntry(actor, "menu.layer.saved", "variant:" + variantId + "/" + scope,
                    before.map(Json::toTree).orElse(null), Json.toTree(after), reason));
            return after;
        });
    }

    public void deleteLayer(String actor, String variantId, Scope scope, String reason) {
        store.inTransaction("menu_layer", tx -> {
            Layer before = layer(tx, variantId, scope).orElseThrow(() -> HttpProblem.notFound("variant " + variantId
                    + ": no layer " + scope));
            tx.update("DELETE FROM menu_layer WHERE variant_id = ? AND scope = ?", variantId, scope.toString());
            audit.append(tx, new AuditEntry(actor, "menu.layer.deleted", "variant:" + variantId + "/" + scope,
                    Json.toTree(before), null, reason));
            return null;
        });
    }

    // ---- simulate ----

    /** What {@code siteId} would show at {@code at} from the layers as saved now, without publishing anything. */
    public Simulation simulate(String variantId, String siteId, Instant at) {
        return store.inTransaction("menu_simulate", tx -> {
            variantRow(tx, variantId);
            StoreProfile profile = StoreDirectory.find(tx, siteId).orElseThrow(() -> HttpProblem.notFound("store "
                    + siteId + ": not in the store directory"));
            List<Layer> layers = layers(tx, variantId);
            if (layers.isEmpty()) {
                throw HttpProblem.conflict("variant " + variantId + ": has no layers yet");
            }
            StoreMenus.Segment segment = StoreMenus.at(segments(layers, profile), at);
            List<MenuInvalid.StoreProblem> problems = new ArrayList<>();
            collect(problems, siteId, segment.menu());
            if (!problems.isEmpty()) {
                throw new MenuInvalid("variant " + variantId + ": store " + siteId + " could not show this menu ("
                        + problems.size() + " problems)", problems);
            }
            Map<String, JsonNode> menus = new TreeMap<>();
            Map<String, String> hashes = new TreeMap<>();
            for (String locale : locales(segment.menu())) {
                ResolvedMenu resolved = ResolvedMenu.resolve(segment.menu(), locale);
                menus.put(locale, Json.tree(resolved.bytes()));
                hashes.put(locale, resolved.sha256());
            }
            return new Simulation(variantId, siteId, at, segment.promos().stream().map(Scope::toString).toList(), menus,
                    hashes);
        });
    }

    // ---- publish ----

    /** Publishes the layers as saved now for every store in the directory; see the class comment for the gates. */
    public VersionView publish(String actor, String variantId, String reason) {
        Object outcome = store.inTransaction("menu_publish", tx -> {
            tx.update("UPDATE menu_variant SET name = name WHERE id = ?", variantId); // one publish of a variant at a time
            variantRow(tx, variantId);
            List<Layer> layers = layers(tx, variantId);
            if (layers.isEmpty()) {
                throw HttpProblem.conflict("variant " + variantId + ": has no layers to publish");
            }
            List<StoreProfile> stores = StoreDirectory.all(tx);
            if (stores.isEmpty()) {
                throw HttpProblem.conflict("variant " + variantId + ": no stores in the directory to publish for (add"
                        + " them with PUT /v1/stores/{site})");
            }
            Map<String, List<StoreMenus.Segment>> bySite = new LinkedHashMap<>();
            List<MenuInvalid.StoreProblem> problems = new ArrayList<>();
            for (StoreProfile s : stores) {
                List<StoreMenus.Segment> segments = segments(layers, s);
                bySite.put(s.siteId(), segments);
                for (StoreMenus.Segment segment : segments) {
                    collect(problems, s.siteId(), segment.menu());
                }
            }
            if (!problems.isEmpty()) {
                MenuInvalid refused = new MenuInvalid("variant " + variantId + ": refused, the menu fails "
                        + gatesFailed(problems) + " (" + problems.size() + " problems); nothing was published", problems);
                audit.append(tx, new AuditEntry(actor, "menu.publish.refused", "variant:" + variantId, null,
                        Json.toTree(Map.of("problems", problems)), reason));
                return refused;
            }
            Map<String, Object> gates = new LinkedHashMap<>();
            gates.put("schema", "passed");
            gates.put("allergens", "passed");
            TreeSet<String> countries = new TreeSet<>();
            Map<String, JsonNode> base = new LinkedHashMap<>(); // each store's menu outside promo windows
            bySite.forEach((site, segments) -> base.put(site, segments.get(0).menu()));
            List<String> held = priceBounds(layers, stores, base, countries);
            gates.put("price_bounds", Map.of("held", held));
            List<String> risks = highRisk(tx, variantId, stores, base, countries);
            gates.put("two_person", Map.of("high_risk", !risks.isEmpty(), "reasons", risks));
            gates.put("countries", countries); // whose approver may release a held or waiting version
            String state = !held.isEmpty() ? HELD : !risks.isEmpty() ? AWAITING_SECOND : PUBLISHED;
            int number = (int) tx.queryLong("SELECT COALESCE(MAX(number), 0) + 1 FROM menu_version WHERE variant_id = ?",
                    variantId);
            Instant now = clock.instant();
            tx.update("INSERT INTO menu_version (variant_id, number, state, layers_json, gates_json, published_by,"
                    + " published_at) VALUES (?, ?, ?, ?, ?, ?, ?)", variantId, number, state, Json.writeString(layers),
                    Json.writeString(gates), actor, now.toString());
            for (var e : bySite.entrySet()) {
                int seq = 0;
                for (StoreMenus.Segment segment : e.getValue()) {
                    for (String locale : locales(segment.menu())) {
                        ResolvedMenu resolved = ResolvedMenu.resolve(segment.menu(), locale);
                        Blobs.put(tx, MEDIA_TYPE, resolved.bytes(), now);
                        tx.update("INSERT INTO menu_resolved (variant_id, number, site_id, locale, seq, valid_from,"
                                + " valid_until, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", variantId, number, e.getKey(),
                                locale, seq++, str(segment.from()), str(segment.until()), resolved.sha256());
                    }
                }
            }
            VersionView version = version(tx, variantId, number, false);
            audit.append(tx, new AuditEntry(actor, switch (state) {
                case HELD -> "menu.publish.held";
                case AWAITING_SECOND -> "menu.publish.awaiting-second";
                default -> "menu.published";
            }, "variant:" + variantId + "/v" + number, null, Json.toTree(gates), reason));
            return version;
        });
        if (outcome instanceof MenuInvalid refused) {
            throw refused;
        }
        VersionView version = (VersionView) outcome;
        if (version.state().equals(PUBLISHED)) {
            onPublished.accept(variantId);
        }
        return version;
    }

    /**
     * An approver other than the publisher, for every country the held or high-risk changes affect, approves
     * (publishes) or rejects a held or waiting version.
     */
    public VersionView decide(Staff staff, String variantId, int number, boolean approve, String reason) {
        String actor = staff.actor();
        VersionView decided = store.inTransaction("menu_decide", tx -> {
            VersionView before = version(tx, variantId, number, false);
            List<String> outside = new ArrayList<>();
            before.gates().path("countries").forEach(c -> {
                if (!staff.approvesFor(c.textValue())) {
                    outside.add(c.textValue());
                }
            });
            if (!outside.isEmpty()) {
                throw new HttpProblem(HttpStatus.FORBIDDEN, "variant " + variantId + " v" + number + ": its held changes"
                        + " affect " + String.join(", ", outside) + ", which user '" + staff.username()
                        + "' does not approve for (approves for " + String.join(", ", staff.jurisdictions()) + ")");
            }
            if (!before.state().equals(HELD) && !before.state().equals(AWAITING_SECOND)) {
                throw HttpProblem.conflict("variant " + variantId + " v" + number + ": is " + before.state()
                        + ", nothing to decide");
            }
            if (before.publishedBy().equals(actor)) {
                throw HttpProblem.conflict("variant " + variantId + " v" + number + ": published by " + before.publishedBy()
                        + ", who cannot also approve it (two-person rule); another approver must decide");
            }
            String state = approve ? PUBLISHED : REJECTED;
            Instant now = clock.instant();
            tx.update("UPDATE menu_version SET state = ?, decided_by = ?, decided_at = ? WHERE variant_id = ? AND number = ?",
                    state, actor, now.toString(), variantId, number);
            VersionView after = version(tx, variantId, number, false);
            audit.append(tx, new AuditEntry(actor, approve ? "menu.approved" : "menu.rejected",
                    "variant:" + variantId + "/v" + number, Json.toTree(Map.of("state", before.state())),
                    Json.toTree(Map.of("state", state)), reason));
            return after;
        });
        if (approve) {
            onPublished.accept(variantId);
        }
        return decided;
    }

    /** The newest published version of a variant. */
    public record Published(String variantId, int number, JsonNode menu) {
    }

    /**
     * What the newest published version of {@code variantId} gives store {@code siteId} in {@code locale} outside
     * promo windows (a resolved menu, see {@link ResolvedMenu}); empty when no version is published or it has no
     * such store or locale.
     */
    public static Optional<Published> published(Tx tx, String variantId, String siteId, String locale)
            throws SQLException {
        Optional<Map.Entry<Integer, String>> row = tx.queryOne("SELECT r.number, r.sha256 FROM menu_resolved r WHERE"
                + " r.variant_id = ? AND r.site_id = ? AND r.locale = ? AND r.valid_from IS NULL AND r.number ="
                + " (SELECT MAX(number) FROM menu_version WHERE variant_id = ? AND state = 'PUBLISHED')",
                rs -> Map.entry(rs.getInt(1), rs.getString(2)), variantId, siteId, locale, variantId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Blobs.Blob blob = Blobs.get(tx, row.get().getValue()).orElseThrow(() -> new SQLException("variant " + variantId
                + " v" + row.get().getKey() + ": blob " + row.get().getValue() + " is missing"));
        return Optional.of(new Published(variantId, row.get().getKey(), Json.tree(blob.content())));
    }

    public VersionView version(String variantId, int number) {
        return store.inTransaction("menu_version", tx -> version(tx, variantId, number, true));
    }

    /** Every version across variants that waits for an approver ({@code HELD} or {@code AWAITING_SECOND}), oldest first. */
    public List<VersionView> pending() {
        return store.inTransaction("menu_pending", tx -> {
            List<VersionView> out = new ArrayList<>();
            for (var key : tx.query("SELECT variant_id, number FROM menu_version WHERE state IN (?, ?)",
                    rs -> Map.entry(rs.getString(1), rs.getInt(2)), HELD, AWAITING_SECOND)) {
                out.add(version(tx, key.getKey(), key.getValue(), false));
            }
            // instants are stored as text of varying precision: order them as instants, not as strings
            out.sort(java.util.Comparator.comparing(VersionView::publishedAt).thenComparing(VersionView::variantId)
                    .thenComparingInt(VersionView::number));
            return out;
        });
    }

    // ---- the gates ----

    private static List<StoreMenus.Segment> segments(List<Layer> layers, StoreProfile store) {
        try {
            return StoreMenus.segments(layers, store);
        } catch (MenuLayerException e) {
            throw HttpProblem.badRequest(e.getMessage()); // saved layers are checked on save; this is a guard
        }
    }

    private static void collect(List<MenuInvalid.StoreProblem> into, String siteId, JsonNode menu) {
        for (MenuProblem p : MenuValidation.validate(menu)) {
            String gate = p.kind().name().toLowerCase(java.util.Locale.ROOT);
            Optional<MenuInvalid.StoreProblem> same = into.stream()
                    .filter(q -> q.gate().equals(gate) && q.path().equals(p.path()) && q.message().equals(p.message()))
                    .findFirst();
            if (same.isPresent()) {
                if (!same.get().stores().contains(siteId)) {
                    List<String> stores = new ArrayList<>(same.get().stores());
                    stores.add(siteId);
                    into.set(into.indexOf(same.get()), new MenuInvalid.StoreProblem(gate, p.path(), p.message(), stores));
                }
            } else {
                into.add(new MenuInvalid.StoreProblem(gate, p.path(), p.message(), List.of(siteId)));
            }
        }
    }

    private static String gatesFailed(List<MenuInvalid.StoreProblem> problems) {
        return String.join(" and ", new TreeSet<>(problems.stream().map(p -> p.gate() + " validation").toList()));
    }

    /** Each store's base menu against the country menus of the other countries in its region. */
    private static List<String> priceBounds(List<Layer> layers, List<StoreProfile> stores, Map<String, JsonNode> base,
                                            Set<String> countries) {
        Map<String, Map<String, JsonNode>> countriesByRegion = new TreeMap<>();
        for (StoreProfile s : stores) {
            countriesByRegion.computeIfAbsent(s.region(), r -> new TreeMap<>()).computeIfAbsent(s.country(),
                    c -> StoreMenus.merge(layers.stream().filter(l -> switch (l.scope().kind()) {
                        case GLOBAL -> true;
                        case REGION -> l.scope().value().equals(s.region());
                        case COUNTRY -> l.scope().value().equals(c);
                        default -> false;
                    }).sorted(java.util.Comparator.comparing(Layer::scope)).toList()));
        }
        TreeSet<String> held = new TreeSet<>();
        for (StoreProfile s : stores) {
            Map<String, JsonNode> siblings = new TreeMap<>(countriesByRegion.get(s.region()));
            siblings.remove(s.country());
            boolean ownLayer = layers.stream().anyMatch(l -> l.scope().kind() == Scope.Kind.STORE && l.scope().covers(s));
            for (HeldPrice h : PriceBounds.check(base.get(s.siteId()), siblings)) {
                countries.add(s.country());
                held.add(s.country() + (ownLayer ? " (store " + s.siteId() + ")" : "") + ": " + h.message());
            }
        }
        return List.copyOf(held);
    }

    /** Each store's base menu against what the last published version gave it. */
    private static List<String> highRisk(Tx tx, String variantId, List<StoreProfile> stores, Map<String, JsonNode> base,
                                         Set<String> countries) throws SQLException {
        Optional<String> previous = tx.queryOne("SELECT layers_json FROM menu_version WHERE variant_id = ? AND state ="
                + " 'PUBLISHED' ORDER BY number DESC LIMIT 1", rs -> rs.getString(1), variantId);
        if (previous.isEmpty()) {
            return List.of();
        }
        List<Layer> before = readLayers(previous.get());
        TreeSet<String> reasons = new TreeSet<>();
        for (StoreProfile s : stores) {
            MenuDiff diff = MenuDiff.between(StoreMenus.merge(StoreMenus.base(before, s)), base.get(s.siteId()));
            if (diff.highRisk()) {
                countries.add(s.country());
                reasons.addAll(diff.highRiskReasons());
            }
        }
        return List.copyOf(reasons);
    }

    private static List<String> locales(JsonNode menu) {
        List<String> out = new ArrayList<>();
        menu.get("locales").forEach(l -> out.add(l.textValue()));
        return out;
    }

    // ---- rows ----

    private record VariantRow(String name, String createdBy, Instant createdAt) {
    }

    private static VariantRow variantRow(Tx tx, String id) throws SQLException {
        return tx.queryOne("SELECT name, created_by, created_at FROM menu_variant WHERE id = ?",
                rs -> new VariantRow(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3))), id)
                .orElseThrow(() -> HttpProblem.notFound("variant " + id + ": no such menu variant"));
    }

    private static final String LAYER_COLUMNS = "scope, document, active_from, active_until, revision, updated_by, updated_at";

    private static List<Layer> layers(Tx tx, String variantId) throws SQLException {
        return tx.query("SELECT " + LAYER_COLUMNS + " FROM menu_layer WHERE variant_id = ?", Menus::layerRow, variantId)
                .stream().sorted(java.util.Comparator.comparing(Layer::scope)).toList();
    }

    private static Optional<Layer> layer(Tx tx, String variantId, Scope scope) throws SQLException {
        return tx.queryOne("SELECT " + LAYER_COLUMNS + " FROM menu_layer WHERE variant_id = ? AND scope = ?",
                Menus::layerRow, variantId, scope.toString());
    }

    private static Layer layerRow(ResultSet rs) throws SQLException {
        return new Layer(Scope.parse(rs.getString(1)), Json.tree(rs.getString(2)), instant(rs.getString(3)),
                instant(rs.getString(4)), rs.getInt(5), rs.getString(6), Instant.parse(rs.getString(7)));
    }

    /** A version's layers as they were published (the same JSON {@link Layer} is written as). */
    private static List<Layer> readLayers(String json) {
        List<Layer> out = new ArrayList<>();
        for (JsonNode l : Json.tree(json)) {
            out.add(new Layer(Scope.parse(l.get("scope").textValue()), l.get("document"),
                    instant(l.get("active_from").textValue()), instant(l.get("active_until").textValue()),
                    l.get("revision").intValue(), l.get("updated_by").textValue(),
                    Instant.parse(l.get("updated_at").textValue())));
        }
        return out;
    }

    private static VersionView version(Tx tx, String variantId, int number, boolean withResolved) throws SQLException {
        List<Resolved> resolved = withResolved ? tx.query("SELECT site_id, locale, valid_from, valid_until, sha256 FROM"
                + " menu_resolved WHERE variant_id = ? AND number = ? ORDER BY site_id, locale, seq",
                rs -> new Resolved(rs.getString(1), rs.getString(2), instant(rs.getString(3)), instant(rs.getString(4)),
                        rs.getString(5)), variantId, number) : null;
        return tx.queryOne("SELECT state, gates_json, published_by, published_at, decided_by, decided_at FROM menu_version"
                + " WHERE variant_id = ? AND number = ?", rs -> new VersionView(variantId, number, rs.getString(1),
                Json.tree(rs.getString(2)), rs.getString(3), Instant.parse(rs.getString(4)), rs.getString(5),
                instant(rs.getString(6)), resolved), variantId, number)
                .orElseThrow(() -> HttpProblem.notFound("variant " + variantId + ": no version " + number));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String str(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
