package dev.outpost.relay.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.enroll.EnrollRequest;
import dev.outpost.api.enroll.EnrollmentToken;
import dev.outpost.api.json.Json;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.TestSite;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enrollment, the device guard, revocation and renewal, over real HTTPS on the relay's own CA. */
@Tag("integration")
class DeviceIdentityIT {
    private static final String HEARTBEAT = """
            {"site_id":"%s","sent_at":"2026-11-21T05:00:00Z","appliance_version":"1.0","devices":[],"anomalies":[],"cache_bytes":0}""";

    @TempDir
    Path data;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    final InstantSource clock = now::get;
    RelayHarness relay;

    @BeforeEach
    void start() {
        relay = RelayHarness.start(data, Map.of(), clock);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private DeviceIdentity identity() {
        return relay.relay().pki().identity();
    }

    private String token(String site) {
        return identity().issueToken(site, Duration.ofHours(1), "user:test", "test");
    }

    private HttpResponse<String> enroll(String site, String token, String csr) {
        return TestSite.enrollRequest(relay.relay(), new EnrollRequest(site, token, csr));
    }

    private static String heartbeat(String site) {
        return HEARTBEAT.formatted(site);
    }

    private long auditCount(String action, String subject) {
        return relay.relay().store().inTransaction("count audit", tx -> tx.queryLong(
                "SELECT COUNT(*) FROM audit_log WHERE action = ? AND subject = ?", action, subject));
    }

    private String auditReason(String action, String subject) {
        return relay.relay().store().inTransaction("read audit", tx -> tx.query(
                "SELECT reason FROM audit_log WHERE action = ? AND subject = ? ORDER BY seq DESC", r -> r.getString(1),
                action, subject)).stream().findFirst().orElse("(none)");
    }

    @Test
    void aSiteEnrollsAndItsHeartbeatIsAcceptedOverMutualTls() {
        TestSite site = TestSite.enroll(relay.relay(), "store-0042");
        assertEquals(Optional.of("store-0042"), DeviceCa.siteOf(site.certificate()));
        assertEquals("CN=site:store-0042", site.certificate().getSubjectX500Principal().getName());
        HttpResponse<String> reply = site.send(relay.relay(), "POST", "/v1/sites/store-0042/heartbeat", heartbeat("store-0042"));
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals(1, auditCount("device.enrolled", "site:store-0042"));
        CertificateRecord listed = identity().list(Optional.of("store-0042")).getFirst();
        assertEquals(site.serial(), listed.serial());
        assertEquals("enrollment", listed.issuedVia());
    }

    @Test
    void theTokenCarriesTheFingerprintOfTheCaThatSignsTheHttpsCertificate() {
        EnrollmentToken token = EnrollmentToken.parse(token("store-1"));
        assertEquals(DeviceCa.fingerprint(identity().ca().certificate()), token.caFingerprint());
    }

    @Test
    void anExpiredTokenIsRefusedWithItsExpiryAndTheFix() {
        String token = token("store-1");
        now.set(now.get().plus(Duration.ofHours(2)));
        HttpResponse<String> reply = enroll("store-1", token, TestSite.csr(TestSite.newKey(), "store-1"));
        assertEquals(403, reply.statusCode());
        assertTrue(reply.body().contains("enroll: site store-1: token expired at "), reply.body());
        assertTrue(reply.body().contains("issue a new one with ./outpost admin issue-enrollment-token --site store-1"), reply.body());
        assertTrue(auditReason("device.enrollment.refused", "site:store-1").contains("token expired at"));
    }

    @Test
    void aTokenWorksOnce() {
        String token = token("store-1");
        assertEquals(200, enroll("store-1", token, TestSite.csr(TestSite.newKey(), "store-1")).statusCode());
        HttpResponse<String> again = enroll("store-1", token, TestSite.csr(TestSite.newKey(), "store-1"));
        assertEquals(403, again.statusCode());
        assertTrue(again.body().contains("enroll: site store-1: token already used at "), again.body());
        assertEquals(1, identity().list(Optional.of("store-1")).size());
        assertEquals(1, auditCount("device.enrollment.refused", "site:store-1"));
    }

    @Test
    void theTokensDeviceMayAskAgainWithTheSameKeyUntilTheTokenExpires() {
        String token = token("store-1");
        KeyPair key = TestSite.newKey();
        HttpResponse<String> first = enroll("store-1", token, TestSite.csr(key, "store-1"));
        assertEquals(200, first.statusCode(), first.body());
        // its reply was lost: the device asks again with the key it kept, and gets a certificate for that key
        HttpResponse<String> again = enroll("store-1", token, TestSite.csr(key, "store-1"));
        assertEquals(200, again.statusCode(), again.body());
        String firstSerial = Json.tree(first.body()).get("serial").asText();
        String againSerial = Json.tree(again.body()).get("serial").asText();
        assertNotEquals(firstSerial, againSerial);
        assertEquals(2, identity().list(Optional.of("store-1")).size());
        assertTrue(auditReason("device.enrolled", "site:store-1").contains("enrollment repeated with the key the token was"
                + " first used with (certificate " + firstSerial), auditReason("device.enrolled", "site:store-1"));
        // anyone else's key is still refused, naming the latest certificate
        HttpResponse<String> other = enroll("store-1", token, TestSite.csr(TestSite.newKey(), "store-1"));
        assertEquals(403, other.statusCode());
        assertTrue(other.body().contains("token already used at ") && other.body().contains(againSerial), other.body());
        // and the device itself no longer once the token expired
        now.set(now.get().plus(Duration.ofHours(2)));
        HttpResponse<String> late = enroll("store-1", token, TestSite.csr(key, "store-1"));
        assertEquals(403, late.statusCode());
        assertTrue(late.body().contains("token expired at "), late.body());
        assertEquals(2, identity().list(Optional.of("store-1")).size());
    }

    @Test
    void aTokenForAnotherSiteIsRefused() {
        String token = token("store-1");
        HttpResponse<String> reply = enroll("store-2", token, TestSite.csr(TestSite.newKey(), "store-2"));
        assertEquals(403, reply.statusCode());
        assertTrue(reply.body().contains("enroll: token is for site store-1, not store-2"), reply.body());
        assertEquals(List.of(), identity().list(Optional.empty()));
        // the refusal did not burn the token for its own site
        assertEquals(200, enroll("store-1", token, TestSite.csr(TestSite.newKey(), "store-1")).statusCode());
    }

    @Test
    void twoConcurrentEnrollmentsWithOneTokenExactlyOneWins() throws Exception {
        String token = token("store-1");
        int racers = 4;
        List<String> csrs = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            csrs.add(TestSite.csr(TestSite.newKey(), "store-1"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (String csr : csrs) {
                calls.add(() -> enroll("store-1", token, csr).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(racers - 1, statuses.stream().filter(s -> s == 403).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, identity().list(Optional.of("store-1")).size());
        assertEquals(1, auditCount("device.enrolled", "site:store-1"));
        assertEquals(racers - 1, auditCount("device.enrollment.refused", "site:store-1"));
    }

    @Test
    void aGarbageCsrIsA400NamingTheCsrAndDoesNotBurnTheToken() {
        String token = token("store-1");
        HttpResponse<String> reply = enroll("store-1", token, "hello, I am a certificate");
        assertEquals(400, reply.statusCode());
        assertTrue(reply.body().contains("enroll: site store-1: csr is not a PEM PKCS#10 certificate request"), reply.body());
        assertEquals(200, enroll("store-1", token, TestSite.csr(TestSite.newKey(), "store-1")).statusCode());
    }

    @Test
    void aMalformedTokenIsA400() {
        HttpResponse<String> reply = enroll("store-1", "letmein", TestSite.csr(TestSite.newKey(), "store-1"));
        assertEquals(400, reply.statusCode());
        assertTrue(reply.body().contains("enrollment token: not of the form ot1.<secret>.<ca-sha256>"), reply.body());
    }

    @Test
    void aMissingFieldIsA400NamingIt() {
        HttpResponse<String> reply = TestSite.enrollRequest(relay.relay(), "{\"site_id\":\"store-1\",\"token\":\"x\"}");
        assertEquals(400, reply.statusCode());
        assertTrue(reply.body().contains("csr"), reply.body());
    }

    @Test
    void enrollmentOverPlainHttpIsRefused() throws Exception {
        HttpResponse<String> reply = relay.sendPlain("POST", "/v1/enroll", "{}");
        assertEquals(403, reply.statusCode());
        assertTrue(reply.body().contains("enroll: needs HTTPS on https.port"), reply.body());
    }

    @Test
    void aDeviceCallOverPlainHttpIsRefusedNamingMutualTls() throws Exception {
        HttpResponse<String> reply = relay.sendPlain("POST", "/v1/sites/store-1/heartbeat", heartbeat("store-1"));
        assertEquals(403, reply.statusCode());
        assertTrue(reply.body().contains("site store-1: device endpoints need mutual TLS on https.port"), reply.body());
    }

    @Test
    void aDeviceCallWithoutAClientCertificateIsRefused() {
        HttpResponse<String> reply = TestSite.send(TestSite.trustingOnly(identity().ca().certificate()),
                relay.httpsUri("/v1/sites/store-1/heartbeat"), "POST", heartbeat("store-1"));
        assertEquals(403, reply.statusCode());
        assertTrue(reply.body().contains("site store-1: device endpoints need a client certificate"), reply.body());
    }

    @Test
    void aCertificateForSiteACallingSiteBIsRefusedAndAudited() {
        TestSite a = TestSite.enroll(relay.relay(), "store-a");
        HttpResponse<String> reply = a.send(relay.relay(), "POST", "/v1/sites/store-b/heartbeat", heartbeat("store-b"));
        assertEquals(403, reply.statusCode());
        assertTrue(reply.body().contains("site store-b: refused: the client certificate " + a.serial() + " is for site store-a"),
                reply.body());
        assertEquals(1, auditCount("device.site-mismatch", "site:store-b"));
    }

    @Test
    void aCertificateFromAnotherCaIsNotAccepted() throws Exception {
        Path other = data.resolve("other");
        java.nio.file.Files.createDirectories(other);
        try (RelayHarness stranger = RelayHarness.start(other, Map.of(), clock)) {
            TestSite foreign = TestSite.enroll(stranger.relay(), "store-1");
            assertNotEquals(DeviceCa.fingerprint(identity().ca().certificate()),
                    DeviceCa.fingerprint(stranger.relay().pki().identity().ca().certificate()));
            // trusting our CA for the server, presenting the stranger's certificate
            var client = java.net.http.HttpClient.newBuilder().sslContext(TestSite.context(foreign.key(), foreign.certificate(),
                    identity().ca().certificate())).build();
            // the relay asks only for certificates of its own CA: the client has none to offer, and is refused
            HttpResponse<String> reply = TestSite.send(client, relay.httpsUri("/v1/sites/store-1/heartbeat"), "POST",
                    heartbeat("store-1"));
            assertEquals(403, reply.statusCode());
            assertTrue(reply.body().contains("site store-1: device endpoints need a client certificate"), reply.body());
        }
    }

    @Test
    void aRevokedCertificateIsRefusedOnTheNextRequest() {
        TestSite site = TestSite.enroll(relay.relay(), "store-1");
        assertEquals(200, site.send(relay.relay(), "POST", "/v1/sites/store-1/heartbeat", heartbeat("store-1")).statusCode());
        CertificateRecord revoked = identity().revoke(site.serial(), "user:test", "appliance stolen");
        assertEquals("revoked", revoked.state(now.get()));
        HttpResponse<String> reply = site.send(relay.relay(), "POST", "/v1/sites/store-1/heartbeat", heartbeat("store-1"));
        assertEquals(403, reply.statusCode());
        assertTrue(reply.body().contains("site store-1: certificate " + site.serial() + " was revoked at "), reply.body());
        assertTrue(reply.body().contains("(appliance stolen)"), reply.body());
        assertEquals(1, auditCount("device.certificate.revoked", "site:store-1"));
    }

    @Test
    void aRevocationOnOneRelayIsHonouredByAnotherOnTheSameStore() throws Exception {
        Path second = data.resolve("second");
        java.nio.file.Files.createDirectories(second);
        try (RelayHarness b = RelayHarness.start(second, relay.store(), Map.of(), clock)) {
            assertEquals(DeviceCa.fingerprint(identity().ca().certificate()),
                    DeviceCa.fingerprint(b.relay().pki().identity().ca().certificate()), "one CA for both relays");
            TestSite site = TestSite.enroll(relay.relay(), "store-1");
            assertEquals(200, site.send(b.relay(), "POST", "/v1/sites/store-1/heartbeat", heartbeat("store-1")).statusCode());
            identity().revoke(site.serial(), "user:test", "decommissioned");
            assertEquals(403, site.send(b.relay(), "POST", "/v1/sites/store-1/heartbeat", heartbeat("store-1")).statusCode());
        }
    }

    @Test
    void revokingAnUnknownSerialNamesItAndTheFix() {
        var e = assertThrows(dev.outpost.relay.http.HttpProblem.class, () -> identity().revoke("abc123", "user:test", "x"));
        assertEquals("certificate abc123: no such certificate on this relay; list them with ./outpost admin list-certificates",
                e.getMessage());
    }

    @Test
    void renewalIssuesANewCertificateAndTheOldOneStaysValid() {
        TestSite site = TestSite.enroll(relay.relay(), "store-1");
        now.set(now.get().plus(Duration.ofDays(300)));
        KeyPair next = TestSite.newKey();
        HttpResponse<String> reply = site.send(relay.relay(), "POST", "/v1/sites/store-1/certificate",
                new String(Json.write(Map.of("csr", TestSite.csr(next, "store-1"))), StandardCharsets.UTF_8));
        assertEquals(200, reply.statusCode(), reply.body());
        JsonNode issued = Json.tree(reply.body().getBytes(StandardCharsets.UTF_8));
        TestSite renewed = new TestSite("store-1", next, TestSite.certificate(issued.path("certificate").asText()),
                identity().ca().certificate());
        assertNotEquals(site.serial(), renewed.serial());
        assertEquals(200, renewed.send(relay.relay(), "POST", "/v1/sites/store-1/heartbeat", heartbeat("store-1")).statusCode());
        assertEquals(200, site.send(relay.relay(), "POST", "/v1/sites/store-1/heartbeat", heartbeat("store-1")).statusCode());
        assertEquals(List.of("renewal", "enrollment"), identity().list(Optional.of("store-1")).stream()
                .map(CertificateRecord::issuedVia).toList());
        assertEquals(1, auditCount("device.certificate.renewed", "site:store-1"));
    }

    @Test
    void renewalWithoutACertificateIsRefused() {
        HttpResponse<String> reply = TestSite.send(TestSite.trustingOnly(identity().ca().certificate()),
                relay.httpsUri("/v1/sites/store-1/certificate"), "POST", "{\"csr\":\"x\"}");
        assertEquals(403, reply.statusCode());
    }

    @Test
    void staffEndpointsStillAnswerOverHttpsWithoutAClientCertificate() {
        HttpResponse<String> reply = TestSite.send(TestSite.trustingOnly(identity().ca().certificate()),
                URI.create("https://127.0.0.1:" + relay.relay().httpsPort() + "/healthz"), "GET", null);
        assertEquals(200, reply.statusCode(), reply.body());
    }
}
