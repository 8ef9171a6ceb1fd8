package dev.outpost.relay.admin;

import dev.outpost.relay.audit.AuditVerification;
import picocli.CommandLine.Command;

@Command(name = "verify-audit", mixinStandardHelpOptions = true,
        description = "Walks the whole audit chain: exit 0 when intact, 1 naming the first broken record.")
final class VerifyAuditCommand extends AdminCommand {
    @Override
    int run(RelayStoreOptions.Opened relay) {
        AuditVerification result = relay.audit().verify();
        if (result.ok()) {
            out().println("audit chain intact: " + result.checked() + " records checked");
            return 0;
        }
        err().println("outpost admin verify-audit: audit chain broken: " + result.problem().orElse("(no detail)")
                + " (" + result.checked() + " records checked)");
        return AdminMain.EXIT_REFUSED;
    }
}
