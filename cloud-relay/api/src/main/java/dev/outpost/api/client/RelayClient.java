package dev.outpost.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.enroll.CertificateRequest;
import dev.outpost.api.enroll.EnrollRequest;
import dev.outpost.api.enroll.SiteCertificate;
import dev.outpost.api.event.EventBatch;
import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.heartbeat.HeartbeatReply;
import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Fields;
import dev.outpost.api.json.Json;
import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseReconcile;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.api.lease.LeaseSettled;
import dev.outpost.api.lease.MallState;
import dev.outpost.api.posstaff.SiteStaff;
import dev.outpost.api.sign.SignedDocument;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The appliance's side of the WAN contract (ARCHITECTURE §4), over the JDK's HttpClient. Calls
 * block; every failure is a {@link RelayException} whose message starts with the relay's address.
 * Holds one connection pool: create one per relay and {@link #close()} it on shutdown.
 */
public final class RelayClient implements AutoCloseable {
    private static final String JSON = "application/json";

    /**
     * @param baseUri e.g. {@code https://relay.example.com} (a path prefix is kept)
     * @param sslContext client certificate and trusted CA for mutual TLS, or null for the JDK defaults
     */
    public record Options(URI baseUri, Duration connectTimeout, Duration requestTimeout, SSLContext sslContext) {
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

        public Options {
            Fields.present("base_uri", baseUri);
            if (!baseUri.isAbsolute() || !("https".equals(baseUri.getScheme()) || "http".equals(baseUri.getScheme()))
                    || baseUri.getHost() == null) {
                throw new IllegalArgumentException("relay client: base_uri must be an absolute http(s) URI, was " + baseUri);
            }
            Fields.positive("connect_timeout", connectTimeout);
            Fields.positive("request_timeout", requestTimeout);
        }

        /** Connect timeout 5 s, request timeout 30 s, the JDK's default TLS. */
        public static Options of(URI baseUri) {
            return new Options(baseUri, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, null);
        }

        public Options withConnectTimeout(Duration timeout) {
            return new Options(baseUri, timeout, requestTimeout, sslContext);
        }

        public Options withRequestTimeout(Duration timeout) {
            return new Options(baseUri, connectTimeout, timeout, sslContext);
        }

        public Options withSslContext(SSLContext context) {
            return new Options(baseUri, connectTimeout, requestTimeout, Fields.present("ssl_context", context));
        }
    }

    private final Options options;
    private final String base;
    private final HttpClient http;

    private RelayClient(Options options) {
        this.options = options;
        String uri = options.baseUri().toString();
        this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (options.sslContext() != null) {
            builder.sslContext(options.sslContext());
        }
        this.http = builder.build();
    }

    public static RelayClient create(Options options) {
        return new RelayClient(Fields.present("options", options));
    }

    public Options options() {
        return options;
    }

    /** {@code POST /v1/sites/{site}/heartbeat}. */
    public HeartbeatReply heartbeat(String siteId, Heartbeat heartbeat) {
        return post(sitePath(siteId, "heartbeat"), heartbeat, HeartbeatReply.class);
    }

    /**
     * {@code POST /v1/enroll}: trades a one-time token and a CSR for the site's certificate. Use a client whose SSL
     * context trusts only the CA named by the token's fingerprint.
     */
    public SiteCertificate enroll(EnrollRequest request) {
        return post("/v1/enroll", request, SiteCertificate.class);
    }

    /** {@code POST /v1/sites/{site}/certificate}: a new certificate for a new key, authenticated by the current one. */
    public SiteCertificate renewCertificate(String siteId, CertificateRequest request) {
        return post(sitePath(siteId, "certificate"), request, SiteCertificate.class);
    }

    /** {@code POST /v1/sites/{site}/events}; resending a batch is safe, the relay de-duplicates by event id. */
    public EventBatchResult postEvents(String siteId, EventBatch batch) {
        return post(sitePath(siteId, "events"), batch, EventBatchResult.class);
    }

    /**
     * {@code POST /v1/sites/{site}/blocks}: a site block of at most {@code tokens} admission rights. A refusal (the
     * mall is full, admissions are suspended) is a {@link RelayException} with {@link RelayException#status() status}
     * 409 and the relay's reason; a network failure has no status. Resending with the same idempotency key is safe.
     */
    public LeaseGrant acquireBlock(String siteId, LeaseAcquire request) {
        return post(sitePath(siteId, "blocks"), request, LeaseGrant.class);
    }

    /** {@code POST /v1/sites/{site}/blocks/{lease}/renew}: the answer says how many rights to hold and how many were revoked. */
    public LeaseGrant renewBlock(String siteId, LeaseRenew request) {
        return post(sitePath(siteId, "blocks/" + request.leaseId() + "/renew"), request, LeaseGrant.class);
    }

    /** {@code POST /v1/sites/{site}/blocks/{lease}/release}: the final report; every unspent right goes back. */
    public LeaseSettled releaseBlock(String siteId, LeaseRelease request) {
        return post(sitePath(siteId, "blocks/" + request.leaseId() + "/release"), request, LeaseSettled.class);
    }

    /** {@code POST /v1/sites/{site}/blocks/{lease}/reconcile}: a report on a live block, or the correction of a reclaimed one. */
    public LeaseSettled reconcileBlock(String siteId, LeaseReconcile request) {
        return post(sitePath(siteId, "blocks/" + request.leaseId() + "/reconcile"), request, LeaseSettled.class);
    }

    /**
     * {@code GET /v1/sites/{site}/mall?after=&wait_ms=}, a long-poll: the site's mall state as soon as its version is
     * above {@code afterVersion} (at once if it already is), else the unchanged state when {@code wait} runs out. The
     * call's own timeout is {@code wait} plus the request timeout, so a held poll is not cut short.
     *
     * @throws IllegalArgumentException when {@code wait} is negative or above {@link MallState#MAX_WAIT}
     */
    public MallState mallState(String siteId, long afterVersion, Duration wait) {
        Fields.notNegative("after_version", afterVersion);
        Fields.present("wait", wait);
        if (wait.isNegative() || wait.compareTo(MallState.MAX_WAIT) > 0) {
            throw new IllegalArgumentException("relay client: mall state wait must be between 0 and "
                    + format(MallState.MAX_WAIT) + " (the relay holds a poll at most that long), was " + wait);
        }
        String path = sitePath(siteId, "mall") + "?after=" + afterVersion + "&wait_ms=" + wait.toMillis();
        HttpResponse<byte[]> response = send("GET", path, null, null, options.requestTimeout().plus(wait));
        expect(response, "GET", path, 200);
        return body(response, "GET", path, MallState.class);
    }

    /**
     * {@code GET /v1/sites/{site}/manifest}, conditional on {@code ifNoneMatch} (the ETag of the
     * manifest already held, or null). Empty on 304 Not Modified.
     */
    public Optional<FetchedManifest> manifest(String siteId, String ifNoneMatch) {
        String path = sitePath(siteId, "manifest");
        HttpResponse<byte[]> response = send("GET", path, null, ifNoneMatch, options.requestTimeout());
        if (response.statusCode() == 304) {
            return Optional.empty();
        }
        expect(response, "GET", path, 200);
        SignedDocument document = body(response, "GET", path, SignedDocument.class);
        return Optional.of(new FetchedManifest(document, response.headers().firstValue("ETag")));
    }

    /**
     * {@code GET /v1/sites/{site}/pos-staff}, conditional on {@code ifNoneMatch} (the ETag of the list already held,
     * or null): the employees HQ lets log in at the site, with their PIN hashes. Empty on 304 Not Modified.
     */
    public Optional<FetchedStaff> posStaff(String siteId, String ifNoneMatch) {
        String path = sitePath(siteId, "pos-staff");
        HttpResponse<byte[]> response = send("GET", path, null, ifNoneMatch, options.requestTimeout());
        if (response.statusCode() == 304) {
            return Optional.empty();
        }
        expect(response, "GET", path, 200);
        SiteStaff staff = body(response, "GET", path, SiteStaff.class);
        return Optional.of(new FetchedStaff(staff, response.headers().firstValue("ETag")));
    }

    /** {@code GET /healthz}, answered within {@code timeout}: whether the relay is within reach; throws when not. */
    public void ping(Duration timeout) {
        HttpResponse<byte[]> response = send("GET", "/healthz", null, null, timeout);
        expect(response, "GET", "/healthz", 200);
    }

    /**
     * {@code GET /blobs/sha256/{hex}}, or whatever {@code blobUrl} a manifest names: a relative URL is resolved against
     * the relay's base URI and fetched over this client's TLS. The bytes are not checked here; the caller compares
     * their sha256 with the manifest's before trusting them.
     */
    public byte[] blob(URI blobUrl) {
        Fields.present("blob_url", blobUrl);
        String path = blobUrl.isAbsolute() ? blobUrl.toString()
                : blobUrl.toString().startsWith("/") ? blobUrl.toString() : "/" + blobUrl;
        HttpRequest request = HttpRequest.newBuilder(blobUrl.isAbsolute() ? blobUrl : URI.create(base + path))
                .timeout(options.requestTimeout()).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw failure("GET", path, options.requestTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayException("relay " + base + ": GET " + path + ": interrupted", e);
        }
        expect(response, "GET", path, 200);
        return response.body();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    private static String sitePath(String siteId, String resource) {
        Fields.nonBlank("site_id", siteId);
        return "/v1/sites/" + URLEncoder.encode(siteId, StandardCharsets.UTF_8).replace("+", "%20") + "/" + resource;
    }

    /** POSTs {@code request} as JSON and reads a 200 answer as {@code type}. */
    private <T> T post(String path, Object request, Class<T> type) {
        HttpResponse<byte[]> response = send("POST", path, Json.write(request), null, options.requestTimeout());
        expect(response, "POST", path, 200);
        return body(response, "POST", path, type);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String ifNoneMatch, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", JSON);
        if (body != null) {
            request.header("Content-Type", JSON).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw failure(method, path, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayException("relay " + base + ": " + method + " " + path + ": interrupted", e);
        }
    }

    RelayException failure(String method, String path, Duration timeout, IOException e) {
        String prefix = "relay " + base + ": ";
        if (e instanceof HttpConnectTimeoutException) {
            return RelayException.unsent(prefix + "unreachable: connect timed out after "
                    + format(options.connectTimeout()), e);
        }
        if (e instanceof HttpTimeoutException) {
            return new RelayException(prefix + method + " " + path + ": no response within " + format(timeout), e);
        }
        if (e instanceof ConnectException) {
            if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
                return RelayException.unsent(prefix + "unreachable: cannot resolve host " + options.baseUri().getHost()
                        + " (DNS)", e);
            }
            return RelayException.unsent(prefix + "unreachable: connection refused", e);
        }
        Throwable tls = e;
        while (tls != null && !(tls instanceof SSLException)) {
            tls = tls.getCause();
        }
        if (tls != null) {
            String message = prefix + "TLS failed: " + tls.getMessage();
            // a handshake that failed carried no request; a session that broke later may have
            return tls instanceof SSLHandshakeException ? RelayException.unsent(message, e) : new RelayException(message, e);
        }
        return new RelayException(prefix + method + " " + path + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private void expect(HttpResponse<byte[]> response, String method, String path, int status) {
        if (response.statusCode() != status) {
            String detail = errorText(response.body());
            throw new RelayException(response.statusCode(), "relay " + base + ": " + method + " " + path + ": "
                    + response.statusCode() + (detail.isEmpty() ? "" : " " + detail), null);
        }
    }

    private <T> T body(HttpResponse<byte[]> response, String method, String path, Class<T> type) {
        try {
            return Json.read(response.body(), type);
        } catch (ContractException e) {
            throw new RelayException(response.statusCode(), "relay " + base + ": " + method + " " + path + ": "
                    + response.statusCode() + " with an invalid body: " + e.getMessage(), e);
        }
    }

    /** The relay's error text: the {@code error} or {@code message} field of a JSON body, else the body itself. */
    private static String errorText(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{")) {
            try {
                JsonNode node = Json.tree(body);
                for (String field : new String[] {"error", "message"}) {
                    if (node.path(field).isTextual()) {
                        return node.get(field).textValue();
                    }
                }
            } catch (ContractException e) {
                // not JSON after all: show the text
            }
        }
        text = text.replaceAll("\\s+", " ");
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
