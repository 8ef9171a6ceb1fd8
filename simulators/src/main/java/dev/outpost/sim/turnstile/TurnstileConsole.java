package dev.outpost.sim.turnstile;

import dev.outpost.hal.turnstile.PassageCounters;
import java.util.Locale;

/** The stdin commands of {@code simulators turnstile}: one line in, one line of answer out. */
final class TurnstileConsole {

    static final String HELP = "commands: enter, exit, tailgate, fire on|off, status, quit";

    private final TurnstileModule module;

    TurnstileConsole(TurnstileModule module) {
        this.module = module;
    }

    String execute(String line) {
        String command = line.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return switch (command) {
            case "enter" -> module.enterOne() ? "entered; " + counts() : "entry locked: nobody passed (" + counts() + ")";
            case "exit" -> {
                module.exitOne();
                yield "exited; " + counts();
            }
            case "tailgate" -> {
                module.tailgate();
                yield "tailgated: " + module.uncountedEntries() + " uncounted so far";
            }
            case "fire on", "fire off" -> {
                module.fireLoop(command.endsWith("on"));
                yield "fire loop " + (command.endsWith("on") ? "open: fire alarm" : "closed");
            }
            case "status" -> status();
            case "", "help" -> HELP;
            default -> "unknown command \"" + line.trim() + "\"; " + HELP;
        };
    }

    private String counts() {
        PassageCounters counters = module.counters();
        return "entries " + counters.entries() + ", exits " + counters.exits();
    }

    private String status() {
        return counts() + ", uncounted " + module.uncountedEntries() + "; entry " + (module.entryUnlocked() ? "unlocked"
                : "locked") + ", exit " + (module.exitHeldOpen() ? "held open" : "free") + ", FULL lamp "
                + (module.fullLampOn() ? "on" : "off") + "; requests " + module.requestsSeen() + ", replies "
                + module.repliesSent();
    }
}
