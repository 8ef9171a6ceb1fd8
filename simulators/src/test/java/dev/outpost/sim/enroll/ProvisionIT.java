package dev.outpost.sim.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.password.PasswordHash;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.appliance.Appliance;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.appliance.provision.ProvisionMain;
import dev.outpost.relay.Relay;
import dev.outpost.relay.RelayConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code outpost-provision enroll} against a real relay in this JVM, into a config made from the packaged
 * {@code appliance.conf} with an installer's edits; then the appliance started from that config alone.
 */
@Tag("integration")
class ProvisionIT {
    static final String SITE = "store-7";
    static final Path PACKAGED_CONF = Path.of(System.getProperty("outpost.root", ".."), "image/src/deb/appliance/appliance.conf");

    @TempDir
    Path dir;
    /** Two days back, so the relay's own HTTPS certificate is valid on the real clock whatever the test moves. */
    final AtomicReference<Instant> relayNow = new AtomicReference<>(Instant.now().minus(Duration.ofDays(2)));
    Relay relay;
    Path etc;
    Path data;
    Path conf;
    String rootKey;

    @BeforeEach
    void start() throws IOException {
        relay = ApplianceEnrollmentIT.relay(dir.resolve("relay"), relayNow::get);
        etc = Files.createDirectories(dir.resolve("etc"));
        data = dir.resolve("data");
        conf = etc.resolve("appliance.conf");
        Path accounts = Files.writeString(etc.resolve("devices.accounts"),
                "board-1 device " + PasswordHash.hash("board-1-pw".toCharArray(), 1_000) + "\n");
        // what an installer edits before provisioning: the LAN side, which enrollment knows nothing of
        Files.writeString(conf, Files.readString(PACKAGED_CONF)
                + "http.host = 127.0.0.1\nhttp.port = 0\nbroker.host = 127.0.0.1\nbroker.port = 0\n"
                + "broker.accounts = " + accounts + "\nheartbeat.period = 200ms\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
        rootKey = SigningKey.generate(new SecureRandom()).publicKey().base64Url();
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    record Result(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\nout:\n" + out + "err:\n" + err;
        }
    }

    static Result provision(InstantSource clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = ProvisionMain.commandLine(clock);
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private String token(String site) {
        return relay.pki().identity().issueToken(site, Duration.ofHours(1), "user:test", "test");
    }

    private String relayUrl() {
        return "https://127.0.0.1:" + relay.httpsPort();
    }

    private Result enroll(InstantSource clock, String relayUrl, String site, String token) {
        return provision(clock, "enroll", "--relay", relayUrl, "--token", token, "--site", site, "--role", "appliance",
                "--root-key", rootKey, "--config-dir", etc.toString(), "--data-dir", data.toString(), "--no-enable");
    }

    /** Every file under the config and data directories with its bytes and modification time. */
    private Map<String, String> files() throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (Path root : List.of(etc, data)) {
            if (Files.exists(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : walk.filter(Files::isRegularFile).toList()) {
                        FileTime modified = Files.getLastModifiedTime(p);
                        files.put(p.toString(), Files.readString(p) + "@" + modified.toMillis());
                    }
                }
            }
        }
        return files;
    }

    @Test
    void anApplianceProvisionedThisWayReachesTheRelayOverMutualTlsWithNoTokenInItsConfig() throws Exception {
        Result result = enroll(InstantSource.system(), relayUrl(), SITE, token(SITE));
        assertEquals(0, result.exit(), result.all());
        assertTrue(result.out().contains("identity: enrolled with " + relayUrl() + ": certificate "), result.all());
        assertTrue(result.out().contains("(the private key never left this device)"), result.all());
        assertTrue(result.out().contains("config: " + conf + " written, setting site.id, relay.url, menu.root-key, data.dir"),
                result.all());
        assertTrue(result.out().contains("service: not enabled (--no-enable); start it with: systemctl enable --now "
                + "outpost-appliance"), result.all());
        assertTrue(result.out().endsWith("site " + SITE + ": provisioned\n"), result.all());

        String text = Files.readString(conf);
        assertTrue(text.contains("\n# --- the site and its relay ---\n# this site's id, e.g. store-0042 (required)\nsite.id = "
                + SITE + "\n"), "site.id takes the place of its commented default:\n" + text);
        assertTrue(text.contains("\nrelay.url = " + relayUrl() + "\n"), text);
        assertTrue(text.contains("\nmenu.root-key = " + rootKey + "\n"), text);
        assertTrue(text.contains("\nhttp.port = 0\nbroker.host = 127.0.0.1\nbroker.port = 0\n"), "the installer's lines stay");
        assertFalse(text.contains("\nrelay.enrollment-token ="), "no token in the config");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)), "its mode is kept");
        assertFalse(Files.exists(etc.resolve("appliance.conf.tmp")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                data.resolve("identity/site.key"))));

        Appliance appliance = Appliance.create(ApplianceConfig.from(ConfigFile.load(conf)), InstantSource.system());
        try {
            appliance.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (relay.fleet().freshness().sites().stream().noneMatch(s -> s.siteId().equals(SITE))) {
                assertTrue(System.nanoTime() < deadline, "the relay heard the appliance's heartbeat within 30 s");
                Thread.sleep(100);
            }
            assertTrue(appliance.menus().isPresent(), "menu.root-key is set: menu sync runs");
            assertEquals(List.of(appliance.identity().serial().orElseThrow()),
                    relay.pki().identity().list(Optional.of(SITE)).stream().map(c -> c.serial()).toList(),
                    "the appliance uses the provisioned certificate and enrolled no other");
        } finally {
            appliance.close();
        }
    }

    @Test
    void runAgainWithTheSameSiteItChangesNothingAndSpendsNoToken() throws Exception {
        String token = token(SITE);
        assertEquals(0, enroll(InstantSource.system(), relayUrl(), SITE, token).exit());
        Map<String, String> before = files();
        long refusals = refusals();

        Result again = enroll(InstantSource.system(), relayUrl(), SITE, token);
        assertEquals(0, again.exit(), again.all());
        assertTrue(again.out().contains("identity: certificate "), again.all());
        assertTrue(again.out().contains(" of site " + SITE + " is already here, valid until "), again.all());
        assertTrue(again.out().contains("; the token was not used\n"), again.all());
        assertTrue(again.out().contains("config: " + conf + " already says so\n"), again.all());
        assertTrue(again.out().endsWith("site " + SITE + ": already provisioned; nothing changed\n"), again.all());
        assertEquals(before, files());
        assertEquals(refusals, refusals(), "the used token was not sent again");
    }

    @Test
    void anotherSiteIsRefusedAndNothingChanges() throws Exception {
        assertEquals(0, enroll(InstantSource.system(), relayUrl(), SITE, token(SITE)).exit());
        Map<String, String> before = files();

        Result other = enroll(InstantSource.system(), relayUrl(), "store-8", token("store-8"));
        assertEquals(3, other.exit(), other.all());
        assertTrue(other.err().startsWith("outpost-provision: site store-8: this device is provisioned otherwise: site.id is "
                + SITE + " in " + conf + ", not store-8. Nothing was changed."), other.all());

        // the config says nothing yet, but the identity on disk is another site's
        Files.writeString(conf, "http.host = 127.0.0.1\n");
        before = files();
        Result identity = enroll(InstantSource.system(), relayUrl(), "store-8", token("store-8"));
        assertEquals(3, identity.exit(), identity.all());
        assertTrue(identity.err().contains("holds certificate "), identity.all());
        assertTrue(identity.err().contains(" for site " + SITE + ", valid until "), identity.all());
        assertTrue(identity.err().contains(": it is site " + SITE + "'s appliance. Nothing was changed."), identity.all());
        assertEquals(before, files());
    }

    @Test
    void anExpiredTokenIsNamedWithItsExpiryAndNothingIsWritten() throws Exception {
        String token = token(SITE);
        relayNow.set(relayNow.get().plus(Duration.ofHours(2)));
        Map<String, String> before = files();

        Result result = enroll(InstantSource.system(), relayUrl(), SITE, token);
        assertEquals(1, result.exit(), result.all());
        assertTrue(result.err().startsWith("outpost-provision: site " + SITE + ": enrollment failed: relay " + relayUrl()
                + ": POST /v1/enroll: 403 enroll: site " + SITE + ": token expired at "), result.all());
        assertTrue(result.err().contains("issue a new one with ./outpost admin issue-enrollment-token --site " + SITE),
                result.all());
        assertTrue(result.err().endsWith("\nNothing was changed.\n"), result.all());
        assertEquals(before, files());
        assertFalse(Files.exists(data));
    }

    @Test
    void aWrongClockIsNamedWithBothTimesAndTheTokenIsNotSpent() throws Exception {
        String token = token(SITE);
        Instant lastYear = Instant.now().minus(Duration.ofDays(365));
        Map<String, String> before = files();

        Result result = enroll(InstantSource.fixed(lastYear), relayUrl(), SITE, token);
        assertEquals(1, result.exit(), result.all());
        assertTrue(result.err().contains("relay certificate is not valid until "), result.all());
        assertTrue(result.err().contains(" but this appliance's clock says " + lastYear + "; check the clock (NTP)"),
                result.all());
        assertEquals(before, files());

        Result fixed = enroll(InstantSource.system(), relayUrl(), SITE, token);
        assertEquals(0, fixed.exit(), "with the clock set, the same token still works: " + fixed.all());
    }

    @Test
    void aCertificateFromARelayWhoseClockIsAheadIsRefusedNamingBothTimes() throws Exception {
        relayNow.set(Instant.now().plus(Duration.ofDays(30))); // its HTTPS certificate, made at start, is still valid here
        String token = token(SITE);
        Map<String, String> before = files();

        Result result = enroll(InstantSource.system(), relayUrl(), SITE, token);
        assertEquals(1, result.exit(), result.all());
        assertTrue(result.err().startsWith("outpost-provision: site " + SITE + ": the relay issued certificate "), result.all());
        assertTrue(result.err().contains(" valid from " + relayNow.get().minus(Duration.ofMinutes(5)).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS) + " to "), result.all());
        assertTrue(result.err().contains(" but this appliance's clock says "), result.all());
        Path kept = data.resolve("identity/site.key.pending");
        assertTrue(result.err().contains("; check the clock (NTP), then enroll again: the relay answers the key this"
                + " appliance kept (" + kept + ") with the same token until it expires\nNothing was changed but the key"
                + " kept for the next try, " + kept + ".\n"), result.all());
        Map<String, String> after = files();
        assertTrue(after.remove(kept.toString()) != null, "the key is kept: " + after.keySet());
        assertEquals(before, after);
    }

    @Test
    void anUnreachableRelayIsNamedWithWhatFailed() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String token = token(SITE);
        Map<String, String> before = files();

        Result refused = enroll(InstantSource.system(), "https://127.0.0.1:" + closed, SITE, token);
        assertEquals(1, refused.exit(), refused.all());
        assertTrue(refused.err().startsWith("outpost-provision: site " + SITE + ": enrollment failed: relay https://127.0.0.1:"
                + closed + ": unreachable: connection refused\n"), refused.all());

        Result unknown = enroll(InstantSource.system(), "https://relay.invalid:8473", SITE, token);
        assertEquals(1, unknown.exit(), unknown.all());
        assertTrue(unknown.err().startsWith("outpost-provision: site " + SITE + ": enrollment failed: relay "
                + "https://relay.invalid:8473: unreachable: cannot resolve host relay.invalid (DNS)\n"), unknown.all());
        assertEquals(before, files());
    }

    @Test
    void badArgumentsExit2WithUsageAndChangeNothing() throws Exception {
        String token = token(SITE);
        Map<String, String> before = files();
        List<Result> results = new ArrayList<>();

        Result missing = provision(InstantSource.system(), "enroll", "--relay", relayUrl(), "--site", SITE, "--role", "appliance");
        results.add(missing);
        assertTrue(missing.err().startsWith("Missing required option: '--token=TOKEN'"), missing.all());
        assertTrue(missing.err().contains("Usage: outpost-provision enroll "), missing.all());

        Result display = provision(InstantSource.system(), "enroll", "--relay", relayUrl(), "--token", token, "--site", SITE,
                "--role", "display");
        results.add(display);
        assertTrue(display.err().startsWith("--role display: display agents and gate controllers do not enroll with the relay:"
                + " they reach their site's appliance over MQTT with a broker account."), display.all());

        Result plain = provision(InstantSource.system(), "enroll", "--relay", "http://127.0.0.1:8470", "--token", token,
                "--site", SITE, "--role", "appliance");
        results.add(plain);
        assertTrue(plain.err().startsWith("--relay must be the relay's https:// URL (its https.port)"), plain.all());

        Result badToken = provision(InstantSource.system(), "enroll", "--relay", relayUrl(), "--token", "abc", "--site", SITE,
                "--role", "appliance");
        results.add(badToken);
        assertTrue(badToken.err().startsWith("--token: enrollment token: not of the form ot1.<secret>.<ca-sha256>"),
                badToken.all());

        rootKey = "not-a-key";
        Result badKey = enroll(InstantSource.system(), relayUrl(), SITE, token);
        results.add(badKey);
        assertTrue(badKey.err().startsWith("outpost-provision: config " + conf + ": menu.root-key"), badKey.all());
        assertTrue(badKey.err().endsWith("Nothing was changed.\n"), badKey.all());

        for (Result result : results) {
            assertEquals(2, result.exit(), result.all());
        }
        assertEquals(before, files());
        assertFalse(Files.exists(data));
        assertEquals(0, refusals(), "the relay heard nothing");
    }

    private long refusals() {
        return relay.store().inTransaction("count", tx -> tx.queryLong(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'device.enrollment.refused'"));
    }
}
