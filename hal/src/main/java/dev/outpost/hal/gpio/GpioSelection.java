package dev.outpost.hal.gpio;

import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.tinylog.Logger;

final class GpioSelection {

    private GpioSelection() {}

    static Gpio open(GpioSettings settings, Ticker ticker, Scheduler scheduler, Iterable<GpioProvider> found) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(scheduler, "scheduler");
        List<GpioProvider> providers = new ArrayList<>();
        found.forEach(providers::add);
        providers.sort(Comparator.comparing(GpioProvider::name));
        GpioProvider chosen = GpioSettings.AUTO.equals(settings.driver())
                ? auto(providers)
                : named(settings.driver(), providers);
        Logger.info("gpio: using driver {} ({})", chosen.name(), chosen.availability());
        return chosen.open(settings, ticker, scheduler);
    }

    private static GpioProvider auto(List<GpioProvider> providers) {
        List<GpioProvider> real = providers.stream().filter(p -> !p.simulated()).toList();
        return real.stream().filter(GpioProvider::available).findFirst().orElseThrow(() -> {
            String seen = real.isEmpty()
                    ? "no real GPIO driver on the classpath"
                    : real.stream().map(p -> p.name() + ": " + p.availability()).collect(Collectors.joining("; "));
            return new GpioException("gpio: no GPIO hardware found (" + seen + "); set gpio.driver=sim for a "
                    + "simulated line, or run on a board with a GPIO chip");
        });
    }

    private static GpioProvider named(String name, List<GpioProvider> providers) {
        GpioProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new GpioException("gpio: gpio.driver=" + name + " is not a known driver; known: "
                        + providers.stream().map(GpioProvider::name).collect(Collectors.joining(", "))
                        + " (or auto)"));
        if (!provider.available()) {
            throw new GpioException("gpio: gpio.driver=" + name + " is not available here (" + provider.availability()
                    + "); set gpio.driver=sim for a simulated line, or run on a board with a GPIO chip");
        }
        return provider;
    }
}
