package dev.outpost.relay.admin;

import dev.outpost.relay.staff.Reasons;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reset-password", mixinStandardHelpOptions = true,
        description = "Sets a user's password, ends their sessions and lifts a lockout.")
final class ResetPasswordCommand extends AdminCommand {
    @Option(names = "--username", required = true, paramLabel = "NAME", description = "the login name")
    String username;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (recorded in the audit log)")
    String reason;

    @Mixin
    PasswordOptions password;

    @Override
    int run(RelayStoreOptions.Opened relay) {
        String why = Reasons.check(reason);
        PasswordOptions.Password p = password.read(username);
        relay.accounts().resetPassword(actor(), why, username, p.value());
        out().println("reset the password of '" + username + "'");
        if (p.generated()) {
            out().println("password: " + new String(p.value()));
        }
        return 0;
    }
}
