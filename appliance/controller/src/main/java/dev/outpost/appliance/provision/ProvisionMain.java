package dev.outpost.appliance.provision;

import java.time.InstantSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code outpost-provision}: what an installer runs on a new device. Installed by the appliance's package. */
@Command(name = "outpost-provision", mixinStandardHelpOptions = true,
        description = "Provisions this device for its site: outpost-provision enroll --relay URL --token T --site S --role appliance")
public final class ProvisionMain implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(InstantSource.system()).execute(args));
    }

    /** The command, its {@code enroll} reading time from {@code clock}. */
    public static CommandLine commandLine(InstantSource clock) {
        return new CommandLine(new ProvisionMain()).addSubcommand(new EnrollCommand(clock));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "outpost-provision: say what to do: enroll");
    }
}
