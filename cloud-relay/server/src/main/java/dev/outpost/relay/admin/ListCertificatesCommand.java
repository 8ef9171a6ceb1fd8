package dev.outpost.relay.admin;

import dev.outpost.relay.pki.CertificateRecord;
import dev.outpost.relay.pki.DeviceIdentity;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list-certificates", mixinStandardHelpOptions = true,
        description = "Lists site certificates, newest first: serial, site, state (valid, revoked, expired), dates.")
final class ListCertificatesCommand extends AdminCommand {
    private static final String ROW = "%-34s %-22s %-13s %-26s %-26s %s%n";

    @Option(names = "--site", paramLabel = "SITE", description = "only this site's")
    String site;

    @Override
    int run(RelayStoreOptions.Opened relay) {
        List<CertificateRecord> all = DeviceIdentity.open(relay.store(), relay.audit(), relay.clock(), relay.config().pki())
                .list(Optional.ofNullable(site));
        Instant now = relay.clock().instant();
        PrintWriter out = out();
        out.printf(ROW, "SERIAL", "SITE", "STATE", "ISSUED", "NOT AFTER", "VIA");
        for (CertificateRecord c : all) {
            out.printf(ROW, c.serial(), c.siteId(), c.state(now), c.issuedAt(), c.notAfter(),
                    c.issuedVia() + c.revokeReason().map(r -> " (revoked: " + r + ")").orElse(""));
        }
        out.flush();
        return 0;
    }
}
