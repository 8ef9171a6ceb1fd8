package dev.outpost.hal.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.time.ManualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every GPIO driver must do. Each driver's test extends this and says how to reach its lines. */
abstract class GpioContract {

    protected ManualTime time;
    protected Gpio gpio;

    /** Opens the driver under test on manual time. */
    protected abstract Gpio open(ManualTime time);

    /** Puts a level on an open input line from the outside, as the wired device would. */
    protected abstract void drive(DigitalInput input, State level);

    /** Reads the physical level of an output line; the supplier must keep working after the line is closed. */
    protected abstract Supplier<State> probe(DigitalOutput output);

    protected void closeDriver() {}

    @BeforeEach
    void openDriver() {
        time = ManualTime.create();
        gpio = open(time);
    }

    @AfterEach
    void tearDown() {
        gpio.close();
        closeDriver();
    }

    private DigitalInput input(int line, Duration debounce) {
        return gpio.input(new DigitalInputConfig("in-" + line, line, Pull.DOWN, debounce));
    }

    private static List<EdgeEvent> record(DigitalInput input, Edge edge) {
        List<EdgeEvent> events = new CopyOnWriteArrayList<>();
        input.addListener(edge, events::add);
        return events;
    }

    private static List<Edge> edges(List<EdgeEvent> events) {
        return events.stream().map(EdgeEvent::edge).toList();
    }

    @Test
    void outputStartsAtInitialAndReturnsToShutdownOnClose() {
        DigitalOutput lock = gpio.output(new DigitalOutputConfig("lock", 5, State.HIGH, State.LOW));
        Supplier<State> wire = probe(lock);
        assertEquals(State.HIGH, lock.state());
        assertEquals(State.HIGH, wire.get());

        lock.set(State.LOW);
        assertEquals(State.LOW, wire.get());
        lock.set(State.HIGH);
        assertEquals(State.HIGH, wire.get());

        lock.close();
        assertEquals(State.LOW, wire.get());
    }

    @Test
    void closingTheDriverReturnsEveryOutputToItsShutdownState() {
        DigitalOutput a = gpio.output(new DigitalOutputConfig("a", 5, State.LOW, State.HIGH));
        DigitalOutput b = gpio.output(new DigitalOutputConfig("b", 6, State.HIGH, State.LOW));
        Supplier<State> wireA = probe(a);
        Supplier<State> wireB = probe(b);

        gpio.close();

        assertEquals(State.HIGH, wireA.get());
        assertEquals(State.LOW, wireB.get());
        assertThrows(IllegalStateException.class, () -> a.set(State.LOW));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> gpio.output(new DigitalOutputConfig("c", 7, State.LOW, State.LOW)));
        assertTrue(e.getMessage().startsWith("gpio " + gpio.driver() + ": closed"), e.getMessage());
    }

    @Test
    void inputReportsItsLevelAtOpenWithoutAnEdge() {
        DigitalInput door = input(17, Duration.ofMillis(10));
        List<EdgeEvent> events = record(door, Edge.BOTH);
        assertEquals(State.LOW, door.state());
        time.advance(Duration.ofMillis(50));
        assertEquals(List.of(), events);
    }

    @Test
    void edgesReachListenersForTheirDirection() {
        DigitalInput door = input(17, Duration.ofMillis(10));
        List<EdgeEvent> rising = record(door, Edge.RISING);
        List<EdgeEvent> falling = record(door, Edge.FALLING);
        List<EdgeEvent> both = record(door, Edge.BOTH);

        time.advance(Duration.ofMillis(100));
        long risingAt = time.nanos();
        drive(door, State.HIGH);
        assertEquals(State.HIGH, door.state());
        time.advance(Duration.ofMillis(100));
        drive(door, State.LOW);
        time.advance(Duration.ofMillis(100));

        assertEquals(List.of(new EdgeEvent("in-17", 17, Edge.RISING, risingAt)), rising);
        assertEquals(List.of(Edge.FALLING), edges(falling));
        assertEquals(List.of(Edge.RISING, Edge.FALLING), edges(both));
        assertEquals(State.LOW, door.state());
    }

    @Test
    void bouncesWithinTheWindowGiveOneEdge() {
        DigitalInput door = input(17, Duration.ofMillis(10));
        List<EdgeEvent> events = record(door, Edge.BOTH);

        drive(door, State.HIGH);
        for (int i = 0; i < 4; i++) {
            time.advance(Duration.ofMillis(1));
            drive(door, State.LOW);
            time.advance(Duration.ofMillis(1));
            drive(door, State.HIGH);
        }
        time.advance(Duration.ofMillis(50));

        assertEquals(List.of(Edge.RISING), edges(events));
        assertEquals(State.HIGH, door.state());
    }

    @Test
    void aGlitchShorterThanTheWindowSettlesToTheLevelTheLineEndsAt() {
        DigitalInput door = input(17, Duration.ofMillis(10));
        List<EdgeEvent> events = record(door, Edge.BOTH);
        long start = time.nanos();

        drive(door, State.HIGH);
        time.advance(Duration.ofMillis(2));
        drive(door, State.LOW);
        assertEquals(State.HIGH, door.state());
        time.advance(Duration.ofMillis(50));

        assertEquals(List.of(Edge.RISING, Edge.FALLING), edges(events));
        assertEquals(Duration.ofMillis(10).toNanos(), events.get(1).tickerNanos() - start);
        assertEquals(State.LOW, door.state());
    }

    @Test
    void zeroDebounceReportsEveryChange() {
        DigitalInput door = input(17, Duration.ZERO);
        List<EdgeEvent> events = record(door, Edge.BOTH);
        drive(door, State.HIGH);
        drive(door, State.LOW);
        drive(door, State.HIGH);
        assertEquals(List.of(Edge.RISING, Edge.FALLING, Edge.RISING), edges(events));
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        DigitalInput door = input(17, Duration.ZERO);
        door.addListener(Edge.BOTH, event -> {
            throw new IllegalStateException("listener bug");
        });
        List<EdgeEvent> events = record(door, Edge.BOTH);
        drive(door, State.HIGH);
        assertEquals(List.of(Edge.RISING), edges(events));
    }

    @Test
    void aRemovedListenerHearsNothing() {
        DigitalInput door = input(17, Duration.ZERO);
        List<EdgeEvent> events = new CopyOnWriteArrayList<>();
        EdgeListener listener = events::add;
        door.addListener(Edge.BOTH, listener);
        door.removeListener(listener);
        drive(door, State.HIGH);
        assertEquals(List.of(), events);
    }

    @Test
    void linesThrowAfterClose() {
        DigitalInput door = input(17, Duration.ZERO);
        DigitalOutput lamp = gpio.output(new DigitalOutputConfig("lamp", 4, State.LOW, State.LOW));
        door.close();
        lamp.close();
        door.close();
        lamp.close();

        IllegalStateException read = assertThrows(IllegalStateException.class, door::state);
        assertEquals("gpio line 17 (in-17): closed; cannot read it", read.getMessage());
        assertThrows(IllegalStateException.class, () -> door.addListener(Edge.BOTH, event -> {}));
        IllegalStateException set = assertThrows(IllegalStateException.class, () -> lamp.set(State.HIGH));
        assertEquals("gpio line 4 (lamp): closed; cannot set it", set.getMessage());
        assertThrows(IllegalStateException.class, lamp::state);
        assertThrows(IllegalStateException.class, () -> lamp.pulse(State.HIGH, Duration.ofMillis(5)));
    }

    @Test
    void aLineCanBeOpenedOnceAndAgainAfterClose() {
        DigitalInput door = input(17, Duration.ZERO);
        GpioException twice = assertThrows(GpioException.class,
                () -> gpio.output(new DigitalOutputConfig("lamp", 17, State.LOW, State.LOW)));
        assertEquals("gpio line 17 (lamp): already open as input in-17", twice.getMessage());

        door.close();
        DigitalOutput lamp = gpio.output(new DigitalOutputConfig("lamp", 17, State.LOW, State.LOW));
        assertEquals(State.LOW, lamp.state());
    }

    @Test
    void aPulseReturnsToThePreviousLevelAfterItsWidth() {
        DigitalOutput unlock = gpio.output(new DigitalOutputConfig("unlock", 6, State.LOW, State.LOW));
        Supplier<State> wire = probe(unlock);

        unlock.pulse(State.HIGH, Duration.ofMillis(500));
        assertEquals(State.HIGH, wire.get());
        time.advance(Duration.ofMillis(499));
        assertEquals(State.HIGH, wire.get());
        time.advance(Duration.ofMillis(1));
        assertEquals(State.LOW, wire.get());
        assertEquals(State.LOW, unlock.state());
    }

    /** Regression: a pulse during a pulse took the pulse's level for the one to return to, leaving an entry unlocked. */
    @Test
    void aPulseDuringAPulseReturnsToTheLevelBeforeBoth() {
        DigitalOutput unlock = gpio.output(new DigitalOutputConfig("unlock", 6, State.LOW, State.LOW));
        Supplier<State> wire = probe(unlock);

        unlock.pulse(State.HIGH, Duration.ofMillis(500));
        time.advance(Duration.ofMillis(100));
        unlock.pulse(State.HIGH, Duration.ofMillis(500));
        time.advance(Duration.ofMillis(499));
        assertEquals(State.HIGH, wire.get(), "the second pulse runs its whole width");
        time.advance(Duration.ofMillis(1));
        assertEquals(State.LOW, wire.get());
        assertEquals(State.LOW, unlock.state());
    }

    @Test
    void aSetDuringAPulseWins() {
        DigitalOutput unlock = gpio.output(new DigitalOutputConfig("unlock", 6, State.LOW, State.LOW));
        Supplier<State> wire = probe(unlock);

        unlock.pulse(State.HIGH, Duration.ofMillis(500));
        time.advance(Duration.ofMillis(100));
        unlock.set(State.HIGH);
        time.advance(Duration.ofSeconds(1));
        assertEquals(State.HIGH, wire.get());
    }

    @Test
    void closingDuringAPulseLeavesTheShutdownState() {
        DigitalOutput unlock = gpio.output(new DigitalOutputConfig("unlock", 6, State.LOW, State.HIGH));
        Supplier<State> wire = probe(unlock);

        unlock.pulse(State.LOW, Duration.ofMillis(500));
        unlock.close();
        time.advance(Duration.ofSeconds(1));
        assertEquals(State.HIGH, wire.get());
    }
}
