package dev.outpost.relay.admin;

import dev.outpost.relay.pki.CertificateRecord;
import dev.outpost.relay.pki.DeviceIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "revoke-certificate", mixinStandardHelpOptions = true,
        description = "Revokes a site certificate: every relay on this store refuses it from its next request on.")
final class RevokeCertificateCommand extends AdminCommand {
    @Option(names = "--serial", required = true, paramLabel = "HEX", description = "the certificate's serial (see list-certificates)")
    String serial;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, for the audit log")
    String reason;

    @Override
    int run(RelayStoreOptions.Opened relay) {
        CertificateRecord revoked = DeviceIdentity.open(relay.store(), relay.audit(), relay.clock(), relay.config().pki())
                .revoke(serial, actor(), reason);
        out().println("site " + revoked.siteId() + ": certificate " + revoked.serial() + " revoked at "
                + revoked.revokedAt().orElseThrow());
        return 0;
    }
}
