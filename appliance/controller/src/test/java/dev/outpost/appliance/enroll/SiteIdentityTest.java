package dev.outpost.appliance.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.enroll.EnrollmentToken;
import dev.outpost.appliance.ApplianceConfig;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteIdentityTest {
    static final Instant T0 = Instant.parse("2026-11-21T06:00:00Z");
    static final String FP = "ab".repeat(32);
    static final String TOKEN = "ot1." + "s".repeat(43) + "." + FP;

    @TempDir
    Path dir;

    @Test
    void aTokenIsReadWithItsCaFingerprint() {
        EnrollmentToken token = EnrollmentToken.parse(TOKEN);
        assertEquals(FP, token.caFingerprint());
        assertEquals(TOKEN, token.toString());
    }

    @Test
    void configRefusesAMalformedTokenAndAPlainHttpRelay() {
        ConfigException e = assertThrows(ConfigException.class, () -> ApplianceConfig.from(ConfigFile.parse("test", """
                site.id = store-1
                relay.url = http://relay.example.com
                relay.enrollment-token = ot1.short.xyz
                """)));
        assertTrue(e.getMessage().contains("relay.enrollment-token: enrollment token: the secret must be 32-128 base64url characters"),
                e.getMessage());
        assertTrue(e.getMessage().contains("relay.url must be the relay's https URL (its https.port): device endpoints need "
                + "mutual TLS, was http://relay.example.com"), e.getMessage());
    }

    @Test
    void withoutACertificateOrATokenTheErrorSaysHowToGetOne() {
        SiteIdentity identity = new SiteIdentity("store-1", RelayClient.Options.of(URI.create("https://127.0.0.1:1")),
                Optional.empty(), dir, InstantSource.fixed(T0));
        RelayException e = assertThrows(RelayException.class, identity::client);
        assertTrue(e.getMessage().startsWith("site store-1: not enrolled (no certificate in "), e.getMessage());
        assertTrue(e.getMessage().contains("./outpost admin issue-enrollment-token --site store-1"), e.getMessage());
    }

    @Test
    void noNetworkIsNamedAndNothingIsWritten() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        SiteIdentity identity = new SiteIdentity("store-1", RelayClient.Options.of(URI.create("https://127.0.0.1:" + closed))
                .withConnectTimeout(Duration.ofSeconds(2)), Optional.of(EnrollmentToken.parse(TOKEN)), dir, InstantSource.fixed(T0));
        RelayException e = assertThrows(RelayException.class, identity::client);
        assertEquals("site store-1: enrollment failed: relay https://127.0.0.1:" + closed + ": unreachable: connection refused",
                e.getMessage());
        assertFalse(identity.enrolled());
        assertFalse(Files.exists(identity.keyFile()));
        // the request never left, so the key made for it is gone with the directory made for it
        assertFalse(Files.exists(identity.pendingKeyFile()));
        assertFalse(Files.exists(dir.resolve("identity")));
        // a network failure is retried on the next call, not remembered like a refusal
        assertThrows(RelayException.class, identity::client);
    }

    @Test
    void theRelayIsTrustedOnlyThroughTheTokensCa() throws Exception {
        KeyPair caKey = key();
        X509Certificate ca = certificate("CN=ca", caKey, "CN=ca", caKey, T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        X509Certificate leaf = certificate("CN=relay", key(), "CN=ca", caKey, T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        String fp = PinnedCaTrust.fingerprint(ca);
        PinnedCaTrust.byFingerprint(fp, InstantSource.fixed(T0)).checkServerTrusted(new X509Certificate[] {leaf, ca}, "EC");

        CertificateException wrongCa = assertThrows(CertificateException.class, () ->
                PinnedCaTrust.byFingerprint(FP, InstantSource.fixed(T0)).checkServerTrusted(new X509Certificate[] {leaf, ca}, "EC"));
        assertEquals("relay certificate chain does not contain the CA named by the enrollment token (sha256 " + FP
                + "); check that relay.url is the relay that issued the token", wrongCa.getMessage());

        KeyPair otherKey = key();
        X509Certificate impostor = certificate("CN=relay", key(), "CN=ca", otherKey, T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        CertificateException notSigned = assertThrows(CertificateException.class, () ->
                PinnedCaTrust.pinned(ca, InstantSource.fixed(T0)).checkServerTrusted(new X509Certificate[] {impostor, ca}, "EC"));
        assertTrue(notSigned.getMessage().startsWith("relay certificate CN=relay is not signed by the pinned CA"), notSigned.getMessage());
    }

    @Test
    void aWrongClockIsNamedAsSuch() throws Exception {
        KeyPair caKey = key();
        X509Certificate ca = certificate("CN=ca", caKey, "CN=ca", caKey, T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        X509Certificate leaf = certificate("CN=relay", key(), "CN=ca", caKey, T0.minusSeconds(60), T0.plus(Duration.ofDays(1)));
        Instant lastYear = T0.minus(Duration.ofDays(365));
        CertificateException e = assertThrows(CertificateException.class, () ->
                PinnedCaTrust.pinned(ca, InstantSource.fixed(lastYear)).checkServerTrusted(new X509Certificate[] {leaf, ca}, "EC"));
        assertEquals("relay certificate is not valid until " + T0.minusSeconds(60) + " but this appliance's clock says "
                + lastYear + "; check the clock (NTP) and try again", e.getMessage());

        Instant twoYearsOn = T0.plus(Duration.ofDays(730));
        CertificateException ahead = assertThrows(CertificateException.class, () ->
                PinnedCaTrust.pinned(ca, InstantSource.fixed(twoYearsOn)).checkServerTrusted(new X509Certificate[] {leaf, ca}, "EC"));
        assertEquals("relay certificate expired at " + T0.plus(Duration.ofDays(1)) + " but this appliance's clock says "
                + twoYearsOn + "; check the clock (NTP): if it is right, the relay's certificate must be renewed",
                ahead.getMessage());
    }

    @Test
    void filesAreWrittenPrivately() throws Exception {
        Path file = dir.resolve("identity").resolve("site.key");
        DurableFiles.writePrivate(file, "secret".getBytes(StandardCharsets.US_ASCII));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("secret", Files.readString(file));
        assertFalse(Files.exists(file.resolveSibling("site.key.tmp")));
    }

    static KeyPair key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, Instant from,
                                       Instant until) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(System.nanoTime()),
                Date.from(from), Date.from(until), new X500Name(subject), subjectKey.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }
}
