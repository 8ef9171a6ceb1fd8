package dev.outpost.relay.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.enroll.EnrollmentToken;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.StoreConfig;
import dev.outpost.relay.testing.TestStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./outpost admin issue-enrollment-token | list-certificates | revoke-certificate} on the relay's store. */
@Tag("integration")
class DeviceAdminCliIT {
    @TempDir
    Path dir;
    StoreConfig store;
    Path config;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        store = TestStores.fresh(dir);
        StringBuilder text = new StringBuilder("data.dir = " + dir + "\n");
        if (store.kind() == StoreConfig.Kind.POSTGRES) {
            text.append("store.kind = postgres\nstore.url = ").append(store.jdbcUrl()).append("\nstore.user = ")
                    .append(store.user()).append("\n");
            if (store.password() != null) {
                text.append("store.password = ").append(store.password()).append('\n');
            }
        }
        config = Files.writeString(dir.resolve("relay.conf"), text);
    }

    Run admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--config");
        all.add(2, config.toString());
        int code = AdminMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void issueEnrollmentTokenPrintsOnlyTheTokenAndAuditsIt() {
        Run run = admin("issue-enrollment-token", "--site", "store-0042", "--ttl", "24h", "--reason", "new store");
        assertEquals(0, run.code(), run.err());
        EnrollmentToken token = EnrollmentToken.parse(run.out().strip());
        assertEquals(1, run.out().lines().count());
        String ca = onStore(tx -> tx.queryOne("SELECT fingerprint FROM device_ca", r -> r.getString(1)).orElseThrow());
        assertEquals(ca, token.caFingerprint(), "the token names the store's CA, created on first use");
        String hash = onStore(tx -> tx.queryOne("SELECT token_hash FROM enrollment_tokens", r -> r.getString(1)).orElseThrow());
        assertTrue(!hash.contains(token.secret()), "only the hash is stored");
        assertEquals("cli:" + System.getProperty("user.name"), onStore(tx -> tx.queryOne(
                "SELECT actor FROM audit_log WHERE action = 'device.enrollment-token.issued'", r -> r.getString(1)).orElseThrow()));
    }

    @Test
    void aBadTtlOrAMissingReasonIsRefusedByName() {
        Run ttl = admin("issue-enrollment-token", "--site", "store-1", "--ttl", "forever", "--reason", "x");
        assertEquals(1, ttl.code());
        assertEquals("outpost admin issue-enrollment-token: enrollment token: ttl must be a duration such as 30m, 24h or 7d, was 'forever'\n",
                ttl.err());
        Run tooLong = admin("issue-enrollment-token", "--site", "store-1", "--ttl", "90d", "--reason", "x");
        assertTrue(tooLong.err().contains("enrollment token for site store-1: ttl must be between 1s and 30d, was 90d"), tooLong.err());
        Run noReason = admin("issue-enrollment-token", "--site", "store-1");
        assertEquals(2, noReason.code());
        assertTrue(noReason.err().contains("Missing required option: '--reason=TEXT'"), noReason.err());
    }

    @Test
    void listAndRevoke() {
        Run empty = admin("list-certificates");
        assertEquals(0, empty.code(), empty.err());
        assertTrue(empty.out().startsWith("SERIAL"), empty.out());
        Run unknown = admin("revoke-certificate", "--serial", "abc", "--reason", "lost");
        assertEquals(1, unknown.code());
        assertEquals("outpost admin revoke-certificate: certificate abc: no such certificate on this relay; list them with "
                + "./outpost admin list-certificates\n", unknown.err());
    }

    <T> T onStore(Store.Work<T> work) {
        try (Store s = Store.open(store)) {
            return s.inTransaction("test", work);
        }
    }
}
