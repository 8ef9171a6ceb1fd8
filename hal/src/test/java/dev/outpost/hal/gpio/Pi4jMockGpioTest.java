package dev.outpost.hal.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.outpost.hal.time.ManualTime;
import java.util.function.Supplier;

/** Our Pi4J adapter, run on x86 against Pi4J's mock providers, which fire the same events as gpiod. */
class Pi4jMockGpioTest extends GpioContract {

    private Context context;

    @Override
    protected Gpio open(ManualTime time) {
        context = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
        return new Pi4jGpio(context, time, time);
    }

    @Override
    protected void closeDriver() {
        context.shutdown();
    }

    @Override
    protected void drive(DigitalInput input, State level) {
        MockDigitalInput mock = context.io(Pi4jGpio.pi4jId(input.id()), MockDigitalInput.class);
        mock.mockState(level == State.HIGH ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Override
    protected Supplier<State> probe(DigitalOutput output) {
        MockDigitalOutput mock = context.io(Pi4jGpio.pi4jId(output.id()), MockDigitalOutput.class);
        return () -> switch (mock.state()) {
            case HIGH -> State.HIGH;
            case LOW -> State.LOW;
            case UNKNOWN -> throw new AssertionError("output " + output.id() + " is in state UNKNOWN");
        };
    }
}
