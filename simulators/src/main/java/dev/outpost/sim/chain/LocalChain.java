package dev.outpost.sim.chain;

import dev.outpost.api.password.PasswordHash;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * A whole chain on this machine, every part its own process on loopback: the relay, and per site an appliance
 * with its display agents and gate controllers. Writes each process's config file under {@code dir/config}
 * (device passwords included, so the files are private), its state under {@code dir/<name>}, its output under
 * {@code dir/logs}. The demo and the end-to-end tests both use it.
 *
 * <p>Each appliance reaches the relay through its own {@link WanLink}, which this process holds, so the chain's
 * owner can cut a site's WAN ({@link #wan}) while everything keeps running. Gate controllers reach their
 * turnstiles as the {@link GateWiring} says. A mall's site starts only once its mall is in the relay's ledger, as HQ
 * registers a mall before its site is brought up; the chain waits for the relay to do that.
 */
public final class LocalChain implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration RELAY_START = Duration.ofSeconds(60);
    /** The relay's admin command line (in the relay jar). */
    private static final String RELAY_ADMIN = "dev.outpost.relay.admin.AdminMain";
    /** The demo admin's login name. */
    public static final String ADMIN = "admin";
    /** The demo safety officer's login name: capacity, mode and recounts of the malls. */
    public static final String OFFICER = "officer";
    /** The demo publisher's login name: menus, plans, rollbacks and poisons. */
    public static final String PUBLISHER = "publisher";
    /** The demo approver's login name: held menus and plan sign-offs for {@link #APPROVER_JURISDICTIONS}. */
    public static final String APPROVER = "approver";
    public static final String APPROVER_JURISDICTIONS = "US,CA,FR,DE";
    /** Every demo staff login. */
    public static final List<String> STAFF = List.of(ADMIN, OFFICER, PUBLISHER, APPROVER);

    /** What a demo staff login is for. */
    public static String purpose(String user) {
        return switch (user) {
            case ADMIN -> "users, devices, stores, audit";
            case OFFICER -> "safety officer: capacity, mode, recount";
            case PUBLISHER -> "menus: layers, publish, plans, rollback, poison";
            case APPROVER -> "approvals and plan sign-offs for " + APPROVER_JURISDICTIONS;
            default -> throw new IllegalArgumentException("no demo login " + user);
        };
    }

    private final Launcher launcher;
    private final Path dir;
    private final Ports ports;
    private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
    private final Map<String, URI> health = new LinkedHashMap<>();
    /** Each process's kind ({@code relay}, {@code appliance}, {@code display}, {@code gate}), by name. */
    private final Map<String, String> kinds = new LinkedHashMap<>();
    private final Map<String, WanLink> wans = new LinkedHashMap<>();
    private final GateWiring gates;
    private final SecureRandom random = new SecureRandom();
    private URI relayUrl;
    private URI relayHttpsUrl;
    private Path relayConf;

    private LocalChain(Path root, Path dir, Ports ports, GateWiring gates) {
        this.launcher = new Launcher(root, dir.resolve("logs"));
        this.dir = dir;
        this.ports = ports;
        this.gates = gates;
    }

    /** Starts every process of {@code plan}; does not wait for them to be ready (see {@link #health()}). */
    public static LocalChain start(Path root, Path dir, ChainPlan plan, Ports ports, GateWiring gates)
            throws IOException {
        LocalChain chain = new LocalChain(root, dir, ports, gates);
        try {
            chain.startAll(plan);
        } catch (IOException | RuntimeException e) {
            chain.close();
            throw e;
        }
        return chain;
    }

    private void startAll(ChainPlan plan) throws IOException {
        Files.createDirectories(dir.resolve("config"));
        int relayPort = ports.next(8470);
        int relayHttpsPort = ports.next(8443);
        relayUrl = URI.create("http://127.0.0.1:" + relayPort);
        relayHttpsUrl = URI.create("https://127.0.0.1:" + relayHttpsPort);
        relayConf = writeConfig("relay", plan, Map.of(
                "http.host", "127.0.0.1",
                "http.port", Integer.toString(relayPort),
                "https.port", Integer.toString(relayHttpsPort),
                "https.hostnames", "localhost,127.0.0.1",
                "data.dir", dir.resolve("relay").toString()));
        // Tokens before the relay starts. The first admin command creates (and migrates) the store and its device CA;
        // the others only add to it, each a JVM of its own that spends most of its second starting up, so they run side
        // by side (SQLite orders their writes).
        Map<String, String> tokens = new LinkedHashMap<>();
        List<ChainPlan.Site> sites = plan.sites();
        tokens.put(sites.getFirst().siteId(), enrollmentToken(sites.getFirst().siteId()));
        try (ExecutorService side = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<String>> issued = new LinkedHashMap<>();
            for (ChainPlan.Site site : sites.subList(1, sites.size())) {
                issued.put(site.siteId(), side.submit(() -> enrollmentToken(site.siteId())));
            }
            List<Future<?>> made = new ArrayList<>(List.of(
                    staff(side, ADMIN, List.of("create-admin")),
                    staff(side, OFFICER, List.of("create-user", "--role", "safety-officer")),
                    staff(side, PUBLISHER, List.of("create-user", "--role", "publisher")),
                    staff(side, APPROVER, List.of("create-user", "--role", "approver", "--jurisdiction",
                            APPROVER_JURISDICTIONS))));
            if (Files.notExists(dir.resolve("relay").resolve("manifest-keys").resolve("keyring.json"))) {
                // the demo keeps its root key beside the relay's keys; a real one lives offline
                made.add(side.submit(() -> admin("make-signing-keys", "--reason", "local chain: manifest signing keys")));
            }
            for (Map.Entry<String, Future<String>> token : issued.entrySet()) {
                tokens.put(token.getKey(), done(token.getValue()));
            }
            for (Future<?> task : made) {
                done(task);
            }
        }
        String rootKey = Files.readString(dir.resolve("relay").resolve("manifest-keys").resolve("root.pub"),
                StandardCharsets.US_ASCII).strip();
        launch("relay", "relay", relayConf, relayUrl);
        ChainProbe probe = new ChainProbe(this);
        if (plan.sites().stream().anyMatch(site -> site.mall().isPresent())) {
            awaitRelay(probe);
        }
        int preferred = 8471;
        for (ChainPlan.Site site : plan.sites()) {
            int httpPort = ports.next(preferred++);
            int brokerPort = ports.next(1883 + plan.sites().indexOf(site));
            StringBuilder accounts = new StringBuilder("# device-id role password-hash\n");
            Map<String, String> passwords = new LinkedHashMap<>();
            for (ChainPlan.Device device : site.devices()) {
                String password = password();
                passwords.put(device.deviceId(), password);
                accounts.append(device.deviceId()).append(" device ").append(PasswordHash.hash(password.toCharArray())).append('\n');
            }
            Path accountsFile = writePrivate(dir.resolve("config").resolve(site.siteId() + ".accounts"), accounts.toString());
            WanLink wan = WanLink.to(new InetSocketAddress("127.0.0.1", relayHttpsPort));
            wans.put(site.siteId(), wan);
            Map<String, String> appliance = new LinkedHashMap<>(Map.of(
                    "site.id", site.siteId(),
                    "http.host", "127.0.0.1",
                    "http.port", Integer.toString(httpPort),
                    "broker.host", "127.0.0.1",
                    "broker.port", Integer.toString(brokerPort),
                    "broker.accounts", accountsFile.toString(),
                    "relay.url", "https://127.0.0.1:" + wan.port(),
                    "relay.enrollment-token", tokens.get(site.siteId()),
                    "heartbeat.period", plan.heartbeatPeriod().toMillis() + "ms",
                    "data.dir", dir.resolve(site.siteId()).toString()));
            if (site.mall().isPresent()) {
                appliance.put("gates.mall-id", register(probe, site.siteId(), site.mall().get()));
            } else {
                // a store: its menus, verified against the root key the relay's keys were signed with
                appliance.put("menu.root-key", rootKey);
            }
            Path applianceConf = writeConfig(site.siteId(), plan, appliance);
            launch(site.siteId(), "appliance", applianceConf, URI.create("http://127.0.0.1:" + httpPort));
            for (ChainPlan.Device device : site.devices()) {
                int devicePort = ports.next(preferred++);
                Map<String, String> conf = new LinkedHashMap<>();
                conf.put("site.id", site.siteId());
                conf.put("device.id", device.deviceId());
                conf.put("broker.url", "tcp://127.0.0.1:" + brokerPort);
                conf.put("broker.password", passwords.get(device.deviceId()));
                conf.put("http.host", "127.0.0.1");
                conf.put("http.port", Integer.toString(devicePort));
                conf.put("heartbeat.period", plan.heartbeatPeriod().toMillis() + "ms");
                String name = site.siteId() + "-" + device.deviceId();
                conf.put("data.dir", dir.resolve(name).toString());
                conf.putAll(deviceKeys(site.siteId(), device));
                if (device.process().equals("display") && site.mall().isEmpty()) {
                    // a store's screens take part in its flips: verified against the same root key, blobs from the
                    // appliance; the kiosk shows the Spanish menu
                    conf.put("menu.root-key", rootKey);
                    conf.put("menu.appliance-url", "http://127.0.0.1:" + httpPort);
                    conf.put("menu.locale", device.role().equals("kiosk") ? "es-US" : "en-US");
                }
                launch(name, device.process(), writeConfig(name, plan, conf),
                        URI.create("http://127.0.0.1:" + devicePort));
            }
        }
    }

    private String enrollmentToken(String siteId) throws IOException {
        return admin("issue-enrollment-token", "--site", siteId, "--ttl", "1h", "--reason", "local chain: enroll " + siteId)
                .strip();
    }

    /** What {@code task} returned once it is done; what it threw, as it threw it. */
    private static <T> T done(Future<T> task) throws IOException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                default -> throw new IllegalStateException("chain: " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("chain: interrupted while preparing the relay's store", e);
        }
    }

    private void awaitRelay(ChainProbe probe) throws IOException {
        try {
            probe.awaitRunning(RELAY_START);
        } catch (TimeoutException e) {
            throw new IOException("chain: " + e.getMessage(), e);
        }
    }

    /** Puts the mall in the relay's ledger, as HQ does before a mall's site is brought up; one kept from an earlier run stays. */
    private String register(ChainProbe probe, String siteId, ChainPlan.Mall mall) throws IOException {
        int status = probe.postAsStaff(relayUrl.resolve("/v1/malls"), Map.of("id", mall.mallId(), "capacity",
                mall.capacity(), "sites", List.of(siteId)), "local chain: the mall of site " + siteId);
        if (status != 201 && status != 409) {
            throw new IOException("chain: cannot register mall " + mall.mallId() + ": " + probe.lastSeen());
        }
        return mall.mallId();
    }

    private Map<String, String> deviceKeys(String siteId, ChainPlan.Device device) throws IOException {
        return switch (device.process()) {
            case "display" -> Map.of("display.role", device.role());
            case "gate" -> gates.keys(siteId, device.deviceId());
            default -> throw new IllegalArgumentException("chain: device " + device.deviceId() + " has unknown process " + device.process());
        };
    }

    private void launch(String name, String process, Path config, URI base) throws IOException {
        processes.put(name, launcher.start(name, process, List.of("--config", config.toString())));
        kinds.put(name, process);
        health.put(name, base.resolve("/healthz"));
    }

    private Path writeConfig(String name, ChainPlan plan, Map<String, String> written) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(written);
        values.putAll(plan.keysOf(name));
        StringBuilder text = new StringBuilder("# written by the local chain; see the README's configuration reference\n");
        values.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        return writePrivate(dir.resolve("config").resolve(name + ".conf"), text.toString());
    }

    /** Writes {@code text} to {@code file}, readable by this user only, replacing it at once. */
    public static Path writePrivate(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String password() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Future<?> staff(ExecutorService side, String user, List<String> create) {
        return side.submit(() -> {
            createStaff(user, create);
            return null;
        });
    }

    /**
     * A staff account for the demo, with a fresh password in {@code config/<user>.password} (private): created on a new
     * store, its password reset on a store kept from an earlier run, so the login printed always works.
     */
    private void createStaff(String user, List<String> create) throws IOException {
        Path file = writePrivate(passwordFile(user), password() + "\n");
        List<String> password = List.of("--username", user, "--password-file", file.toString());
        try {
            admin(concat(create, concat(List.of("--reason", "local chain: demo " + user), password)));
        } catch (IllegalStateException created) {
            try {
                admin(concat(List.of("reset-password", "--reason", "local chain: new demo " + user + " password"),
                        password));
            } catch (IllegalStateException reset) {
                reset.addSuppressed(created);
                throw reset;
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The password of one of the demo's {@link #STAFF} logins (also in {@link #passwordFile}). */
    public String password(String user) throws IOException {
        return Files.readString(passwordFile(user), StandardCharsets.UTF_8).strip();
    }

    public Path passwordFile(String user) {
        return dir.resolve("config").resolve(user + ".password");
    }

    /** The relay's plain-HTTP address: console, health, fleet view. */
    public URI relayUrl() {
        return relayUrl;
    }

    /** The relay's HTTPS address: enrollment and the device endpoints (mutual TLS). */
    public URI relayHttpsUrl() {
        return relayHttpsUrl;
    }

    /** Runs one of the relay's admin commands against its store, as an operator would; returns what it printed. */
    public String admin(String... args) throws IOException {
        return admin(List.of(args));
    }

    private String admin(List<String> args) throws IOException {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--config", relayConf.toString()));
        return launcher.run("relay", RELAY_ADMIN, all, Duration.ofSeconds(60));
    }

    /** The WAN between {@code siteId}'s appliance and the relay, to cut and heal. */
    public WanLink wan(String siteId) {
        WanLink wan = wans.get(siteId);
        if (wan == null) {
            throw new IllegalArgumentException("chain: no site called '" + siteId + "' (have " + wans.keySet() + ")");
        }
        return wan;
    }

    /** Each process's {@code /healthz} URL, by name (relay, site id, or site-device). */
    public Map<String, URI> health() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(health));
    }

    public ManagedProcess process(String name) {
        ManagedProcess p = processes.get(name);
        if (p == null) {
            throw new IllegalArgumentException("chain: no process called '" + name + "' (have " + processes.keySet() + ")");
        }
        return p;
    }

    public List<ManagedProcess> processes() {
        return List.copyOf(processes.values());
    }

    /**
     * Stops devices first, then appliances, then the relay, each with SIGTERM and a grace period; the processes of one
     * tier stop side by side.
     */
    @Override
    public void close() {
        for (Set<String> tier : List.of(Set.of("display", "gate"), Set.of("appliance"), Set.of("relay"))) {
            try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
                processes.forEach((name, p) -> {
                    if (tier.contains(kinds.get(name))) {
                        stopping.submit(() -> p.stop(STOP_GRACE));
                    }
                });
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
        wans.values().forEach(WanLink::close);
    }
}
