package dev.outpost.relay.testing;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.relay.Relay;
import dev.outpost.relay.RelayConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

/**
 * A relay on a free loopback port over a fresh store, for one test: {@code try (var h = RelayHarness.start(dir)) {...}}.
 * Extra config keys go in {@code config}; the store comes from {@link TestStores}.
 */
public final class RelayHarness implements AutoCloseable {
    private final Relay relay;
    private final HttpClient http = HttpClient.newHttpClient();

    private RelayHarness(Relay relay) {
        this.relay = relay;
    }

    public static RelayHarness start(Path dir) {
        return start(dir, Map.of(), InstantSource.system());
    }

    public static RelayHarness start(Path dir, Map<String, String> config, InstantSource clock) {
        ConfigFile file = ConfigFile.empty("test").with("http.host", "127.0.0.1").with("http.port", "0")
                .with("data.dir", dir.toString());
        for (var e : config.entrySet()) {
            file = file.with(e.getKey(), e.getValue());
        }
        RelayConfig relayConfig = RelayConfig.from(file);
        relayConfig = new RelayConfig(relayConfig.host(), relayConfig.port(), relayConfig.dataDir(), TestStores.fresh(dir),
                relayConfig.staleAfter(), relayConfig.log());
        Relay relay = Relay.create(relayConfig, clock);
        relay.start();
        return new RelayHarness(relay);
    }

    public Relay relay() {
        return relay;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + relay.port() + path);
    }

    public HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
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
