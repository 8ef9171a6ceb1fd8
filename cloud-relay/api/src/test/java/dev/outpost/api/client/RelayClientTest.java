package dev.outpost.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayClientTest {
    final RelayClient client = RelayClient.create(RelayClient.Options.of(URI.create("https://relay.example:8443/")));

    @Test
    void connectTimeoutIsReportedAsUnreachable() {
        RelayException e = client.failure("POST", "/v1/sites/s-1/heartbeat", client.options().requestTimeout(),
                new HttpConnectTimeoutException("HTTP connect timed out"));
        assertEquals("relay https://relay.example:8443: unreachable: connect timed out after 5s", e.getMessage());
        assertTrue(e.status().isEmpty());
    }

    @Test
    void aHostNameThatDoesNotResolveIsNamedAsADnsFailureNotARefusal() {
        java.net.ConnectException e = new java.net.ConnectException();
        e.initCause(new java.nio.channels.UnresolvedAddressException());
        assertEquals("relay https://relay.example:8443: unreachable: cannot resolve host relay.example (DNS)",
                client.failure("POST", "/v1/enroll", client.options().requestTimeout(), e).getMessage());
    }

    @Test
    void requestTimeoutNamesTheCall() {
        RelayException e = client.failure("GET", "/v1/sites/s-1/manifest", client.options().requestTimeout(),
                new HttpTimeoutException("request timed out"));
        assertEquals("relay https://relay.example:8443: GET /v1/sites/s-1/manifest: no response within 30s", e.getMessage());
    }

    @Test
    void aMallStatePollWaitsAtMostWhatTheRelayHolds() {
        assertEquals("relay client: mall state wait must be between 0 and 25s (the relay holds a poll at most that long),"
                + " was PT26S", assertThrows(IllegalArgumentException.class,
                () -> client.mallState("s-1", 4, Duration.ofSeconds(26))).getMessage());
        assertEquals("relay client: mall state wait must be between 0 and 25s (the relay holds a poll at most that long),"
                + " was PT-1S", assertThrows(IllegalArgumentException.class,
                () -> client.mallState("s-1", 4, Duration.ofSeconds(-1))).getMessage());
        assertEquals("after_version: must not be negative, was -1", assertThrows(IllegalArgumentException.class,
                () -> client.mallState("s-1", -1, Duration.ZERO)).getMessage());
    }

    @Test
    void optionsAreChecked() {
        assertEquals("relay client: base_uri must be an absolute http(s) URI, was relay.example",
                assertThrows(IllegalArgumentException.class, () -> RelayClient.Options.of(URI.create("relay.example"))).getMessage());
        assertEquals("connect_timeout: must be a positive duration, was PT0S",
                assertThrows(IllegalArgumentException.class,
                        () -> RelayClient.Options.of(URI.create("https://r")).withConnectTimeout(Duration.ZERO)).getMessage());
        assertEquals("250ms", RelayClient.format(Duration.ofMillis(250)));
        assertEquals("2m", RelayClient.format(Duration.ofMinutes(2)));
    }

    @Test
    void pemKeysMustBePkcs8(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertEquals("tls: " + pem + ": a PKCS#1/SEC1 key; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in key.pem`",
                assertThrows(IllegalArgumentException.class, () -> Tls.privateKey(pem)).getMessage());
        Files.writeString(pem, "hello");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tls.certificates(pem)).getMessage()
                .startsWith("tls: " + pem + ": "));
    }
}
