package dev.outpost.hal.turnstile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.gpio.DigitalInputConfig;
import dev.outpost.hal.gpio.GpioException;
import dev.outpost.hal.gpio.SimGpio;
import dev.outpost.hal.gpio.State;
import dev.outpost.hal.time.ManualTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GpioTurnstileTest {

    private static final int ENTRY_UNLOCK = 1;
    private static final int EXIT_UNLOCK = 2;
    private static final int FULL_LAMP = 3;
    private static final int ENTRY_PASSAGE = 10;
    private static final int EXIT_PASSAGE = 11;
    private static final int FIRE_LOOP = 12;
    private static final int READY = 13;
    private static final int TAMPER = 14;
    private static final int MANUAL_RELEASE = 15;
    private static final Duration SETTLED = Duration.ofMillis(20);

    private final ManualTime time = ManualTime.create();
    private final SimGpio gpio = SimGpio.on(time);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final TurnstileListener recorder = new TurnstileListener() {
        @Override
        public void entryPassed(int count) {
            events.add("entry " + count);
        }

        @Override
        public void exitPassed(int count) {
            events.add("exit " + count);
        }

        @Override
        public void statusChanged(TurnstileStatus status) {
            events.add(status.toString());
        }
    };
    private GpioTurnstile turnstile = GpioTurnstile.open(gpio, GpioTurnstileConfig.of(ENTRY_UNLOCK, EXIT_UNLOCK,
            FULL_LAMP, ENTRY_PASSAGE, EXIT_PASSAGE, FIRE_LOOP).withReady(READY).withTamper(TAMPER)
            .withManualRelease(MANUAL_RELEASE));

    @AfterEach
    void close() {
        turnstile.close();
        gpio.close();
    }

    private void drive(int line, State level) {
        gpio.drive(line, level);
        time.advance(SETTLED);
    }

    private State output(int line) {
        return gpio.outputLevel(line).orElseThrow();
    }

    /** The fire loop closed and the turnstile ready, as after a normal power-up. */
    private void healthy() {
        drive(FIRE_LOOP, State.HIGH);
        drive(READY, State.HIGH);
        events.clear();
    }

    @Test
    void eachRisingEdgeOfAPassageInputIsOnePassage() {
        turnstile.listen(recorder);
        healthy();
        drive(ENTRY_PASSAGE, State.HIGH);
        drive(ENTRY_PASSAGE, State.LOW);
        drive(ENTRY_PASSAGE, State.HIGH);
        drive(EXIT_PASSAGE, State.HIGH);
        drive(EXIT_PASSAGE, State.LOW);
        assertEquals(List.of("entry 1", "entry 1", "exit 1"), events);
    }

    @Test
    void aBouncingPassageSensorCountsOnce() {
        turnstile.listen(recorder);
        healthy();
        gpio.drive(ENTRY_PASSAGE, State.HIGH);
        gpio.drive(ENTRY_PASSAGE, State.LOW);
        gpio.drive(ENTRY_PASSAGE, State.HIGH);
        time.advance(SETTLED);
        assertEquals(List.of("entry 1"), events);
    }

    @Test
    void exitEdgesWithinTheDedupWindowAreOneExitWhileEveryEntryEdgeCounts() {
        turnstile.listen(recorder);
        healthy();
        for (int line : new int[] {EXIT_PASSAGE, ENTRY_PASSAGE}) {
            gpio.drive(line, State.HIGH);
            time.advance(Duration.ofMillis(100));
            gpio.drive(line, State.LOW);
            time.advance(Duration.ofMillis(100));
            gpio.drive(line, State.HIGH); // 200 ms after the first: a bounce on the exit, a second person at the entry
            time.advance(Duration.ofMillis(100));
            gpio.drive(line, State.LOW);
            time.advance(Duration.ofMillis(600));
        }
        assertEquals(List.of("exit 1", "entry 1", "entry 1"), events);

        drive(EXIT_PASSAGE, State.HIGH); // well after the window: the next person out
        assertEquals("exit 1", events.getLast());
        assertEquals(4, events.size());
    }

    @Test
    void anUnwiredOrCutFireLoopIsAFireAlarm() {
        assertEquals(new TurnstileStatus(true, true, false, false, false), turnstile.status());
        turnstile.listen(recorder);
        drive(FIRE_LOOP, State.HIGH);
        drive(READY, State.HIGH);
        assertEquals(new TurnstileStatus(true, false, true, false, false), turnstile.status());

        drive(FIRE_LOOP, State.LOW);
        assertEquals(List.of("TurnstileStatus[answering=true, fireAlarm=false, ready=false, tamper=false, "
                        + "manualRelease=false]",
                "TurnstileStatus[answering=true, fireAlarm=false, ready=true, tamper=false, manualRelease=false]",
                "TurnstileStatus[answering=true, fireAlarm=true, ready=true, tamper=false, manualRelease=false]"),
                events);
    }

    @Test
    void tamperAndManualReleaseAreReportedOnChange() {
        healthy();
        turnstile.listen(recorder);
        drive(TAMPER, State.HIGH);
        drive(MANUAL_RELEASE, State.HIGH);
        drive(TAMPER, State.LOW);
        assertEquals(new TurnstileStatus(true, false, true, false, true), turnstile.status());
        assertEquals(3, events.size(), events.toString());
        assertTrue(events.get(0).contains("tamper=true, manualRelease=false"), events.get(0));
    }

    @Test
    void withoutOptionalLinesTheTurnstileIsReadyUntamperedAndNotReleased() {
        turnstile.close();
        turnstile = GpioTurnstile.open(gpio, GpioTurnstileConfig.of(ENTRY_UNLOCK, EXIT_UNLOCK, FULL_LAMP,
                ENTRY_PASSAGE, EXIT_PASSAGE, FIRE_LOOP));
        drive(FIRE_LOOP, State.HIGH);
        assertEquals(new TurnstileStatus(true, false, true, false, false), turnstile.status());
        assertFalse(gpio.isOpen(READY));
    }

    @Test
    void unlockingPulsesTheEntryLineForThePulseWidth() {
        assertEquals(State.LOW, output(ENTRY_UNLOCK));
        turnstile.unlockEntry();
        assertEquals(State.HIGH, output(ENTRY_UNLOCK));
        time.advance(Duration.ofMillis(499));
        assertEquals(State.HIGH, output(ENTRY_UNLOCK));
        time.advance(Duration.ofMillis(1));
        assertEquals(State.LOW, output(ENTRY_UNLOCK));
    }

    @Test
    void theExitIsReleasedFromOpenAndNoHoldOrPulseLocksIt() {
        assertEquals(State.HIGH, output(EXIT_UNLOCK));
        turnstile.holdOpen(true);
        turnstile.unlockEntry();
        time.advance(Duration.ofSeconds(5));
        assertEquals(State.HIGH, output(ENTRY_UNLOCK));
        assertEquals(State.HIGH, output(EXIT_UNLOCK));
        turnstile.holdOpen(false);
        assertEquals(State.LOW, output(ENTRY_UNLOCK));
        assertEquals(State.HIGH, output(EXIT_UNLOCK));
    }

    @Test
    void theFullLampFollowsItsCommand() {
        assertEquals(State.LOW, output(FULL_LAMP));
        turnstile.fullLamp(true);
        assertEquals(State.HIGH, output(FULL_LAMP));
        turnstile.fullLamp(false);
        assertEquals(State.LOW, output(FULL_LAMP));
    }

    @Test
    void closingLeavesTheEntryLockedAndTheExitReleased() {
        turnstile.holdOpen(true);
        turnstile.fullLamp(true);
        turnstile.close();
        assertEquals(State.LOW, output(ENTRY_UNLOCK));
        assertEquals(State.HIGH, output(EXIT_UNLOCK));
        assertEquals(State.LOW, output(FULL_LAMP));
        assertFalse(gpio.isOpen(ENTRY_PASSAGE));
        assertFalse(gpio.isOpen(MANUAL_RELEASE));
        IllegalStateException e = assertThrows(IllegalStateException.class, turnstile::unlockEntry);
        assertEquals("turnstile gpio: closed; cannot unlock entry", e.getMessage());
    }

    @Test
    void thereAreNoHardwareCountersAndOnlyOneListener() {
        assertEquals("gpio", turnstile.driver());
        assertEquals(Optional.empty(), turnstile.counters());
        turnstile.listen(recorder);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> turnstile.listen(recorder));
        assertEquals("turnstile gpio: already has a listener; a turnstile reports to one", e.getMessage());
    }

    @Test
    void aLineInUseFailsTheOpenAndReleasesTheLinesAlreadyTaken() {
        turnstile.close();
        gpio.input(DigitalInputConfig.of("door", FIRE_LOOP));
        GpioException e = assertThrows(GpioException.class, () -> GpioTurnstile.open(gpio,
                GpioTurnstileConfig.of(ENTRY_UNLOCK, EXIT_UNLOCK, FULL_LAMP, ENTRY_PASSAGE, EXIT_PASSAGE, FIRE_LOOP)));
        assertEquals("gpio line 12 (fire-loop): already open as input door", e.getMessage());
        for (int line : new int[] {ENTRY_UNLOCK, EXIT_UNLOCK, FULL_LAMP, ENTRY_PASSAGE, EXIT_PASSAGE}) {
            assertFalse(gpio.isOpen(line), "line " + line + " still open");
        }
    }

    @Test
    void badConfigurationNamesTheFieldAndTheValue() {
        assertEquals("turnstile.gpio lines must differ: entryPassage and fireLoop are both line 5",
                assertThrows(IllegalArgumentException.class, () -> GpioTurnstileConfig.of(1, 2, 3, 5, 6, 5))
                        .getMessage());
        assertEquals("turnstile.gpio.exitUnlock must be between 0 and 1023, was 1024",
                assertThrows(IllegalArgumentException.class, () -> GpioTurnstileConfig.of(1, 1024, 3, 4, 5, 6))
                        .getMessage());
        assertEquals("turnstile.gpio lines must differ: entryUnlock and tamper are both line 1",
                assertThrows(IllegalArgumentException.class, () -> GpioTurnstileConfig.of(1, 2, 3, 4, 5, 6)
                        .withTamper(1)).getMessage());
        assertEquals("turnstile.gpio.pulseWidth must be between 1 ms and 60000 ms, was 0 ms",
                assertThrows(IllegalArgumentException.class, () -> GpioTurnstileConfig.of(1, 2, 3, 4, 5, 6)
                        .withPulseWidth(Duration.ZERO)).getMessage());
        GpioTurnstileConfig defaults = GpioTurnstileConfig.of(1, 2, 3, 4, 5, 6);
        assertEquals(Duration.ofMillis(500), defaults.pulseWidth());
        assertEquals(Duration.ofMillis(10), defaults.debounce());
    }
}
