package dev.outpost.sim.pos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.catalog.CatalogDocument;
import dev.outpost.api.catalog.Category;
import dev.outpost.api.catalog.Removed;
import dev.outpost.api.catalog.Sku;
import dev.outpost.api.catalog.TaxRate;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.json.Json;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.appliance.pos.PosEngine;
import dev.outpost.appliance.pos.catalog.CatalogSink;
import dev.outpost.relay.Relay;
import dev.outpost.relay.RelayConfig;
import dev.outpost.relay.staff.Role;
import dev.outpost.sim.chain.WanLink;
import dev.outpost.site.broker.PasswordHash;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Currency;
import java.util.SplittableRandom;

/**
 * One store on this machine for the POS proofs: a real relay (SQLite, mutual TLS) and the store's appliance with the
 * POS engine on, both in this JVM, the appliance reaching the relay through a {@link WanLink} that can be cut. The
 * staff file names one cashier per terminal ({@code c-1} … with PIN {@code 1111}) and a manager ({@code m-1}, PIN
 * {@code 9999}); a seeded catalog of {@code skus} SKUs is applied through the engine's catalog sink.
 */
public final class PosSite implements AutoCloseable {
    public static final String SITE = "store-1";
    public static final String CASHIER_PIN = "1111";
    public static final String MANAGER = "m-1";
    public static final String MANAGER_PIN = "9999";
    private static final String STAFF_USER = "auditor";
    private static final String STAFF_PASSWORD = "correct horse battery staple";

    private final Relay relay;
    private final WanLink wan;
    private final Appliance appliance;
    private final List<String> barcodes;
    private final HttpClient http = HttpClient.newHttpClient();
    private String cookie;

    private PosSite(Relay relay, WanLink wan, Appliance appliance, List<String> barcodes) {
        this.relay = relay;
        this.wan = wan;
        this.appliance = appliance;
        this.barcodes = barcodes;
    }

    /** Starts the relay, the WAN link and the appliance under {@code dir}, with {@code terminals} cashiers and the catalog. */
    public static PosSite start(Path dir, int terminals, int skus, long seed) throws IOException {
        InstantSource clock = InstantSource.system();
        int httpsPort;
        try (ServerSocket free = new ServerSocket(0)) {
            httpsPort = free.getLocalPort();
        }
        Relay relay = Relay.create(RelayConfig.from(ConfigFile.empty("pos-site").with("http.host", "127.0.0.1")
                .with("http.port", "0").with("https.port", Integer.toString(httpsPort))
                .with("data.dir", dir.resolve("relay").toString()).with("staff.password.bcrypt-cost", "10")), clock);
        WanLink wan = null;
        Appliance appliance = null;
        try {
            relay.start();
            relay.staff().accounts().create("pos-site", "load harness", STAFF_USER, STAFF_PASSWORD.toCharArray(),
                    EnumSet.of(Role.ADMIN), Set.of());
            wan = WanLink.to(new InetSocketAddress("127.0.0.1", httpsPort));
            writeStaff(dir.resolve("staff.json"), terminals);
            Path accounts = Files.writeString(dir.resolve("devices.accounts"), "# no devices\n");
            String token = relay.pki().identity().issueToken(SITE, Duration.ofDays(1), "user:" + STAFF_USER, "pos site");
            appliance = Appliance.create(ApplianceConfig.from(ConfigFile.empty("pos-site")
                    .with("site.id", SITE)
                    .with("relay.url", "https://127.0.0.1:" + wan.port())
                    .with("relay.enrollment-token", token)
                    .with("relay.timeout", "1s")
                    .with("heartbeat.period", "500ms")
                    .with("http.host", "127.0.0.1").with("http.port", "0")
                    .with("broker.host", "127.0.0.1").with("broker.port", "0")
                    .with("broker.accounts", accounts.toString())
                    .with("data.dir", dir.resolve("appliance").toString())
                    .with("pos.enabled", "true")
                    .with("pos.staff-file", dir.resolve("staff.json").toString())), clock);
            appliance.start();
            CatalogDocument catalog = catalog(skus, seed, clock.instant().minus(Duration.ofDays(1)));
            CatalogSink.Offered offered = appliance.pos().orElseThrow().catalogs().offer(catalog);
            if (offered != CatalogSink.Offered.APPLIED) {
                throw new IllegalStateException("pos site " + SITE + ": the seeded catalog was " + offered + ", not applied");
            }
            List<String> barcodes = catalog.skus().stream().map(sku -> sku.barcodes().getFirst()).toList();
            return new PosSite(relay, wan, appliance, barcodes);
        } catch (IOException | RuntimeException e) {
            if (appliance != null) {
                appliance.close();
            }
            if (wan != null) {
                wan.close();
            }
            relay.close();
            throw e;
        }
    }

    /** {@code skus} SKUs with one 13-digit barcode each and seeded prices from 0.50 to 20.49, one tax rate. */
    static CatalogDocument catalog(int skus, long seed, Instant effectiveAt) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Sku> list = new ArrayList<>(skus);
        for (int i = 0; i < skus; i++) {
            list.add(new Sku("SKU-" + i, "Item " + i, "goods", "std", 50 + random.nextInt(2_000),
                    List.of(Long.toString(2_000_000_000_000L + i))));
        }
        return new CatalogDocument("main", 1, CatalogDocument.Kind.SNAPSHOT, OptionalLong.empty(), effectiveAt,
                Currency.getInstance("USD"), List.of(new TaxRate("std", "Standard", 825, false)),
                List.of(new Category("goods", "Goods")), list, List.of(), List.of(), List.of(), Removed.NONE);
    }

    private static void writeStaff(Path file, int terminals) throws IOException {
        String cashier = PasswordHash.hash(CASHIER_PIN.toCharArray(), 1_000);
        List<Map<String, String>> employees = new ArrayList<>();
        for (int i = 1; i <= terminals; i++) {
            employees.add(Map.of("employee_id", "c-" + i, "name", "Cashier " + i, "role", "CASHIER", "pin_hash", cashier));
        }
        employees.add(Map.of("employee_id", MANAGER, "name", "Manager", "role", "MANAGER",
                "pin_hash", PasswordHash.hash(MANAGER_PIN.toCharArray(), 1_000)));
        Files.writeString(file, Json.writeString(Map.of("employees", employees)));
    }

    /** The appliance's LAN address, where the terminals sell. */
    public URI lan() {
        return URI.create("http://127.0.0.1:" + appliance.httpPort());
    }

    public WanLink wan() {
        return wan;
    }

    public PosEngine engine() {
        return appliance.pos().orElseThrow();
    }

    /** The first barcode of every SKU of the catalog, in catalog order. */
    public List<String> barcodes() {
        return barcodes;
    }

    /** The relay's {@code GET /v1/sales/daily} for this site and {@code day}: the first currency's totals, or null. */
    public JsonNode relayDailyTotals(String day) throws IOException, InterruptedException {
        HttpResponse<String> response = relayGet("/v1/sales/daily?from=" + day + "&to=" + day + "&site=" + SITE);
        if (response.statusCode() != 200) {
            throw new IOException("relay: GET /v1/sales/daily answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode days = Json.tree(response.body()).path("days");
        return days.isEmpty() ? null : days.get(0).get("totals");
    }

    private HttpResponse<String> relayGet(String path) throws IOException, InterruptedException {
        if (cookie == null) {
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(relayUri("/v1/auth/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            Json.writeString(Map.of("username", STAFF_USER, "password", STAFF_PASSWORD)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) {
                throw new IOException("relay: staff login answered " + login.statusCode() + ": " + login.body());
            }
            cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        }
        return http.send(HttpRequest.newBuilder(relayUri(path)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI relayUri(String path) {
        return URI.create("http://127.0.0.1:" + relay.port() + path);
    }

    /** The sequence numbers of the POS engine's events the relay stored for this site, in the order it stored them. */
    public List<Long> relaySequences() {
        return relay.store().inTransaction("pos site: read the inbox", tx -> tx.query(
                "SELECT sequence FROM inbox_event WHERE site_id = ? AND device_id = 'appliance-pos' ORDER BY rowid",
                row -> row.getLong(1), SITE));
    }

    @Override
    public void close() {
        appliance.close();
        wan.close();
        relay.close();
    }
}
