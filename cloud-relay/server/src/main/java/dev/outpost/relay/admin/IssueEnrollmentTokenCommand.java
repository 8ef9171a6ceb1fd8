package dev.outpost.relay.admin;

import dev.outpost.relay.pki.DeviceIdentity;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "issue-enrollment-token", mixinStandardHelpOptions = true,
        description = "Issues a one-time enrollment token for a site and prints it (only it) on standard output; "
                + "on the device, outpost-provision enroll takes it (or the appliance's config, as relay.enrollment-token).")
final class IssueEnrollmentTokenCommand extends AdminCommand {
    @Option(names = "--site", required = true, paramLabel = "SITE", description = "the site id, e.g. store-0042")
    String site;

    @Option(names = "--ttl", defaultValue = "24h", paramLabel = "DURATION",
            description = "how long the token is valid: 30m, 24h, 7d (at most 30d; default ${DEFAULT-VALUE})")
    String ttl;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, for the audit log")
    String reason;

    @Override
    int run(RelayStoreOptions.Opened relay) {
        Duration validFor = DeviceIdentity.ttl(ttl);
        String token = DeviceIdentity.open(relay.store(), relay.audit(), relay.clock(), relay.config().pki())
                .issueToken(site, validFor, actor(), reason);
        out().println(token);
        err().println("site " + site + ": enrollment token issued: single use, valid for " + ttl
                + "; on the site's appliance run: outpost-provision enroll --relay URL --token TOKEN --site " + site
                + " --role appliance (or set it as relay.enrollment-token in the appliance's config)");
        return 0;
    }
}
