package dev.outpost.sim.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.enroll.EnrollRequest;
import dev.outpost.api.enroll.EnrollmentToken;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.appliance.enroll.SiteIdentity;
import dev.outpost.relay.Relay;
import dev.outpost.relay.RelayConfig;
import dev.outpost.relay.testing.TestSite;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appliance's side of enrollment against a real relay in this JVM: token, CSR, pinning, then mutual TLS. */
@Tag("integration")
class ApplianceEnrollmentIT {
    @TempDir
    Path dir;
    final AtomicReference<Instant> relayNow = new AtomicReference<>(Instant.now());
    Relay relay;

    @BeforeEach
    void start() {
        relay = relay(dir.resolve("relay"), relayNow::get);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    static Relay relay(Path data, InstantSource clock) {
        Relay relay = Relay.create(RelayConfig.from(ConfigFile.empty("test").with("http.host", "127.0.0.1").with("http.port", "0")
                .with("https.port", "0").with("data.dir", data.toString())), clock);
        relay.start();
        return relay;
    }

    private RelayClient.Options options(Relay target) {
        return RelayClient.Options.of(URI.create("https://127.0.0.1:" + target.httpsPort())).withConnectTimeout(Duration.ofSeconds(5));
    }

    private String token(String site) {
        return relay.pki().identity().issueToken(site, Duration.ofHours(1), "user:test", "test");
    }

    private SiteIdentity identity(String site, Optional<String> token, InstantSource clock) {
        return new SiteIdentity(site, options(relay), token.map(EnrollmentToken::parse), dir.resolve(site), clock);
    }

    private static Heartbeat heartbeat(String site) {
        return new Heartbeat(site, Instant.now(), "1.0", List.of(), List.of(), 0L);
    }

    @Test
    void anApplianceEnrollsThenHeartbeatsOverMutualTlsAndNeedsNoTokenAfterwards() {
        try (SiteIdentity identity = identity("store-1", Optional.of(token("store-1")), InstantSource.system())) {
            assertFalse(identity.enrolled());
            identity.client().heartbeat("store-1", heartbeat("store-1"));
            assertTrue(identity.enrolled());
            assertEquals(relay.pki().identity().list(Optional.of("store-1")).getFirst().serial(), identity.serial().orElseThrow());
        }
        try (SiteIdentity restarted = identity("store-1", Optional.empty(), InstantSource.system())) {
            restarted.client().heartbeat("store-1", heartbeat("store-1"));
        }
    }

    @Test
    void anEnrollmentWhoseReplyWasLostIsAnsweredWhenAskedAgainWithTheKeptKey() throws Exception {
        String token = token("store-1");
        SiteIdentity unanswered = identity("store-1", Optional.of(token), InstantSource.system());
        // the appliance kept its key on disk, sent the request, and the relay enrolled it; the reply was lost
        KeyPair key = TestSite.newKey();
        Files.createDirectories(unanswered.pendingKeyFile().getParent());
        Files.writeString(unanswered.pendingKeyFile(), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        HttpResponse<String> lost = TestSite.enrollRequest(relay, new EnrollRequest("store-1", token, TestSite.csr(key, "store-1")));
        assertEquals(200, lost.statusCode(), lost.body());
        // asked again, with the kept key, it is enrolled instead of told the token was used
        try (unanswered) {
            unanswered.client().heartbeat("store-1", heartbeat("store-1"));
            assertTrue(unanswered.enrolled());
            assertEquals(key.getPublic(), unanswered.certificate().orElseThrow().getPublicKey(), "the kept key, not a new one");
            assertFalse(Files.exists(unanswered.pendingKeyFile()));
        }
        assertEquals(2, relay.pki().identity().list(Optional.of("store-1")).size());
        // another key with the same token is still refused, and that refusal drops its pending key
        try (SiteIdentity other = identity("store-2", Optional.of(token), InstantSource.system())) {
            assertThrows(RelayException.class, other::client);
            assertFalse(Files.exists(other.pendingKeyFile()));
        }
    }

    @Test
    void anExpiredTokenIsNamedWithItsExpiryAndNotRetried() {
        String token = token("store-1");
        relayNow.set(relayNow.get().plus(Duration.ofHours(2)));
        try (SiteIdentity identity = identity("store-1", Optional.of(token), InstantSource.system())) {
            RelayException e = assertThrows(RelayException.class, identity::client);
            assertTrue(e.getMessage().startsWith("site store-1: enrollment failed: relay https://127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().contains("POST /v1/enroll: 403 enroll: site store-1: token expired at "), e.getMessage());
            assertTrue(e.getMessage().contains("./outpost admin issue-enrollment-token --site store-1"), e.getMessage());
            long refusals = refusals();
            assertThrows(RelayException.class, identity::client);
            assertEquals(refusals, refusals(), "a refused token is not sent again");
            assertFalse(Files.exists(identity.keyFile()));
        }
    }

    private long refusals() {
        return relay.store().inTransaction("count", tx -> tx.queryLong(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'device.enrollment.refused'"));
    }

    @Test
    void aTokenFromAnotherRelayDoesNotLetTheApplianceTrustThisOne() {
        Relay other = relay(dir.resolve("other"), InstantSource.system());
        try {
            String foreign = other.pki().identity().issueToken("store-1", Duration.ofHours(1), "user:test", "test");
            try (SiteIdentity identity = identity("store-1", Optional.of(foreign), InstantSource.system())) {
                RelayException e = assertThrows(RelayException.class, identity::client);
                assertTrue(e.getMessage().contains("TLS failed"), e.getMessage());
                assertTrue(e.getMessage().contains("relay certificate chain does not contain the CA named by the enrollment token"),
                        e.getMessage());
            }
        } finally {
            other.close();
        }
    }

    @Test
    void anApplianceWhoseClockIsWrongIsToldSo() {
        Instant lastYear = Instant.now().minus(Duration.ofDays(365));
        try (SiteIdentity identity = identity("store-1", Optional.of(token("store-1")), InstantSource.fixed(lastYear))) {
            RelayException e = assertThrows(RelayException.class, identity::client);
            assertTrue(e.getMessage().contains("is not valid until "), e.getMessage());
            assertTrue(e.getMessage().contains("but this appliance's clock says " + lastYear + "; check the clock (NTP)"),
                    e.getMessage());
        }
    }

    @Test
    void inTheLastThirdOfItsLifeTheCertificateIsRenewedWithANewKey() throws Exception {
        relay.close();
        relay = Relay.create(RelayConfig.from(ConfigFile.empty("test").with("http.host", "127.0.0.1").with("http.port", "0")
                .with("https.port", "0").with("data.dir", dir.resolve("relay").toString())
                .with("pki.site-certificate-validity", "3h")), relayNow::get);
        relay.start();
        AtomicReference<Instant> applianceNow = new AtomicReference<>(relayNow.get());
        try (SiteIdentity identity = identity("store-1", Optional.of(token("store-1")), applianceNow::get)) {
            identity.client().heartbeat("store-1", heartbeat("store-1"));
            String first = identity.serial().orElseThrow();
            String firstKey = Files.readString(identity.keyFile());
            applianceNow.set(applianceNow.get().plus(Duration.ofMinutes(150))); // 3h certificate: 30 min left
            relayNow.set(applianceNow.get());
            identity.client().heartbeat("store-1", heartbeat("store-1"));
            assertFalse(first.equals(identity.serial().orElseThrow()), "a new certificate");
            assertFalse(firstKey.equals(Files.readString(identity.keyFile())), "for a new key");
            assertEquals(List.of("renewal", "enrollment"), relay.pki().identity().list(Optional.of("store-1")).stream()
                    .map(c -> c.issuedVia()).toList());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(identity.keyFile())));
        }
    }

    @Test
    void aRevokedApplianceIsRefusedWithTheReason() {
        try (SiteIdentity identity = identity("store-1", Optional.of(token("store-1")), InstantSource.system())) {
            identity.client().heartbeat("store-1", heartbeat("store-1"));
            relay.pki().identity().revoke(identity.serial().orElseThrow(), "user:test", "appliance stolen");
            RelayException e = assertThrows(RelayException.class, () -> identity.client().heartbeat("store-1", heartbeat("store-1")));
            assertEquals(403, e.status().orElse(0));
            assertTrue(e.getMessage().contains("was revoked at "), e.getMessage());
            assertTrue(e.getMessage().contains("(appliance stolen)"), e.getMessage());
        }
    }
}
