package dev.outpost.sim.pos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.catalog.CatalogDocument;
import dev.outpost.api.catalog.Category;
import dev.outpost.api.catalog.Removed;
import dev.outpost.api.catalog.Sku;
import dev.outpost.api.catalog.TaxRate;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.json.Json;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.appliance.pos.PosEngine;
import dev.outpost.appliance.pos.catalog.CatalogSink;
import dev.outpost.relay.Relay;
import dev.outpost.relay.RelayConfig;
import dev.outpost.relay.staff.Role;
import dev.outpost.sim.chain.Await;
import dev.outpost.sim.chain.Launcher;
import dev.outpost.sim.chain.ManagedProcess;
import dev.outpost.sim.chain.WanLink;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Currency;
import java.util.SplittableRandom;

/**
 * One store on this machine for the POS proofs: a real relay (SQLite, mutual TLS) and the store's appliance with the
 * POS engine on, both in this JVM, the appliance reaching the relay through a {@link WanLink} that can be cut. The
 * staff file names one cashier per terminal ({@code c-1} … with PIN {@code 1111}) and a manager ({@code m-1}, PIN
 * {@code 9999}); a seeded catalog of {@code skus} SKUs is applied through the engine's catalog sink. For the crash
 * tests the appliance then moves into its own process ({@link #asProcess}), to be killed and restarted.
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
    private final Path dir;
    private final Map<String, String> config;
    private final List<String> barcodes;
    private final HttpClient http = HttpClient.newHttpClient();
    private Appliance appliance;
    private Launcher launcher;
    private ManagedProcess process;
    private String cookie;

    private PosSite(Relay relay, WanLink wan, Path dir, Map<String, String> config, Appliance appliance,
                    List<String> barcodes) {
        this.relay = relay;
        this.wan = wan;
        this.dir = dir;
        this.config = config;
        this.appliance = appliance;
        this.barcodes = barcodes;
    }

    /** Starts the relay, the WAN link and the appliance under {@code dir}, with {@code terminals} cashiers and the catalog. */
    public static PosSite start(Path dir, int terminals, int skus, long seed) throws IOException {
        return start(dir, terminals, skus, seed, Map.of());
    }

    /** {@link #start(Path, int, int, long)} with more appliance config ({@code legacy.*}, say). */
    public static PosSite start(Path dir, int terminals, int skus, long seed, Map<String, String> more)
            throws IOException {
        InstantSource clock = InstantSource.system();
        Relay relay = Relay.create(RelayConfig.from(ConfigFile.empty("pos-site").with("http.host", "127.0.0.1")
                .with("http.port", "0").with("https.port", Integer.toString(freePort()))
                .with("data.dir", dir.resolve("relay").toString()).with("staff.password.bcrypt-cost", "10")), clock);
        WanLink wan = null;
        Appliance appliance = null;
        try {
            relay.start();
            relay.staff().accounts().create("pos-site", "load harness", STAFF_USER, STAFF_PASSWORD.toCharArray(),
                    EnumSet.of(Role.ADMIN), Set.of());
            wan = WanLink.to(new InetSocketAddress("127.0.0.1", relay.httpsPort()));
            writeStaff(dir.resolve("staff.json"), terminals);
            Path accounts = Files.writeString(dir.resolve("devices.accounts"), "# no devices\n");
            String token = relay.pki().identity().issueToken(SITE, Duration.ofDays(1), "user:" + STAFF_USER, "pos site");
            Map<String, String> config = new LinkedHashMap<>();
            config.put("site.id", SITE);
            config.put("relay.url", "https://127.0.0.1:" + wan.port());
            config.put("relay.enrollment-token", token);
            config.put("relay.timeout", "1s");
            config.put("heartbeat.period", "500ms");
            config.put("http.host", "127.0.0.1");
            config.put("http.port", Integer.toString(freePort()));
            config.put("broker.host", "127.0.0.1");
            config.put("broker.port", "0");
            config.put("broker.accounts", accounts.toString());
            config.put("data.dir", dir.resolve("appliance").toString());
            config.put("pos.enabled", "true");
            config.put("pos.staff-file", dir.resolve("staff.json").toString());
            config.putAll(more);
            ConfigFile file = ConfigFile.empty("pos-site");
            for (Map.Entry<String, String> key : config.entrySet()) {
                file = file.with(key.getKey(), key.getValue());
            }
            appliance = Appliance.create(ApplianceConfig.from(file), clock);
            appliance.start();
            CatalogDocument catalog = catalog(skus, seed, clock.instant().minus(Duration.ofDays(1)));
            CatalogSink.Offered offered = appliance.pos().orElseThrow().catalogs().offer(catalog);
            if (offered != CatalogSink.Offered.APPLIED) {
                throw new IllegalStateException("pos site " + SITE + ": the seeded catalog was " + offered + ", not applied");
            }
            List<String> barcodes = catalog.skus().stream().map(sku -> sku.barcodes().getFirst()).toList();
            return new PosSite(relay, wan, dir, config, appliance, barcodes);
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

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /**
     * Moves the appliance into its own process (the built {@code appliance.jar} under {@code root}): the in-process one
     * stops, and the same config and {@code data.dir} — catalog, staff, enrolled identity — start as a process.
     */
    public void asProcess(Path root) throws IOException, TimeoutException {
        if (process != null) {
            throw new IllegalStateException("pos site " + SITE + ": the appliance already runs as process " + process.pid());
        }
        appliance.close();
        appliance = null;
        StringBuilder text = new StringBuilder("# written by the POS site harness\n");
        config.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(dir.resolve("appliance.conf"), text.toString());
        launcher = new Launcher(root, dir.resolve("logs"));
        restart();
    }

    /** Kills the appliance's process without warning, as a power cut would. */
    public void kill() throws InterruptedException {
        process().kill();
    }

    /** Starts the appliance's process again on its data and waits until it serves {@code /v1/pos/status}. */
    public void restart() throws IOException, TimeoutException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("pos site " + SITE + ": the appliance process " + process.pid() + " still runs");
        }
        process = launcher.start("appliance", "appliance", List.of("--config", dir.resolve("appliance.conf").toString()));
        Await.until("pos site " + SITE + ": the appliance process serves /v1/pos/status", Duration.ofSeconds(60), () -> {
            try {
                return Optional.of(status()).filter(s -> s.has("unsent_events"));
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }, () -> "process alive " + process.isAlive() + ", log " + process.log());
    }

    private ManagedProcess process() {
        if (process == null) {
            throw new IllegalStateException("pos site " + SITE + ": the appliance runs in this JVM; call asProcess first");
        }
        return process;
    }

    /**
     * One call to the appliance's LAN API ({@code body} as JSON, or none), as {@code token}'s session (or none); fails
     * naming the route and what the appliance said unless it answers {@code expected}.
     */
    public JsonNode call(String method, String path, String token, Object body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(lan().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.writeString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("pos site " + SITE + ": " + method + " " + path + " answered "
                    + response.statusCode() + ", expected " + expected + ": " + response.body());
        }
        return Json.tree(response.body());
    }

    /** Logs {@code employee} in on {@code terminal}; returns the session's token. */
    public String login(String terminal, String employee, String pin) throws IOException, InterruptedException {
        return call("POST", "/v1/pos/login", null, Map.of("terminal_id", terminal, "employee_id", employee, "pin", pin),
                201).get("token").asText();
    }

    /** The appliance's {@code GET /v1/pos/status}, over HTTP. */
    public JsonNode status() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(lan().resolve("/v1/pos/status"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("pos site " + SITE + ": GET /v1/pos/status answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Json.tree(response.body());
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
        return URI.create("http://127.0.0.1:" + config.get("http.port"));
    }

    public WanLink wan() {
        return wan;
    }

    /** The POS engine of the appliance in this JVM (not once it runs {@link #asProcess as a process}). */
    public PosEngine engine() {
        if (appliance == null) {
            throw new IllegalStateException("pos site " + SITE + ": the appliance runs as a process; read its status()");
        }
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
        if (appliance != null) {
            appliance.close();
        }
        if (process != null) {
            try {
                process.stop(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        wan.close();
        relay.close();
    }
}
