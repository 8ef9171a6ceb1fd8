package dev.outpost.relay.testing;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.relay.Relay;
import dev.outpost.relay.RelayConfig;
import dev.outpost.relay.store.StoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A relay on a free loopback port over a fresh store, for one test: {@code try (var h = RelayHarness.start(dir)) {...}}.
 * Extra config keys go in {@code config}; the store comes from {@link TestStores}. Staff passwords are hashed at
 * bcrypt's cheapest allowed cost ({@link #TEST_CONFIG}): tests create users and log in all the time, and the default
 * cost takes a quarter of a second per hash; a test that needs another cost says so in {@code config}.
 */
public final class RelayHarness implements AutoCloseable {
    private final Relay relay;
    private final StoreConfig store;
    private static final String SITES = "/v1/sites/";
    /** Keys every test relay starts with unless {@code config} names them too. */
    static final Map<String, String> TEST_CONFIG = Map.of("staff.password.bcrypt-cost", "10");
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, TestSite> sites = new ConcurrentHashMap<>();

    private RelayHarness(Relay relay, StoreConfig store) {
        this.relay = relay;
        this.store = store;
    }

    public static RelayHarness start(Path dir) {
        return start(dir, Map.of(), InstantSource.system());
    }

    public static RelayHarness start(Path dir, Map<String, String> config, InstantSource clock) {
        return start(dir, TestStores.fresh(dir), config, clock);
    }

    /** A relay over a given store, e.g. a second relay on the database of a first one. */
    public static RelayHarness start(Path dir, StoreConfig store, Map<String, String> config, InstantSource clock) {
        ConfigFile file = ConfigFile.empty("test").with("http.host", "127.0.0.1").with("http.port", "0")
                .with("https.port", "0").with("data.dir", dir.toString());
        Map<String, String> keys = new HashMap<>(TEST_CONFIG);
        keys.putAll(config);
        for (var e : keys.entrySet()) {
            file = file.with(e.getKey(), e.getValue());
        }
        RelayConfig relayConfig = RelayConfig.from(file);
        relayConfig = relayConfig.withStore(store);
        Relay relay = Relay.create(relayConfig, clock);
        relay.start();
        return new RelayHarness(relay, store);
    }

    /** The store this relay runs on, to start another relay on the same database. */
    public StoreConfig store() {
        return store;
    }

    /** An address on the relay's HTTPS port (device mutual TLS, enrollment). */
    public URI httpsUri(String path) {
        return URI.create("https://127.0.0.1:" + relay.httpsPort() + path);
    }

    public Relay relay() {
        return relay;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + relay.port() + path);
    }

    /**
     * Sends a request as a client would: a device path ({@code /v1/sites/{site}/...}) goes over mutual TLS as that
     * site (enrolled on first use, see {@link #site}); anything else over plain HTTP. {@link #sendPlain} forces HTTP.
     */
    public HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        if (path.startsWith(SITES) && headers.length == 0) {
            int end = path.indexOf('/', SITES.length());
            return site(path.substring(SITES.length(), end < 0 ? path.length() : end)).send(relay, method, path, body);
        }
        return sendPlain(method, path, body, headers);
    }

    /** The test site {@code siteId}, enrolled with this relay's device CA on first use. */
    public TestSite site(String siteId) {
        return sites.computeIfAbsent(siteId, id -> TestSite.enroll(relay, id));
    }

    /** The site's relay client over mutual TLS, the one appliances use; its request timeout is 1 s. */
    public RelayClient client(String siteId) {
        TestSite enrolled = site(siteId);
        return RelayClient.create(RelayClient.Options.of(httpsUri("")).withRequestTimeout(Duration.ofSeconds(10))
                .withSslContext(TestSite.context(enrolled.key(), enrolled.certificate(),
                        relay.pki().identity().ca().certificate())));
    }

    /** Over plain HTTP, whatever the path. */
    public HttpResponse<String> sendPlain(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        relay.close();
    }
}
