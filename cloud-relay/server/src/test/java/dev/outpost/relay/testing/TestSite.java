package dev.outpost.relay.testing;

import dev.outpost.api.client.Tls;
import dev.outpost.api.enroll.EnrollRequest;
import dev.outpost.api.enroll.SiteCertificate;
import dev.outpost.api.json.Json;
import dev.outpost.relay.Relay;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A site as a test sees it: its own P-256 key, a certificate from the relay's device CA (got through
 * {@code POST /v1/enroll} over HTTPS), and an HTTP client that presents it and trusts only that CA.
 */
public final class TestSite {
    private final String siteId;
    private final KeyPair key;
    private final X509Certificate certificate;
    private final X509Certificate ca;
    private final HttpClient http;

    public TestSite(String siteId, KeyPair key, X509Certificate certificate, X509Certificate ca) {
        this.siteId = siteId;
        this.key = key;
        this.certificate = certificate;
        this.ca = ca;
        this.http = HttpClient.newBuilder().sslContext(context(key, certificate, ca)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Issues a token on {@code relay}, then enrolls {@code siteId} over HTTPS with a fresh key. */
    public static TestSite enroll(Relay relay, String siteId) {
        String token = relay.pki().identity().issueToken(siteId, Duration.ofHours(1), "test", "test enrollment");
        KeyPair key = newKey();
        HttpResponse<String> reply = enrollRequest(relay, new EnrollRequest(siteId, token, csr(key, siteId)));
        if (reply.statusCode() != 200) {
            throw new AssertionError("enroll " + siteId + ": " + reply.statusCode() + " " + reply.body());
        }
        SiteCertificate issued = Json.read(reply.body().getBytes(StandardCharsets.UTF_8), SiteCertificate.class);
        return new TestSite(siteId, key, certificate(issued.certificate()), certificate(issued.caChain()));
    }

    /** {@code POST /v1/enroll} over HTTPS, trusting only the relay's CA, with no client certificate. */
    public static HttpResponse<String> enrollRequest(Relay relay, Object body) {
        return send(trustingOnly(relay.pki().identity().ca().certificate()), URI.create("https://127.0.0.1:" + relay.httpsPort()
                + "/v1/enroll"), "POST", body instanceof String s ? s : new String(Json.write(body), StandardCharsets.UTF_8));
    }

    /** An HTTPS client without a client certificate that trusts only {@code ca}. */
    public static HttpClient trustingOnly(X509Certificate ca) {
        return HttpClient.newBuilder().sslContext(context(null, null, ca)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends over mutual TLS to {@code relay}'s HTTPS port as this site. */
    public HttpResponse<String> send(Relay relay, String method, String path, String body) {
        return send(http, URI.create("https://127.0.0.1:" + relay.httpsPort() + path), method, body);
    }

    public static HttpResponse<String> send(HttpClient client, URI uri, String method, String body) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String siteId() {
        return siteId;
    }

    public KeyPair key() {
        return key;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String serial() {
        return certificate.getSerialNumber().toString(16);
    }

    public static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String csr(KeyPair key, String siteId) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=site:" + siteId), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(request);
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TLS with an optional client identity, trusting only {@code ca}. */
    public static SSLContext context(KeyPair key, X509Certificate certificate, X509Certificate ca) {
        return Tls.of(key == null ? null : key.getPrivate(), key == null ? List.of() : List.of(certificate), ca);
    }
}
