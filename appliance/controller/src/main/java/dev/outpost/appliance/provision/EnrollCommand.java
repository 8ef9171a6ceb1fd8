package dev.outpost.appliance.provision;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.client.RelayException;
import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.enroll.EnrollmentToken;
import dev.outpost.api.enroll.SiteCertificate;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.appliance.enroll.DurableFiles;
import dev.outpost.appliance.enroll.SiteIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code outpost-provision enroll}: the appliance's key pair made here (the private key never leaves the device), its
 * certificate from the relay for a one-time token, stored where the appliance reads them ({@code data.dir/identity},
 * through {@link SiteIdentity}, the code the appliance itself enrolls with), then its config and its service.
 *
 * <p>Order matters: the arguments and the config to be written are checked first (the appliance's own config reader
 * judges it), the token is spent only after that, and the config is written only after the identity is stored. So a
 * refusal writes nothing, and a run that fails after enrolling is finished by running it again: it finds the
 * certificate and does not need the token.
 */
@Command(name = "enroll", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Enrolls this device with the relay and writes its config.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:provisioned, or already provisioned (nothing changed)",
                "1:not provisioned: the relay refused, the relay is out of reach, the clock is wrong, or a file could not be written",
                "2:bad arguments, or a config the appliance would refuse",
                "3:this device is already provisioned for another site or relay"})
final class EnrollCommand implements Callable<Integer> {
    static final String UNIT = "outpost-appliance";
    private static final Pattern SITE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern CERTIFIED_SITE = Pattern.compile("CN=site:([a-z0-9-]+)");
    private static final Path SYSTEMD = Path.of("/run/systemd/system");

    enum Role { appliance, display, gate, relay }

    @Spec
    CommandSpec spec;

    @Option(names = "--relay", required = true, paramLabel = "URL",
            description = "the relay's https:// URL (its https.port), e.g. https://relay.example.com:8473")
    URI relay;

    @Option(names = "--token", required = true, paramLabel = "TOKEN",
            description = "the one-time token from: outpost-relay-admin issue-enrollment-token --site SITE --reason ...")
    String token;

    @Option(names = "--site", required = true, paramLabel = "SITE", description = "this site's id, e.g. store-0042")
    String site;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
            description = "appliance (display agents and gate controllers do not enroll with the relay)")
    Role role;

    @Option(names = "--root-key", paramLabel = "KEY", description = "the root public key manifests are verified "
            + "against (base64url, printed by make-signing-keys); written as menu.root-key; without it menu sync stays off")
    String rootKey;

    @Option(names = "--config-dir", defaultValue = "/etc/outpost", paramLabel = "DIR",
            description = "where appliance.conf is (default ${DEFAULT-VALUE})")
    Path configDir;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "the appliance's data.dir (default: as the config says, else /var/lib/outpost/appliance)")
    Path dataDir;

    @Option(names = "--no-enable", description = "do not enable and start " + UNIT + ".service")
    boolean noEnable;

    private final InstantSource clock;
    private boolean enrolled;

    EnrollCommand(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EnrollmentToken enrollment = checkArguments();
        ConfigEdit config;
        ApplianceConfig checked;
        String edited;
        try {
            config = ConfigEdit.read(configDir.resolve("appliance.conf"));
            Map<String, String> wanted = wanted(config);
            List<String> conflicts = config.conflicts(wanted);
            if (!conflicts.isEmpty()) {
                err.println("outpost-provision: site " + site + ": this device is provisioned otherwise: "
                        + String.join("; ", conflicts) + ". Nothing was changed. To provision it anew, stop " + UNIT
                        + ", move its data.dir and those lines away, then run this again.");
                return 3;
            }
            edited = config.with(wanted);
            checked = ApplianceConfig.from(ConfigFile.parse(config.file().toString(), edited));
        } catch (ConfigException e) {
            err.println("outpost-provision: " + e.getMessage() + "\nNothing was changed.");
            return 2;
        } catch (IOException e) {
            err.println("outpost-provision: cannot read " + configDir.resolve("appliance.conf") + ": " + e.getMessage());
            return 1;
        }

        RelayClient.Options options = RelayClient.Options.of(checked.relayUrl())
                .withConnectTimeout(checked.relayTimeout()).withRequestTimeout(checked.relayTimeout());
        SiteIdentity identity = new SiteIdentity(site, options, Optional.of(enrollment), checked.dataDir(), clock);
        try (identity) {
            Optional<Integer> refused = identity(identity, enrollment, checked.dataDir(), out, err);
            if (refused.isPresent()) {
                return refused.get();
            }
        } catch (RelayException | IllegalStateException e) {
            err.println("outpost-provision: " + e.getMessage() + (Files.exists(identity.pendingKeyFile())
                    ? "\nNothing was changed but the key kept for the next try, " + identity.pendingKeyFile() + "."
                    : "\nNothing was changed."));
            return 1;
        } catch (UncheckedIOException e) {
            err.println("outpost-provision: " + e.getMessage() + (enrolled ? "\nThe certificate is stored: fix that and run"
                    + " this again (the token is not needed)." : ""));
            return 1;
        }

        boolean configChanged = config.changedBy(edited);
        if (configChanged) {
            List<String> added = wanted(config).keySet().stream().filter(key -> config.value(key).isEmpty()).toList();
            try {
                config.write(edited);
            } catch (IOException e) {
                err.println("outpost-provision: site " + site + ": enrolled, but cannot write " + config.file() + ": "
                        + e.getMessage() + "; fix that and run this again (the certificate is kept, the token is not needed)");
                return 1;
            }
            out.println("config: " + config.file() + " written, setting " + String.join(", ", added));
        } else {
            out.println("config: " + config.file() + " already says so");
        }
        int status = enable(config.file(), out, err);
        if (status == 0) {
            out.println(enrolled || configChanged ? "site " + site + ": provisioned"
                    : "site " + site + ": already provisioned; nothing changed");
        }
        return status;
    }

    /** Checks what the config reader cannot: the role, the token's form, the site id; a ParameterException exits 2. */
    private EnrollmentToken checkArguments() {
        if (role != Role.appliance) {
            throw new ParameterException(spec.commandLine(), "--role " + role + ": " + (role == Role.relay
                    ? "the relay is not enrolled: it is the CA devices enroll with"
                    : "display agents and gate controllers do not enroll with the relay: they reach their site's appliance"
                    + " over MQTT with a broker account. Install outpost-" + role + " and set site.id, device.id, broker.url"
                    + " and broker.password in /etc/outpost/" + role + ".conf (the account is a line of the appliance's"
                    + " /etc/outpost/devices.accounts)"));
        }
        if (!SITE_ID.matcher(site).matches()) {
            throw new ParameterException(spec.commandLine(), "--site must be lower-case letters, digits and dashes (at most"
                    + " 63, e.g. store-0042), was '" + site + "'");
        }
        if (!"https".equals(relay.getScheme()) || relay.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--relay must be the relay's https:// URL (its https.port),"
                    + " e.g. https://relay.example.com:8473, was " + relay);
        }
        try {
            return EnrollmentToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--token: " + e.getMessage());
        }
    }

    /** The keys this command sets: the site, its relay, the root key and the data dir when given. */
    private Map<String, String> wanted(ConfigEdit config) {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("site.id", site);
        wanted.put("relay.url", relay.toString());
        if (rootKey != null) {
            wanted.put("menu.root-key", rootKey.strip());
        }
        if (dataDir != null) {
            wanted.put("data.dir", dataDir.toAbsolutePath().toString());
        }
        return wanted;
    }

    /**
     * Keeps a valid certificate of this site and relay, enrolls when there is none (or it expired); empty when the
     * identity is in place, else the exit status of the refusal.
     */
    private Optional<Integer> identity(SiteIdentity identity, EnrollmentToken enrollment, Path data, PrintWriter out,
                                       PrintWriter err) {
        Optional<X509Certificate> held = identity.certificate();
        Instant now = clock.instant();
        if (held.isPresent()) {
            X509Certificate certificate = held.get();
            String serial = identity.serial().orElseThrow();
            Matcher named = CERTIFIED_SITE.matcher(certificate.getSubjectX500Principal().getName());
            String heldSite = named.find() ? named.group(1) : "?";
            String pinned = identity.pinnedCaFingerprint().orElseThrow();
            String problem = !heldSite.equals(site) ? "it is site " + heldSite + "'s appliance"
                    : !pinned.equals(enrollment.caFingerprint()) ? "it trusts the relay CA sha256 " + pinned
                    + ", and the token comes from another relay (CA sha256 " + enrollment.caFingerprint() + ")" : null;
            if (problem != null) {
                err.println("outpost-provision: site " + site + ": " + identity.certificateFile() + " holds certificate "
                        + serial + " for site " + heldSite + ", valid until " + certificate.getNotAfter().toInstant() + ": "
                        + problem + ". Nothing was changed. To provision it anew, stop " + UNIT + ", move "
                        + identity.certificateFile().getParent() + " away, then run this again with a new token.");
                return Optional.of(3);
            }
            if (now.isBefore(certificate.getNotBefore().toInstant())) {
                err.println("outpost-provision: site " + site + ": certificate " + serial + " is not valid until "
                        + certificate.getNotBefore().toInstant() + " but this device's clock says " + now
                        + "; check the clock (NTP). Nothing was changed.");
                return Optional.of(1);
            }
            if (!now.isAfter(certificate.getNotAfter().toInstant())) {
                out.println("identity: certificate " + serial + " of site " + site + " is already here, valid until "
                        + certificate.getNotAfter().toInstant() + "; the token was not used");
                return Optional.empty();
            }
            out.println("identity: certificate " + serial + " expired at " + certificate.getNotAfter().toInstant()
                    + " (this device's clock says " + now + "); enrolling again");
        }
        SiteCertificate issued = identity.enroll();
        enrolled = true;
        ownLikeDataDir(identity.certificateFile().getParent(), data);
        out.println("identity: enrolled with " + relay + ": certificate " + issued.serial() + " valid until "
                + issued.notAfter() + "; key, certificate and relay CA in " + identity.certificateFile().getParent()
                + " (the private key never left this device)");
        return Optional.empty();
    }

    /** Run as root, the files go to the data dir's owner (the service's user), who must read them. */
    private static void ownLikeDataDir(Path identityDir, Path data) {
        try (Stream<Path> files = Files.list(identityDir)) {
            PosixFileAttributes owner = Files.readAttributes(data, PosixFileAttributes.class);
            DurableFiles.own(identityDir, owner);
            for (Path file : files.toList()) {
                DurableFiles.own(file, owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + identityDir + " to the owner of " + data + ": " + e.getMessage(), e);
        }
    }

    /** {@code systemctl enable --now outpost-appliance}, unless told not to or there is no systemd to ask. */
    private int enable(Path config, PrintWriter out, PrintWriter err) {
        if (noEnable) {
            out.println("service: not enabled (--no-enable); start it with: systemctl enable --now " + UNIT);
            return 0;
        }
        if (!Files.isDirectory(SYSTEMD)) {
            out.println("service: systemd is not running here, so " + UNIT + " was not enabled; run it with: " + UNIT
                    + " --config " + config);
            return 0;
        }
        try {
            Process systemctl = new ProcessBuilder("systemctl", "enable", "--now", UNIT).redirectErrorStream(true).start();
            systemctl.getOutputStream().close();
            String said = new String(systemctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!systemctl.waitFor(2, TimeUnit.MINUTES)) {
                systemctl.destroyForcibly();
                err.println("outpost-provision: systemctl enable --now " + UNIT + " did not finish within 2 minutes;"
                        + " see: systemctl status " + UNIT);
                return 1;
            }
            if (systemctl.exitValue() != 0) {
                err.println("outpost-provision: systemctl enable --now " + UNIT + " failed (exit " + systemctl.exitValue()
                        + "): " + said + "; see: journalctl -u " + UNIT + ". The identity and config are in place.");
                return 1;
            }
            out.println("service: " + UNIT + " enabled and started");
            return 0;
        } catch (IOException e) {
            err.println("outpost-provision: cannot run systemctl: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
