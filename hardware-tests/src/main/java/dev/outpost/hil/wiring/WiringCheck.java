package dev.outpost.hil.wiring;

import dev.outpost.hal.gpio.DigitalInput;
import dev.outpost.hal.gpio.DigitalInputConfig;
import dev.outpost.hal.gpio.DigitalOutput;
import dev.outpost.hal.gpio.DigitalOutputConfig;
import dev.outpost.hal.gpio.Gpio;
import dev.outpost.hal.gpio.Pull;
import dev.outpost.hal.gpio.State;
import dev.outpost.hil.Verdict;
import dev.outpost.hil.Waits;
import dev.outpost.hil.bench.WiredPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each wired output is driven HIGH, then LOW, and its paired input must read it back within the deadline; inputs of
 * the other pairs that follow instead (or as well) are named, so a swapped or shorted pair of wires says which.
 */
public final class WiringCheck {

    private WiringCheck() {
    }

    /** Passes when every pair read back both levels; otherwise says what went wrong, pair by pair. */
    public static Verdict run(Gpio gpio, List<WiredPair> pairs, Duration deadline) {
        Map<Integer, DigitalInput> inputs = new LinkedHashMap<>();
        List<DigitalOutput> outputs = new ArrayList<>();
        try {
            for (WiredPair pair : pairs) {
                inputs.put(pair.input(), gpio.input(new DigitalInputConfig("wired-input-" + pair.input(), pair.input(),
                        Pull.OFF, Duration.ZERO)));
            }
            List<String> problems = new ArrayList<>();
            Duration slowest = Duration.ZERO;
            for (WiredPair pair : pairs) {
                DigitalOutput output = gpio.output(new DigitalOutputConfig("wired-output-" + pair.output(),
                        pair.output(), State.LOW, State.LOW));
                outputs.add(output);
                for (State level : List.of(State.HIGH, State.LOW)) {
                    Map<Integer, State> before = levels(inputs);
                    output.set(level);
                    DigitalInput paired = inputs.get(pair.input());
                    Optional<Duration> took = Waits.until(deadline, () -> paired.state() == level);
                    List<Integer> followers = followers(inputs, before, pair.input(), level);
                    if (took.isEmpty()) {
                        problems.add("output " + pair.output() + " set " + level + ": input " + pair.input()
                                + " still " + paired.state() + " after " + Waits.format(deadline)
                                + (followers.isEmpty() ? " (no wired input followed: open wire?)"
                                : "; input" + (followers.size() > 1 ? "s " : " ") + join(followers)
                                + " followed instead (miswired)"));
                        output.set(State.LOW);
                        break;
                    }
                    if (!followers.isEmpty()) {
                        problems.add("output " + pair.output() + " set " + level + ": input " + join(followers)
                                + " followed as well as input " + pair.input() + " (shorted or miswired)");
                    }
                    slowest = took.get().compareTo(slowest) > 0 ? took.get() : slowest;
                }
            }
            if (!problems.isEmpty()) {
                return Verdict.fail(String.join("; ", problems));
            }
            return Verdict.pass(pairs.size() + " wired pair" + (pairs.size() == 1 ? "" : "s") + " (output>input "
                    + String.join(", ", pairs.stream().map(WiredPair::toString).toList())
                    + ") toggled HIGH and LOW and read back; slowest read-back " + Waits.format(slowest));
        } finally {
            outputs.forEach(DigitalOutput::close);
            inputs.values().forEach(DigitalInput::close);
        }
    }

    private static Map<Integer, State> levels(Map<Integer, DigitalInput> inputs) {
        Map<Integer, State> levels = new LinkedHashMap<>();
        inputs.forEach((line, input) -> levels.put(line, input.state()));
        return levels;
    }

    private static List<Integer> followers(Map<Integer, DigitalInput> inputs, Map<Integer, State> before, int paired,
                                           State level) {
        List<Integer> followed = new ArrayList<>();
        inputs.forEach((line, input) -> {
            if (line != paired && before.get(line) != level && input.state() == level) {
                followed.add(line);
            }
        });
        return followed;
    }

    private static String join(List<Integer> lines) {
        return String.join(", ", lines.stream().map(String::valueOf).toList());
    }
}
