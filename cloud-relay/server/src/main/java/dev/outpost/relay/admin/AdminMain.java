package dev.outpost.relay.admin;

import dev.outpost.api.logging.LogFormat;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.api.logging.Logging;
import java.io.PrintWriter;
import org.tinylog.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./outpost admin ...}: administration straight on the relay's store (the same {@code --config} or
 * {@code --data} as the relay; it may be running). Every change is audited as {@code cli:<os user>} with the
 * {@code --reason} given. Exit codes: 0 done, 1 refused or failed (why on standard error), 2 bad usage or config,
 * 3 create-admin found an admin already.
 *
 * <p>To add a command, write a class like {@link VerifyAuditCommand} and add it to {@code subcommands} below.
 */
@Command(name = "outpost admin", mixinStandardHelpOptions = true,
        description = "Administers the relay's store directly: staff accounts, the audit chain, site certificates.",
        subcommands = {
                CreateAdminCommand.class,
                CreateUserCommand.class,
                ResetPasswordCommand.class,
                VerifyAuditCommand.class,
                IssueEnrollmentTokenCommand.class,
                MakeSigningKeysCommand.class,
                RevokeCertificateCommand.class,
                ListCertificatesCommand.class,
        })
public final class AdminMain implements Runnable {
    public static final int EXIT_REFUSED = 1;
    public static final int EXIT_ADMIN_EXISTS = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // the store logs its migrations; keep standard output for what the command prints (a generated password)
        Logging.configure(new LogSettings(LogFormat.TEXT, LogSettings.LogLevel.WARN), "admin", null, null);
        Configuration.set("writer.stream", "err");
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code. */
    public static int execute(String... args) {
        return new CommandLine(new AdminMain()).execute(args);
    }

    /** The same, writing to {@code out} and {@code err} instead of the standard streams (tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new AdminMain()).setOut(out).setErr(err).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: " + String.join(", ",
                spec.subcommands().keySet()));
    }
}
