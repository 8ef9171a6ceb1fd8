package dev.outpost.relay.admin;

import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.staff.Reasons;
import io.javalin.http.HttpStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create-admin", mixinStandardHelpOptions = true,
        description = "Creates the first admin. Refuses (exit 3) when an admin exists already.")
final class CreateAdminCommand extends AdminCommand {
    @Option(names = "--username", required = true, paramLabel = "NAME", description = "the admin's login name")
    String username;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (recorded in the audit log)")
    String reason;

    @Mixin
    PasswordOptions password;

    @Override
    int run(RelayStoreOptions.Opened relay) {
        PasswordOptions.Password p = password.read(username);
        relay.accounts().createFirstAdmin(actor(), Reasons.check(reason), username, p.value());
        out().println("created admin '" + username + "'");
        if (p.generated()) {
            out().println("password: " + new String(p.value()));
        }
        return 0;
    }

    @Override
    int problemExit(RuntimeException e) {
        return e instanceof HttpProblem problem && problem.status() == HttpStatus.CONFLICT
                && problem.getMessage().startsWith("create admin:") ? AdminMain.EXIT_ADMIN_EXISTS : AdminMain.EXIT_REFUSED;
    }
}
