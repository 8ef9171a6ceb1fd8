package dev.outpost.hil.modbus;

import dev.outpost.hal.modbus.FrameTiming;
import dev.outpost.hal.modbus.ModbusException;
import dev.outpost.hal.modbus.ModbusMaster;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialLink;
import dev.outpost.hal.time.Ticker;
import dev.outpost.hal.turnstile.PassageCounters;
import dev.outpost.hil.Verdict;
import dev.outpost.hil.Waits;
import dev.outpost.hil.bench.Passages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The turnstile I/O module's register map (ARCHITECTURE.md §8), function by function, on a module at rest: coils 0–2
 * (FC01) off, discrete inputs 0–5 (FC02) with the fire loop closed, ready, no tamper and no manual release, the four
 * counter registers (FC04); the FULL lamp (coil 2, FC05) switches and reads back; an unlock pulse on coil 0 (1) and one
 * person through the entry (exit) steps the entry (exit) count by exactly one and the module clears the coil.
 * The replies' function codes, byte counts and CRCs are checked by the Modbus master itself; a wrong one fails here
 * with its message.
 */
public final class RegisterMapCheck {
    static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(200);
    private static final String[] INPUTS = {"entry passage", "exit passage", "fire loop", "ready", "tamper",
            "manual release"};
    private static final boolean[] AT_REST = {false, false, false, true, false, false};

    private final ModbusMaster master;
    private final int unit;
    private final Passages passages;
    private final Duration actionDeadline;
    private final List<String> done = new ArrayList<>();

    private RegisterMapCheck(ModbusMaster master, int unit, Passages passages, Duration actionDeadline) {
        this.master = master;
        this.unit = unit;
        this.passages = passages;
        this.actionDeadline = actionDeadline;
    }

    /** Runs on {@code link} (closed at the end) to the module at {@code unit}. */
    public static Verdict run(SerialLink link, SerialConfig serial, int unit, Passages passages, Duration actionDeadline) {
        try (ModbusMaster master = new ModbusMaster(link, new FrameTiming(serial.baud()), RESPONSE_TIMEOUT,
                Ticker.system())) {
            return new RegisterMapCheck(master, unit, passages, actionDeadline).run();
        }
    }

    private Verdict run() {
        try {
            Optional<String> problem = atRest()
                    .or(this::fullLamp)
                    .or(() -> pulse(0, "entry", passages::entry))
                    .or(() -> pulse(1, "exit", passages::exit));
            String where = "unit " + unit + " on " + master.port() + ": ";
            return problem.map(p -> Verdict.fail(where + p + (done.isEmpty() ? "" : " (passed before: "
                            + String.join(", ", done) + ")")))
                    .orElseGet(() -> Verdict.pass(where + String.join(", ", done)));
        } catch (ModbusException e) {
            return Verdict.fail(e.getMessage() + (done.isEmpty() ? "" : " (passed before: " + String.join(", ", done)
                    + ")"));
        }
    }

    private Optional<String> atRest() {
        List<Boolean> coils = master.readCoils(unit, 0, 3);
        for (int i = 0; i < 2; i++) {
            if (coils.get(i)) {
                return Optional.of("coil " + i + " (unlock " + (i == 0 ? "entry" : "exit") + ") read 1 at rest, "
                        + "expected 0 (locked)");
            }
        }
        done.add("FC01 coils 0-2");
        List<Boolean> inputs = master.readDiscreteInputs(unit, 0, INPUTS.length);
        for (int i = 2; i < INPUTS.length; i++) {
            if (inputs.get(i) != AT_REST[i]) {
                return Optional.of("discrete input " + i + " (" + INPUTS[i] + ") read " + bit(inputs.get(i))
                        + ", expected " + bit(AT_REST[i]) + " at rest" + (i == 2 ? " (the fire loop is open)" : ""));
            }
        }
        done.add("FC02 discrete inputs 0-5 at rest");
        PassageCounters counters = counters();
        done.add("FC04 input registers 0-3 (entries " + counters.entries() + ", exits " + counters.exits() + ")");
        return Optional.empty();
    }

    private Optional<String> fullLamp() {
        for (boolean on : List.of(true, false)) {
            master.writeCoil(unit, 2, on);
            boolean read = master.readCoils(unit, 2, 1).getFirst();
            if (read != on) {
                return Optional.of("coil 2 (FULL lamp) written " + bit(on) + " but read back " + bit(read));
            }
        }
        done.add("FC05 coil 2 (FULL lamp) on and off");
        return Optional.empty();
    }

    private Optional<String> pulse(int coil, String side, Runnable passage) {
        PassageCounters before = counters();
        master.writeCoil(unit, coil, true);
        if (!master.readCoils(unit, coil, 1).getFirst()) {
            return Optional.of("coil " + coil + " (unlock " + side + ") written 1 but read back 0");
        }
        passage.run();
        AtomicReference<PassageCounters> after = new AtomicReference<>(before);
        boolean stepped = Waits.until(actionDeadline, () -> !after.updateAndGet(c -> counters()).equals(before))
                .isPresent();
        long entries = after.get().entriesSince(before);
        long exits = after.get().exitsSince(before);
        long wanted = coil == 0 ? entries : exits;
        long other = coil == 0 ? exits : entries;
        String registers = coil == 0 ? "input registers 0-1" : "input registers 2-3";
        if (!stepped || wanted != 1 || other != 0) {
            return Optional.of("after coil " + coil + " (unlock " + side + ") and one person through the " + side
                    + ", the " + side + " count (" + registers + ") stepped by " + wanted + " and the other by " + other
                    + " within " + Waits.format(actionDeadline) + ", expected 1 and 0");
        }
        if (!Waits.until(actionDeadline, () -> !master.readCoils(unit, coil, 1).getFirst()).isPresent()) {
            master.writeCoil(unit, coil, false);
            return Optional.of("coil " + coil + " (unlock " + side + ") still 1 after the passage, expected the module"
                    + " to clear it");
        }
        done.add("coil " + coil + " pulse counted as one " + side + " passage");
        return Optional.empty();
    }

    private PassageCounters counters() {
        List<Integer> r = master.readInputRegisters(unit, 0, 4);
        return new PassageCounters(((long) r.get(0) << 16) | r.get(1), ((long) r.get(2) << 16) | r.get(3));
    }

    private static int bit(boolean value) {
        return value ? 1 : 0;
    }
}
