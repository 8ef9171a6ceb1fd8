package dev.outpost.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four Debian packages as the Maven build made them (image/target): their contents, an install into a scratch root
 * with their maintainer scripts run for real (user, groups, state directories, conffiles, enabled units), the units
 * checked by {@code systemd-analyze verify}, upgrade, downgrade and purge, and the installed relay telling a notify
 * socket that it is ready and alive, as systemd would see it; and the installed appliance provisioned with the
 * installed {@code outpost-provision} against the installed relay, then reaching it over mutual TLS.
 */
@Tag("integration")
class PackagesIT {
    private static final List<String> ROLES = List.of("relay", "appliance", "display", "gate");
    private static final Map<String, String> JARS = Map.of("relay", "relay-server.jar", "appliance", "appliance.jar",
            "display", "display-agent.jar", "gate", "gate-io.jar");
    private static final Path ROOT = Path.of(System.getProperty("outpost.root", ".."));
    private static final Map<String, Path> DEBS = new LinkedHashMap<>();

    @BeforeAll
    static void findThePackages() throws IOException {
        for (String role : ROLES) {
            try (Stream<Path> found = Files.list(ROOT.resolve("image/target"))) {
                List<Path> debs = found.filter(p -> p.getFileName().toString().matches("outpost-" + role + "_.*_all\\.deb"))
                        .toList();
                assertEquals(1, debs.size(), "one outpost-" + role + " package in image/target: " + debs);
                DEBS.put(role, debs.get(0));
            }
        }
    }

    /** 0.1.0-SNAPSHOT is 0.1.0~snapshot: '~' sorts before the release it leads to. */
    static String debianVersion() {
        return System.getProperty("outpost.version", "0.1.0-SNAPSHOT").replace("-SNAPSHOT", "~snapshot");
    }

    @Test
    void eachPackageHoldsItsJarLauncherConfigAndUnitAndNeedsJava21() {
        for (String role : ROLES) {
            Path deb = DEBS.get(role);
            String fields = Run.of("dpkg-deb", "--field", deb.toString(), "Package", "Version", "Architecture",
                    "Depends").ok().output();
            assertTrue(fields.contains("Package: outpost-" + role + "\n"), fields);
            assertTrue(fields.contains("Version: " + debianVersion() + "\n"), fields);
            assertTrue(fields.contains("Architecture: all\n"), fields);
            assertTrue(fields.contains("Depends: openjdk-21-jre-headless | openjdk-25-jre-headless"
                    + " | java21-runtime-headless, socat, passwd\n"), fields);

            String info = Run.of("dpkg-deb", "--info", deb.toString()).ok().output();
            for (String script : List.of("preinst", "postinst", "prerm", "postrm")) {
                assertTrue(Pattern.compile("\\d+ lines\\s+\\*\\s+" + script + "\\s+#!/bin/sh").matcher(info).find(),
                        role + ": executable " + script + " in\n" + info);
            }
            String conffiles = Run.of("dpkg-deb", "--info", deb.toString(), "conffiles").ok().output();
            assertEquals(role.equals("appliance") ? "/etc/outpost/appliance.conf\n/etc/outpost/devices.accounts\n"
                    : "/etc/outpost/" + role + ".conf\n", conffiles);

            Map<String, String> modes = new LinkedHashMap<>();
            for (String line : Run.of("dpkg-deb", "--contents", deb.toString()).ok().output().split("\n")) {
                String[] cols = line.trim().split("\\s+");
                modes.put(cols[cols.length - 1], cols[0] + " " + cols[1]);
            }
            assertEquals("-rw-r--r-- root/root", modes.get("./usr/share/outpost/" + role + "/" + JARS.get(role)), role);
            assertTrue(modes.keySet().stream().anyMatch(p -> p.matches("\\./usr/share/outpost/" + role
                    + "/lib/.+\\.jar")), role + ": its libraries");
            assertEquals("-rwxr-xr-x root/root", modes.get("./usr/bin/outpost-" + role), role);
            assertEquals(role.equals("appliance") ? "-rwxr-xr-x root/root" : null, modes.get("./usr/bin/outpost-provision"),
                    role + ": outpost-provision comes with the appliance");
            assertEquals("-rw-r----- root/root", modes.get("./etc/outpost/" + role + ".conf"), role);
            assertEquals("-rw-r--r-- root/root", modes.get("./lib/systemd/system/outpost-" + role + ".service"), role);
            assertFalse(modes.keySet().stream().anyMatch(p -> p.startsWith("./var/")), role + ": state is made, not shipped");
        }
    }

    @Test
    void installedTheyMakeTheirUserStateAndEnabledUnitsWhichSystemdAccepts(@TempDir Path tmp) throws Exception {
        ScratchRoot root = new ScratchRoot(tmp);
        root.install(DEBS.values().toArray(Path[]::new)).ok();
        // a second install of the same packages changes nothing: the scripts are idempotent
        root.install(DEBS.values().toArray(Path[]::new)).ok();

        List<String> user = root.entry("passwd", "outpost");
        assertEquals(7, user.size(), "user outpost in /etc/passwd");
        assertTrue(Integer.parseInt(user.get(2)) < 1000, "a system uid: " + user);
        assertEquals("/var/lib/outpost", user.get(5));
        assertEquals("/usr/sbin/nologin", user.get(6));
        assertEquals(1, Files.readAllLines(root.path("/etc/passwd")).stream().filter(l -> l.startsWith("outpost:")).count());
        String gid = root.entry("group", "outpost").get(2);
        assertEquals(gid, user.get(3));
        for (String device : List.of("dialout", "gpio")) {
            assertTrue(List.of(root.entry("group", device).get(3).split(",")).contains("outpost"),
                    "the gate's user is in " + device);
        }

        for (String role : ROLES) {
            Path state = root.path("/var/lib/outpost/" + role);
            assertEquals(user.get(2), Files.getAttribute(state, "unix:uid").toString(), state.toString());
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
            Path conf = root.path("/etc/outpost/" + role + ".conf");
            assertEquals(gid, Files.getAttribute(conf, "unix:gid").toString(), conf.toString());
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
            assertTrue(Files.isSymbolicLink(root.path("/etc/systemd/system/multi-user.target.wants/outpost-" + role
                    + ".service")), role + ": enabled");
            assertEquals(debianVersion(), root.version("outpost-" + role));

            Path home = root.path("/usr/share/outpost/" + role);
            try (JarFile jar = new JarFile(home.resolve(JARS.get(role)).toFile())) {
                String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                for (String lib : classPath.trim().split("\\s+")) {
                    assertTrue(Files.isRegularFile(home.resolve(lib)), role + ": " + lib + " named by the jar's manifest");
                }
            }
        }

        Run.of("cp", "-rn", "/lib/systemd/system/.", root.path("/lib/systemd/system").toString()).ok();
        List<String> verify = new ArrayList<>(List.of("systemd-analyze", "verify", "--root=" + tmp));
        ROLES.forEach(role -> verify.add("outpost-" + role + ".service"));
        Run verified = Run.of(verify.toArray(String[]::new));
        assertEquals(0, verified.exit(), verified.output());
        assertEquals("", verified.output(), "systemd-analyze verify has no complaint");
    }

    @Test
    void anUpgradeKeepsDataAndAnEditedConfigADowngradeIsRefusedAndPurgeDeletesTheData(@TempDir Path tmp)
            throws Exception {
        ScratchRoot root = new ScratchRoot(tmp.resolve("root"));
        Path older = DEBS.get("relay");
        Path newer = withVersion(older, "99.0.0", tmp.resolve("newer"));
        root.install(older).ok();
        Path conf = root.path("/etc/outpost/relay.conf");
        Files.writeString(conf, Files.readString(conf) + "http.port = 9470\n");
        Path db = root.path("/var/lib/outpost/relay/relay.db");
        Files.writeString(db, "the relay's data");

        root.install(newer).ok();
        assertEquals("99.0.0", root.version("outpost-relay"));
        assertTrue(Files.readString(conf).endsWith("http.port = 9470\n"), "the edited config is kept");
        assertEquals("the relay's data", Files.readString(db));

        Run downgrade = root.install(older);
        assertNotEquals(0, downgrade.exit());
        assertTrue(downgrade.output().contains("outpost-relay: refusing to downgrade from 99.0.0 to " + debianVersion()
                + ": " + tmp.resolve("root") + "/var/lib/outpost/relay holds data that 99.0.0\n  may have written in a"
                + " format " + debianVersion() + " cannot read."), downgrade.output());
        assertEquals("99.0.0", root.version("outpost-relay"));
        assertEquals("the relay's data", Files.readString(db));
        assertTrue(Files.readString(conf).endsWith("http.port = 9470\n"));

        root.dpkg(Map.of("OUTPOST_ALLOW_DOWNGRADE", "1"), "--install", older.toString()).ok();
        assertEquals(debianVersion(), root.version("outpost-relay"));

        root.dpkg("--remove", "outpost-relay").ok();
        assertEquals("the relay's data", Files.readString(db), "remove keeps the data");
        assertTrue(Files.exists(conf), "remove keeps the config");
        assertFalse(Files.exists(root.path("/etc/systemd/system/multi-user.target.wants/outpost-relay.service")));

        root.dpkg("--purge", "outpost-relay").ok();
        assertFalse(Files.exists(root.path("/var/lib/outpost/relay")), "purge deletes the data");
        assertFalse(Files.exists(conf), "purge deletes the config");
        assertEquals(7, root.entry("passwd", "outpost").size(), "the system user stays");
    }

    @Test
    void theInstalledRelayTellsSystemdItIsReadyPingsItsWatchdogAndRefusesNewerData(@TempDir Path tmp) throws Exception {
        ScratchRoot root = new ScratchRoot(tmp.resolve("root"));
        root.install(DEBS.get("relay")).ok();
        Path data = root.path("/var/lib/outpost/relay");
        Path conf = tmp.resolve("relay.conf");
        Files.writeString(conf, "http.host = 127.0.0.1\nhttp.port = 0\nhttps.port = 0\ndata.dir = " + data + "\n");
        Path socket = tmp.resolve("notify");
        Process systemd = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "STDOUT")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(systemd.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    received.add(line);
                }
            } catch (IOException ignored) {
                // the listener was stopped
            }
        });
        Process relay = null;
        try {
            ProcessBuilder run = new ProcessBuilder(root.path("/usr/bin/outpost-relay").toString(), "--config",
                    conf.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("relay.log").toFile());
            run.environment().put("JAVA_HOME", System.getProperty("java.home"));
            run.environment().put("NOTIFY_SOCKET", socket.toString());
            run.environment().put("WATCHDOG_USEC", "1000000");
            run.environment().put("WATCHDOG_PID", "");
            relay = run.start();

            assertEquals("READY=1", next(received, 60), "log:\n" + Files.readString(tmp.resolve("relay.log")));
            assertEquals("STATUS=running", next(received, 5));
            assertEquals("WATCHDOG=1", next(received, 5), "a ping within half of WATCHDOG_USEC and a bit");
            assertEquals("WATCHDOG=1", next(received, 5));
            relay.destroy();
            assertTrue(relay.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, relay.exitValue(), "SIGTERM: the unit says SuccessExitStatus=143");
            boolean stopping = false;
            for (String line; !stopping && (line = received.poll(5, TimeUnit.SECONDS)) != null; ) {
                stopping = line.equals("STOPPING=1");
            }
            assertTrue(stopping, "STOPPING=1 on SIGTERM");
            assertTrue(Files.readString(data.resolve("FORMAT")).contains("format = 1\n"));

            Files.writeString(data.resolve("FORMAT"), "format = 99\nwritten-by = 9.9.9\n");
            Run refused = Run.of(Map.of("JAVA_HOME", System.getProperty("java.home"), "NOTIFY_SOCKET", socket.toString()),
                    null, root.path("/usr/bin/outpost-relay").toString(), "--config", conf.toString());
            assertEquals(3, refused.exit(), refused.output());
            assertTrue(refused.output().contains("outpost relay: the data in " + data + " is format 99, written by outpost"
                    + " relay 9.9.9; this release (" + System.getProperty("outpost.version", "0.1.0-SNAPSHOT")
                    + ") understands format 1 at most."), refused.output());
            assertEquals(null, received.poll(1, TimeUnit.SECONDS), "never ready");
        } finally {
            if (relay != null) {
                relay.destroyForcibly();
            }
            systemd.destroy();
            systemd.waitFor(5, TimeUnit.SECONDS);
            reader.join(5000);
        }
    }

    @Test
    void theInstalledApplianceIsProvisionedAgainstTheInstalledRelayAndReachesIt(@TempDir Path tmp) throws Exception {
        ScratchRoot root = new ScratchRoot(tmp.resolve("root"));
        root.install(DEBS.get("relay"), DEBS.get("appliance")).ok();
        Map<String, String> java = Map.of("JAVA_HOME", System.getProperty("java.home"));
        int http = Poll.freePort();
        int https = Poll.freePort();
        Path relayConf = tmp.resolve("relay.conf");
        Files.writeString(relayConf, "http.host = 127.0.0.1\nhttp.port = " + http + "\nhttps.port = " + https
                + "\ndata.dir = " + root.path("/var/lib/outpost/relay") + "\nstaff.password.bcrypt-cost = 10\n");
        String admin = root.path("/usr/bin/outpost-relay-admin").toString();
        Path password = Files.writeString(tmp.resolve("password"), "provisioning-test-password\n");
        Run.of(java, null, admin, "create-admin", "--config", relayConf.toString(), "--username", "root",
                "--password-file", password.toString(), "--reason", "test").ok();
        String token = Stream.of(Run.of(java, null, admin, "issue-enrollment-token", "--config", relayConf.toString(),
                "--site", "store-9", "--ttl", "1h", "--reason", "test").ok().output().split("\n"))
                .filter(line -> line.startsWith("ot1.")).findFirst().orElseThrow();

        // an installer's edits before provisioning: the LAN side
        Path conf = root.path("/etc/outpost/appliance.conf");
        Files.writeString(conf, Files.readString(conf) + "http.host = 127.0.0.1\nhttp.port = " + Poll.freePort()
                + "\nbroker.host = 127.0.0.1\nbroker.port = " + Poll.freePort() + "\nbroker.accounts = "
                + root.path("/etc/outpost/devices.accounts") + "\nheartbeat.period = 1s\n");
        KeyPair rootKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] encoded = rootKey.getPublic().getEncoded();
        String publicKey = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
        Path data = root.path("/var/lib/outpost/appliance");
        String[] provision = {root.path("/usr/bin/outpost-provision").toString(), "enroll", "--relay",
                "https://127.0.0.1:" + https, "--token", token, "--site", "store-9", "--role", "appliance", "--root-key",
                publicKey, "--config-dir", conf.getParent().toString(), "--data-dir", data.toString(), "--no-enable"};

        Process relay = null;
        Process appliance = null;
        try {
            ProcessBuilder runRelay = new ProcessBuilder(root.path("/usr/bin/outpost-relay").toString(), "--config",
                    relayConf.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("relay.log").toFile());
            runRelay.environment().putAll(java);
            relay = runRelay.start();
            HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            URI base = URI.create("http://127.0.0.1:" + http);
            Poll.until("the relay answers /healthz", Duration.ofSeconds(60), tmp.resolve("relay.log"),
                    () -> Poll.get(client, base.resolve("/healthz")).statusCode() == 200);

            Run provisioned = Run.of(java, null, provision);
            assertEquals(0, provisioned.exit(), provisioned.output());
            assertTrue(provisioned.output().endsWith("site store-9: provisioned\n"), provisioned.output());
            assertTrue(Files.readString(conf).contains("\nsite.id = store-9\n"));
            assertTrue(Files.readString(conf).contains("\nmenu.root-key = " + publicKey + "\n"));
            String uid = root.entry("passwd", "outpost").get(2);
            for (String file : List.of("identity", "identity/site.key", "identity/site.crt", "identity/ca.crt")) {
                assertEquals(uid, Files.getAttribute(data.resolve(file), "unix:uid").toString(),
                        file + " belongs to the service's user, who must read it");
            }
            Run again = Run.of(java, null, provision);
            assertEquals(0, again.exit(), again.output());
            assertTrue(again.output().endsWith("site store-9: already provisioned; nothing changed\n"), again.output());

            ProcessBuilder runAppliance = new ProcessBuilder(root.path("/usr/bin/outpost-appliance").toString(), "--config",
                    conf.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("appliance.log").toFile());
            runAppliance.environment().putAll(java);
            appliance = runAppliance.start();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(base.resolve("/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"root\", \"password\": "
                            + "\"provisioning-test-password\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            Poll.until("the relay's fleet shows store-9's heartbeat", Duration.ofSeconds(60), tmp.resolve("appliance.log"),
                    () -> Poll.get(client, base.resolve("/v1/fleet/freshness")).body().contains("\"site_id\":\"store-9\""));
        } finally {
            for (Process process : new Process[] {appliance, relay}) {
                if (process != null) {
                    process.destroy();
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                }
            }
        }
    }

    @Test
    void everyConfigListsEveryKeyOfTheReadmeReferenceWithItsDefault() throws IOException {
        Map<String, Map<String, String>> reference = readmeReference();
        Pattern keyLine = Pattern.compile("^# ([a-z0-9][a-z0-9.-]*) =(?: (.*))?$");
        for (String role : ROLES) {
            Map<String, String> listed = new LinkedHashMap<>();
            for (String line : Files.readAllLines(ROOT.resolve("image/src/deb/" + role + "/" + role + ".conf"))) {
                Matcher m = keyLine.matcher(line);
                if (m.matches()) {
                    assertEquals(null, listed.put(m.group(1), m.group(2) == null ? "" : m.group(2)),
                            role + ".conf lists " + m.group(1) + " twice");
                }
            }
            Map<String, String> documented = reference.get(role);
            assertEquals(documented.keySet(), listed.keySet(), role + ".conf and the README's configuration reference");
            for (Map.Entry<String, String> key : listed.entrySet()) {
                String cell = documented.get(key.getKey());
                if (key.getValue().isEmpty()) {
                    assertTrue(cell.matches(".*(required|none|data\\.dir).*"),
                            role + ".conf: " + key.getKey() + " has no default there but the README says " + cell);
                } else {
                    assertTrue(cell.contains("`" + key.getValue() + "`"), role + ".conf: " + key.getKey() + " = "
                            + key.getValue() + " but the README's default is " + cell);
                }
            }
        }
    }

    /** Role to key to default cell, from the README's "Configuration reference" tables. */
    private static Map<String, Map<String, String>> readmeReference() throws IOException {
        Map<String, Map<String, String>> reference = new LinkedHashMap<>();
        ROLES.forEach(role -> reference.put(role, new LinkedHashMap<>()));
        Pattern row = Pattern.compile("^\\| `([a-z0-9.-]+)` \\| ([^|]*) \\| (.*)\\|$");
        Set<String> roles = Set.of();
        boolean inReference = false;
        for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
            if (line.startsWith("## ")) {
                inReference = line.equals("## Configuration reference");
                roles = Set.of();
            } else if (!inReference) {
                continue;
            } else if (line.startsWith("Every process:")) {
                roles = new LinkedHashSet<>(ROLES);
            } else if (line.startsWith("Relay (")) {
                roles = Set.of("relay");
            } else if (line.startsWith("Appliance (")) {
                roles = Set.of("appliance");
            } else if (line.startsWith("Display agent (")) {
                roles = Set.of("display", "gate");
            } else if (line.startsWith("Gate controller only")) {
                roles = Set.of("gate");
            }
            Matcher m = row.matcher(line);
            if (inReference && m.matches()) {
                for (String role : roles) {
                    if (m.group(3).strip().startsWith("display only") && !role.equals("display")) {
                        continue;
                    }
                    reference.get(role).put(m.group(1), m.group(2).strip());
                }
            }
        }
        return reference;
    }

    private static String next(BlockingQueue<String> received, int seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    /** {@code deb} repacked with another version: what the next release's package would be, contents unchanged. */
    private static Path withVersion(Path deb, String version, Path work) throws IOException {
        Path tree = work.resolve("tree");
        Files.createDirectories(work);
        Run.of("dpkg-deb", "--raw-extract", deb.toString(), tree.toString()).ok();
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Path out = work.resolve("outpost-relay_" + version + "_all.deb");
        Run.of("dpkg-deb", "--build", "--root-owner-group", "-Zgzip", "-z1", tree.toString(), out.toString()).ok();
        return out;
    }
}
