package dev.outpost.gate;

import dev.outpost.api.event.UuidV7;
import dev.outpost.api.runtime.DataFormat;
import dev.outpost.api.runtime.Health;
import dev.outpost.api.runtime.SelfProbe;
import dev.outpost.api.runtime.Service;
import dev.outpost.gate.hub.HubLink;
import dev.outpost.gate.journal.Journal;
import dev.outpost.gate.journal.SqliteJournal;
import dev.outpost.hal.gpio.Gpio;
import dev.outpost.hal.gpio.GpioSettings;
import dev.outpost.hal.time.Ticker;
import dev.outpost.hal.turnstile.GpioTurnstile;
import dev.outpost.hal.turnstile.ModbusTurnstile;
import dev.outpost.hal.turnstile.Turnstile;
import dev.outpost.site.presence.DeviceRuntime;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The gate controller's front door: {@code GateController.create(config, clock)}, {@link #start()}, {@link #close()}.
 * It opens the journal, the turnstile (so missing hardware is an error now, not at the first person) and the device's
 * link to its site, then hands every input to the gate's loop ({@link GateLoop}). Its HTTP server answers
 * {@code /healthz} and {@code /status} ({@link GateStatus}).
 *
 * <p>Closing stops the loop first (no decision after that), then the turnstile — whose drivers leave the entry locked
 * and a GPIO exit lock released, so a stopped controller never holds anyone in — then the link, then the journal.
 */
public final class GateController implements Service {
    /**
     * The format of what this release keeps in {@code data.dir}, recorded there ({@link DataFormat}); raise it in the
     * release whose data an older one would misread, so that older one refuses to start on it.
     */
    public static final int DATA_FORMAT = 1;
    private final GateConfig config;
    private final InstantSource clock;
    private final Function<GpioSettings, Gpio> gpioDriver;
    private Journal journal;
    private Gpio gpio;
    private Turnstile turnstile;
    private volatile DeviceRuntime runtime;
    private volatile GateLoop loop;

    private GateController(GateConfig config, InstantSource clock, Function<GpioSettings, Gpio> gpioDriver) {
        this.config = config;
        this.clock = clock;
        this.gpioDriver = gpioDriver;
    }

    public static GateController create(GateConfig config, InstantSource clock) {
        return new GateController(config, clock, Gpio::open);
    }

    /** With GPIO lines from {@code gpioDriver}: tests hand in simulated lines they drive themselves. */
    static GateController create(GateConfig config, InstantSource clock, Function<GpioSettings, Gpio> gpioDriver) {
        return new GateController(config, clock, gpioDriver);
    }

    @Override
    public synchronized void start() throws IOException {
        String siteId = config.device().siteId();
        String gateId = config.device().deviceId();
        try {
            journal = SqliteJournal.open(config.journalDir(), siteId, gateId, clock);
            turnstile = openTurnstile();
            runtime = DeviceRuntime.start("gate", "gate", config.device(), Health.versionOf(GateController.class),
                    clock, Map.of("/status", this::status));
            loop = new GateLoop(gateId, config.gate(), journal, turnstile, new HubLink(runtime.link().mqtt(), siteId,
                    gateId), new UuidV7(clock)::next, Ticker.system());
            loop.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Turnstile openTurnstile() {
        return switch (config.turnstile()) {
            case TurnstileWiring.OverModbus modbus -> ModbusTurnstile.open(modbus.module(), modbus.serial());
            case TurnstileWiring.OverGpio lines -> {
                gpio = gpioDriver.apply(lines.gpio());
                yield GpioTurnstile.open(gpio, lines.lines());
            }
        };
    }

    /** What {@code GET /status} answers. */
    public GateStatus status() {
        GateLoop current = loop;
        if (current == null) {
            throw new IllegalStateException("gate " + config.device().deviceId() + ": not started");
        }
        return current.status();
    }

    /**
     * Whether the gate's loop answers (it decides every admission and exit) and its HTTP server answers its own
     * {@code /healthz}; the hub or the broker out of reach is not wedged: the gate works on without them.
     */
    @Override
    public Optional<String> wedged() {
        DeviceRuntime current = runtime;
        if (loop == null || current == null) {
            return Optional.of("gate " + config.device().deviceId() + ": not started");
        }
        try {
            status();
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
        return SelfProbe.healthz(config.device().httpHost(), current.httpPort());
    }

    public Health health() {
        return runtime.health();
    }

    public int httpPort() {
        return runtime.httpPort();
    }

    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
        if (turnstile != null) {
            turnstile.close();
            turnstile = null;
        }
        if (gpio != null) {
            gpio.close();
            gpio = null;
        }
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
        if (journal != null) {
            journal.close();
            journal = null;
        }
    }
}
