package dev.outpost.relay.admin;

import dev.outpost.api.config.ConfigException;
import dev.outpost.relay.http.HttpProblem;
import dev.outpost.relay.store.StoreException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** What every admin command shares: which relay, who acts, and how failures become exit codes and messages. */
abstract class AdminCommand implements Callable<Integer> {
    @Mixin
    RelayStoreOptions relay;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The audit actor of the command line: {@code cli:<os user>}. */
    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() {
        String name = "outpost admin " + spec.name() + ": ";
        try (RelayStoreOptions.Opened opened = relay.open()) {
            return run(opened);
        } catch (ConfigException | IllegalArgumentException e) {
            err().println(name + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        } catch (HttpProblem | StoreException e) {
            err().println(name + e.getMessage());
            return problemExit(e);
        }
    }

    /** The exit code for a refusal; create-admin tells "an admin exists" apart. */
    int problemExit(RuntimeException e) {
        return AdminMain.EXIT_REFUSED;
    }

    abstract int run(RelayStoreOptions.Opened relay);
}
