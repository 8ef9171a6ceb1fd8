package dev.outpost.relay.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.sign.Ed25519PublicKey;
import dev.outpost.api.sign.Keyring;
import dev.outpost.api.sign.Verifier;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.audit.AuditLog;
import dev.outpost.relay.manifest.ManifestKeys;
import dev.outpost.relay.store.Store;
import dev.outpost.relay.store.StoreConfig;
import dev.outpost.relay.testing.RelayHarness;
import dev.outpost.relay.testing.StaffClient;
import dev.outpost.relay.testing.TestStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** {@code ./outpost admin ...} on a relay's store: the first admin, users, passwords, and the audit chain tampered with. */
@Tag("integration")
class AdminCliIT {
    @TempDir
    Path dir;
    StoreConfig store;
    Path config;
    Path passwordFile;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        store = TestStores.fresh(dir);
        StringBuilder text = new StringBuilder("data.dir = " + dir + "\nstaff.password.bcrypt-cost = 10\n");
        if (store.kind() == StoreConfig.Kind.POSTGRES) {
            text.append("store.kind = postgres\nstore.url = ").append(store.jdbcUrl()).append("\nstore.user = ")
                    .append(store.user()).append("\n");
            if (store.password() != null) {
                text.append("store.password = ").append(store.password()).append('\n');
            }
        }
        config = Files.writeString(dir.resolve("relay.conf"), text);
        passwordFile = Files.writeString(dir.resolve("admin.password"), "an admin password\n");
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

    <T> T onStore(Store.Work<T> work) {
        try (Store s = Store.open(store)) {
            return s.inTransaction("test", work);
        }
    }

    @Test
    void createAdminMakesTheFirstAdminWhoCanLogInAndRefusesASecond() throws Exception {
        Run first = admin("create-admin", "--username", "root", "--password-file", passwordFile.toString(), "--reason", "first install");
        assertEquals(0, first.code(), first.err());
        assertEquals("created admin 'root'\n", first.out());
        String actor = onStore(tx -> tx.queryOne("SELECT actor FROM audit_log WHERE action = 'staff.user.created'",
                r -> r.getString(1)).orElseThrow());
        assertEquals("cli:" + System.getProperty("user.name"), actor);

        Run second = admin("create-admin", "--username", "root2", "--generate", "--reason", "again");
        assertEquals(AdminMain.EXIT_ADMIN_EXISTS, second.code());
        assertTrue(second.err().contains("create admin: an admin exists already (root)"), second.err());

        try (RelayHarness relay = RelayHarness.start(dir, store, Map.of("staff.password.bcrypt-cost", "10"), InstantSource.system())) {
            StaffClient root = StaffClient.login(relay, "root", "an admin password");
            assertEquals("[\"admin\"]", root.me().path("roles").toString());
        }
    }

    @Test
    void generatedPasswordsArePrintedOnceAndWork() throws Exception {
        Run created = admin("create-admin", "--username", "root", "--generate", "--reason", "demo");
        assertEquals(0, created.code(), created.err());
        String password = created.out().lines().filter(l -> l.startsWith("password: ")).findFirst().orElseThrow().substring(10);
        assertEquals(24, password.length());
        Run user = admin("create-user", "--username", "fr-approver", "--role", "approver,viewer", "--jurisdiction", "FR",
                "--generate", "--reason", "FR sign-offs");
        assertEquals(0, user.code(), user.err());
        Run reset = admin("reset-password", "--username", "fr-approver", "--password-file", passwordFile.toString(),
                "--reason", "forgot it");
        assertEquals(0, reset.code(), reset.err());
        try (RelayHarness relay = RelayHarness.start(dir, store, Map.of("staff.password.bcrypt-cost", "10"), InstantSource.system())) {
            StaffClient.login(relay, "root", password);
            StaffClient approver = StaffClient.login(relay, "fr-approver", "an admin password");
            assertEquals("[\"FR\"]", approver.me().path("jurisdictions").toString());
        }
    }

    @Test
    void badInputIsRefusedNamingWhatIsWrong() {
        Run noReason = admin("create-admin", "--username", "root", "--generate");
        assertEquals(2, noReason.code());
        assertTrue(noReason.err().contains("Missing required option: '--reason=TEXT'"), noReason.err());
        Run blankReason = admin("create-admin", "--username", "root", "--generate", "--reason", "  ");
        assertEquals(1, blankReason.code());
        assertTrue(blankReason.err().contains("reason is required: say why you are doing this"), blankReason.err());
        Run badRole = admin("create-user", "--username", "x1", "--role", "boss", "--generate", "--reason", "r");
        assertEquals(1, badRole.code());
        assertTrue(badRole.err().contains("roles: unknown role 'boss'"), badRole.err());
        Run noUser = admin("reset-password", "--username", "ghost", "--generate", "--reason", "r");
        assertEquals(1, noUser.code());
        assertTrue(noUser.err().contains("user 'ghost': no such user"), noUser.err());
        Run both = admin("create-admin", "--username", "root", "--generate", "--password-file", passwordFile.toString(), "--reason", "r");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("give --password-file or --generate, not both"), both.err());
    }

    void fiveRecords() {
        try (Store s = Store.open(store)) {
            AuditLog audit = new AuditLog(s, InstantSource.system());
            for (int i = 1; i <= 5; i++) {
                audit.append(new AuditEntry("user:alice", "capacity.changed", "mall:mall-1", null, null, "change " + i));
            }
        }
    }

    @Test
    void verifyAuditExitsZeroOnAnIntactChain() {
        fiveRecords();
        Run run = admin("verify-audit");
        assertEquals(0, run.code(), run.err());
        assertEquals("audit chain intact: 5 records checked\n", run.out());
    }

    @Test
    void verifyAuditNamesAnEditedRecord() {
        fiveRecords();
        onStore(tx -> tx.update("UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 3"));
        Run run = admin("verify-audit");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("audit chain broken: record 3: hash does not match its contents (edited)"), run.err());
    }

    @Test
    void verifyAuditNamesADeletedRecord() {
        fiveRecords();
        onStore(tx -> tx.update("DELETE FROM audit_log WHERE seq = 2"));
        Run run = admin("verify-audit");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("record 3: expected record 2 here; records are missing (deleted)"), run.err());
    }

    @Test
    void verifyAuditNamesSwappedRecords() {
        fiveRecords();
        onStore(tx -> {
            tx.update("UPDATE audit_log SET seq = 100 WHERE seq = 2");
            tx.update("UPDATE audit_log SET seq = 2 WHERE seq = 3");
            return tx.update("UPDATE audit_log SET seq = 3 WHERE seq = 100");
        });
        Run run = admin("verify-audit");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("record 2: "), run.err());
    }

    @Test
    void makeSigningKeysWritesAPublisherKeyUnderAKeyringTheRootSigned() throws Exception {
        Run first = admin("make-signing-keys", "--reason", "first keys");
        assertEquals(0, first.code(), first.err());
        Path keys = dir.resolve("manifest-keys");
        Ed25519PublicKey root = Ed25519PublicKey.fromBase64Url(first.out().strip());
        assertTrue(first.err().contains("move it offline"), first.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("publisher.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("root.key"))));
        ManifestKeys loaded = ManifestKeys.load(keys).orElseThrow();
        Verifier.trusting(root).keyring(loaded.keyring(), 0); // throws unless the root signed it

        Files.move(keys.resolve("root.key"), dir.resolve("offline-root.key"));
        Run next = admin("make-signing-keys", "--root-key", dir.resolve("offline-root.key").toString(), "--reason",
                "yearly rotation");
        assertEquals(0, next.code(), next.err());
        assertEquals(first.out(), next.out(), "the same root");
        assertEquals(2, ManifestKeys.load(keys).orElseThrow().keyring().payloadAs(Keyring.class).version());
        assertTrue(Files.notExists(keys.resolve("root.key")), "a given root is not copied next to the keys");
        assertEquals(2L, (long) onStore(tx -> tx.queryLong("SELECT COUNT(*) FROM audit_log WHERE action = ?",
                "manifest.keys.made")));
    }
}
