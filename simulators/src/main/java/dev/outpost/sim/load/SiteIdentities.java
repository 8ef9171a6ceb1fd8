package dev.outpost.sim.load;

import dev.outpost.api.client.Tls;
import dev.outpost.api.enroll.EnrollRequest;
import dev.outpost.api.enroll.SiteCertificate;
import dev.outpost.api.json.Json;
import dev.outpost.relay.Relay;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
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
 * Simulated sites enroll as real ones do: a P-256 key, a one-time token issued on the in-process relay, and
 * {@code POST /v1/enroll} over HTTPS; the result is a TLS context that presents the site's certificate and trusts
 * only the relay's device CA, for the mutual-TLS device endpoints.
 */
final class SiteIdentities {
    private final Relay relay;
    private final X509Certificate ca;
    private final HttpClient enrollClient;

    SiteIdentities(Relay relay) {
        this.relay = relay;
        this.ca = relay.pki().identity().ca().certificate();
        this.enrollClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(context(null, null, ca)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI https(String path) {
        return URI.create("https://127.0.0.1:" + relay.httpsPort() + path);
    }

    /** Enrolls {@code siteId} and returns its mutual-TLS context. */
    SSLContext enroll(String siteId) throws Exception {
        String token = relay.pki().identity().issueToken(siteId, Duration.ofHours(1), "load", "load run enrollment");
        KeyPair key = newKey();
        String body = Json.writeString(new EnrollRequest(siteId, token, csr(key, siteId)));
        HttpResponse<String> reply = enrollClient.send(HttpRequest.newBuilder(https("/v1/enroll"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("load: enroll " + siteId + ": HTTP " + reply.statusCode() + ": " + reply.body());
        }
        SiteCertificate issued = Json.read(reply.body(), SiteCertificate.class);
        return context(key, certificate(issued.certificate()), ca);
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String csr(KeyPair key, String siteId) throws Exception {
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=site:" + siteId), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(request);
        }
        return out.toString();
    }

    private static X509Certificate certificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** TLS with an optional client identity, trusting only {@code ca}. */
    static SSLContext context(KeyPair key, X509Certificate certificate, X509Certificate ca) {
        return Tls.of(key == null ? null : key.getPrivate(), key == null ? List.of() : List.of(certificate), ca);
    }
}
