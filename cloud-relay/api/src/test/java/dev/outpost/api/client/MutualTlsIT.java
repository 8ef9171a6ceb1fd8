package dev.outpost.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.outpost.api.heartbeat.Heartbeat;
import dev.outpost.api.heartbeat.HeartbeatReply;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real mutual-TLS round trip: a test CA, a relay certificate and a site certificate, all made with keytool. */
@Tag("integration")
class MutualTlsIT {
    static final char[] PASSWORD = "changeit".toCharArray();
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    static Path dir;
    static HttpsServer server;
    static ExecutorService executor;
    static URI base;

    static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + output);
        }
    }

    static void keypair(String alias, String dname, String... extensions) throws Exception {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", "2", "-keystore", alias + ".p12", "-storetype", "PKCS12",
                "-storepass", "changeit"));
        for (String extension : extensions) {
            args.add("-ext");
            args.add(extension);
        }
        keytool(args.toArray(String[]::new));
    }

    /** A key signed by the test CA, with the CA chain in its keystore. */
    static void issue(String alias, String dname, String... extensions) throws Exception {
        keypair(alias, dname);
        keytool("-certreq", "-alias", alias, "-keystore", alias + ".p12", "-storepass", "changeit", "-file", alias + ".csr");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12",
                "-storepass", "changeit", "-infile", alias + ".csr", "-outfile", alias + ".pem", "-rfc", "-validity", "2"));
        for (String extension : extensions) {
            gencert.add("-ext");
            gencert.add(extension);
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", alias + ".p12", "-storepass", "changeit");
        keytool("-importcert", "-alias", alias, "-file", alias + ".pem", "-keystore", alias + ".p12", "-storepass", "changeit");
    }

    @BeforeAll
    static void start() throws Exception {
        keypair("ca", "CN=Outpost Test CA", "bc:c", "ku:c=keyCertSign,cRLSign");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", "changeit", "-file", "ca.pem");
        issue("relay", "CN=relay", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth");
        issue("site", "CN=s-1", "eku=clientAuth");

        SSLContext serverContext = Tls.fromPkcs12(dir.resolve("relay.p12"), PASSWORD, dir.resolve("ca.pem"));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        // the relay refuses a site id that differs from its certificate's
        server.createContext("/v1/sites/", exchange -> {
            String peer;
            try {
                peer = ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
            } catch (SSLPeerUnverifiedException e) {
                peer = "none";
            }
            String site = exchange.getRequestURI().getPath().split("/")[3];
            exchange.getRequestBody().readAllBytes();
            byte[] body = (peer.equals("CN=" + site)
                    ? "{\"server_time\":\"2026-06-01T12:00:01Z\",\"pull_now\":false}"
                    : "{\"error\":\"site " + site + " does not match the certificate (" + peer + ")\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(peer.equals("CN=" + site) ? 200 : 403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
        base = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    static Heartbeat heartbeat(String site) {
        return new Heartbeat(site, NOW, "1.4.2", List.of(), List.of(), 0);
    }

    RelayClient client(SSLContext context) {
        return RelayClient.create(RelayClient.Options.of(base).withRequestTimeout(Duration.ofSeconds(10)).withSslContext(context));
    }

    @Test
    void siteCertificateFromPkcs12() {
        try (RelayClient client = client(Tls.fromPkcs12(dir.resolve("site.p12"), PASSWORD, dir.resolve("ca.pem")))) {
            assertEquals(new HeartbeatReply(Instant.parse("2026-06-01T12:00:01Z"), false), client.heartbeat("s-1", heartbeat("s-1")));
            RelayException e = assertThrows(RelayException.class, () -> client.heartbeat("s-2", heartbeat("s-2")));
            assertEquals("relay " + base + ": POST /v1/sites/s-2/heartbeat: 403 site s-2 does not match the certificate (CN=s-1)",
                    e.getMessage());
        }
    }

    @Test
    void siteCertificateFromPem() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("site.p12"))) {
            store.load(in, PASSWORD);
        }
        Key key = store.getKey("site", PASSWORD);
        Path keyPem = dir.resolve("site-key.pem");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path chainPem = dir.resolve("site-chain.pem");
        Files.writeString(chainPem, Files.readString(dir.resolve("site.pem")) + Files.readString(dir.resolve("ca.pem")));
        try (RelayClient client = client(Tls.fromPem(keyPem, chainPem, dir.resolve("ca.pem")))) {
            assertEquals(false, client.heartbeat("s-1", heartbeat("s-1")).pullNow());
        }
    }

    @Test
    void noClientCertificateIsRefused() {
        try (RelayClient client = client(Tls.trusting(dir.resolve("ca.pem")))) {
            RelayException e = assertThrows(RelayException.class, () -> client.heartbeat("s-1", heartbeat("s-1")));
            assertTrue(e.status().isEmpty(), e.getMessage());
            assertTrue(e.getMessage().startsWith("relay " + base + ": "), e.getMessage());
        }
    }

    @Test
    void aRelayCertificateFromAnotherCaIsNotTrusted() throws Exception {
        keytool("-exportcert", "-rfc", "-alias", "site", "-keystore", "site.p12", "-storepass", "changeit", "-file", "not-a-ca.pem");
        try (RelayClient client = client(Tls.fromPkcs12(dir.resolve("site.p12"), PASSWORD, dir.resolve("not-a-ca.pem")))) {
            RelayException e = assertThrows(RelayException.class, () -> client.heartbeat("s-1", heartbeat("s-1")));
            assertTrue(e.getMessage().startsWith("relay " + base + ": TLS failed: "), e.getMessage());
        }
    }
}
