package dev.outpost.hal.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * GPIO through a Pi4J 3 {@link Context}. Production builds the context with the gpiod providers only
 * ({@link GpiodGpioProvider}); tests hand in a context with Pi4J's mock providers. Pi4J's own debounce is
 * set to zero because the port debounces.
 */
public final class Pi4jGpio extends GpioBase {

    private final Context context;
    private final boolean ownsContext;

    private final RawLines.Driver driver = new RawLines.Driver() {
        @Override
        public RawLines.Input openInput(DigitalInputConfig config, Consumer<State> levels) {
            var pi4jConfig = com.pi4j.io.gpio.digital.DigitalInput.newConfigBuilder(context)
                    .id(pi4jId(config.id()))
                    .name(config.id())
                    .address(config.line())
                    .pull(pull(config.pull()))
                    .debounce(0L, TimeUnit.MICROSECONDS)
                    .build();
            var input = context.create(pi4jConfig);
            input.addListener(event -> {
                State level = state(event.state());
                if (level != null) {
                    levels.accept(level);
                }
            });
            return new RawLines.Input() {
                @Override
                public State read() {
                    State level = state(input.state());
                    return level == null ? State.LOW : level;
                }

                @Override
                public void release() {
                    context.shutdown(input.id());
                }
            };
        }

        @Override
        public RawLines.Output openOutput(DigitalOutputConfig config) {
            var pi4jConfig = com.pi4j.io.gpio.digital.DigitalOutput.newConfigBuilder(context)
                    .id(pi4jId(config.id()))
                    .name(config.id())
                    .address(config.line())
                    .initial(state(config.initial()))
                    .shutdown(state(config.shutdown()))
                    .build();
            var output = context.create(pi4jConfig);
            return new RawLines.Output() {
                @Override
                public void write(State state) {
                    output.state(state(state));
                }

                @Override
                public void release() {
                    context.shutdown(output.id());
                }
            };
        }

        @Override
        public void shutdown() {
            if (ownsContext) {
                try {
                    context.shutdown();
                } catch (RuntimeException e) {
                    Logger.error(e, "gpio {}: Pi4J context shutdown failed", driver());
                }
            }
        }
    };

    /** Uses {@code context} without owning it: closing this leaves the context running. */
    public Pi4jGpio(Context context, Ticker ticker, Scheduler scheduler) {
        this("pi4j", context, false, ticker, scheduler);
    }

    Pi4jGpio(String name, Context context, boolean ownsContext, Ticker ticker, Scheduler scheduler) {
        super(name, ticker, scheduler);
        this.context = Objects.requireNonNull(context, "context");
        this.ownsContext = ownsContext;
    }

    @Override
    RawLines.Driver raw() {
        return driver;
    }

    /** The id the line is registered under in the Pi4J context. */
    public static String pi4jId(String id) {
        return "outpost-" + id;
    }

    private static PullResistance pull(Pull pull) {
        return switch (pull) {
            case OFF -> PullResistance.OFF;
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
        };
    }

    private static DigitalState state(State state) {
        return state == State.HIGH ? DigitalState.HIGH : DigitalState.LOW;
    }

    private static State state(DigitalState state) {
        return switch (state) {
            case HIGH -> State.HIGH;
            case LOW -> State.LOW;
            case UNKNOWN -> null;
        };
    }
}
