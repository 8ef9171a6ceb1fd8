package dev.outpost.hal.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.hal.time.ManualTime;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SimGpioTest extends GpioContract {

    @Override
    protected Gpio open(ManualTime time) {
        return SimGpio.on(time);
    }

    private SimGpio sim() {
        return (SimGpio) gpio;
    }

    @Override
    protected void drive(DigitalInput input, State level) {
        sim().drive(input.line(), level);
    }

    @Override
    protected Supplier<State> probe(DigitalOutput output) {
        int line = output.line();
        return () -> sim().outputLevel(line).orElseThrow();
    }

    @Test
    void drivingALineThatIsNotAnOpenInputThrows() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim().drive(3, State.HIGH));
        assertEquals("sim gpio: line 3 is not open as an input; open it with input(...) before driving it",
                e.getMessage());

        gpio.input(DigitalInputConfig.of("door", 3)).close();
        assertThrows(IllegalStateException.class, () -> sim().drive(3, State.HIGH));
    }

    @Test
    void drivingAfterTheDriverIsClosedThrows() {
        gpio.input(DigitalInputConfig.of("door", 3));
        gpio.close();
        assertThrows(IllegalStateException.class, () -> sim().drive(3, State.HIGH));
    }

    @Test
    void aPulledUpInputStartsHigh() {
        DigitalInput fire = gpio.input(new DigitalInputConfig("fire", 9, Pull.UP, Duration.ZERO));
        assertEquals(State.HIGH, fire.state());
    }

    @Test
    void outputsCanBeInspectedAndOpenLinesAreKnown() {
        assertEquals(Optional.empty(), sim().outputLevel(5));
        DigitalOutput lamp = gpio.output(new DigitalOutputConfig("lamp", 5, State.HIGH, State.LOW));
        assertTrue(sim().isOpen(5));
        assertEquals(Optional.of(State.HIGH), sim().outputLevel(5));
        lamp.close();
        assertFalse(sim().isOpen(5));
        assertEquals(Optional.of(State.LOW), sim().outputLevel(5));
    }

    @Test
    void aWiredOutputDrivesItsInputThroughSetPulseAndShutdown() {
        sim().wire(17, 5);
        DigitalInput input = gpio.input(new DigitalInputConfig("entry-passage", 5, Pull.OFF, Duration.ZERO));
        DigitalOutput output = gpio.output(new DigitalOutputConfig("entry-unlock", 17, State.LOW, State.HIGH));
        output.set(State.HIGH);
        assertEquals(State.HIGH, input.state());
        output.set(State.LOW);
        assertEquals(State.LOW, input.state());
        output.pulse(State.HIGH, Duration.ofMillis(100));
        assertEquals(State.HIGH, input.state());
        time.advance(Duration.ofMillis(100));
        assertEquals(State.LOW, input.state());
        output.close();
        assertEquals(State.HIGH, input.state(), "the shutdown level reaches the wired input");
    }
}
