package dev.outpost.relay.admin;

import dev.outpost.relay.staff.Accounts;
import dev.outpost.relay.staff.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create-user", mixinStandardHelpOptions = true, description = "Creates a staff account.")
final class CreateUserCommand extends AdminCommand {
    @Option(names = "--username", required = true, paramLabel = "NAME", description = "the login name")
    String username;

    @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
            description = "viewer, publisher, approver, safety-officer or admin; repeat or separate with commas")
    List<String> roles = new ArrayList<>();

    @Option(names = "--jurisdiction", split = ",", paramLabel = "CC",
            description = "for approvers: the ISO country codes they sign off for, e.g. FR,JP")
    List<String> jurisdictions = new ArrayList<>();

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (recorded in the audit log)")
    String reason;

    @Mixin
    PasswordOptions password;

    @Override
    int run(RelayStoreOptions.Opened relay) {
        String why = Reasons.check(reason);
        PasswordOptions.Password p = password.read(username);
        relay.accounts().create(actor(), why, username, p.value(), Accounts.roles(roles), new TreeSet<>(jurisdictions));
        out().println("created user '" + username + "' with roles " + String.join(", ", roles));
        if (p.generated()) {
            out().println("password: " + new String(p.value()));
        }
        return 0;
    }
}
