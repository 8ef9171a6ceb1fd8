package dev.outpost.hal.serial;

import dev.outpost.hal.time.Ticker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.tinylog.Logger;

/** Opens serial links through the driver the settings name. */
public final class Serial {

    private Serial() {}

    public static SerialLink open(SerialSettings settings, SerialConfig config) {
        return open(settings, config, Ticker.system());
    }

    public static SerialLink open(SerialSettings settings, SerialConfig config, Ticker ticker) {
        return open(settings, config, ticker, ServiceLoader.load(SerialProvider.class));
    }

    static SerialLink open(SerialSettings settings, SerialConfig config, Ticker ticker,
                           Iterable<SerialProvider> found) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(ticker, "ticker");
        List<SerialProvider> providers = new ArrayList<>();
        found.forEach(providers::add);
        providers.sort(Comparator.comparing(SerialProvider::name));
        SerialProvider chosen = SerialSettings.AUTO.equals(settings.driver())
                ? auto(config, providers)
                : named(config, settings.driver(), providers);
        Logger.debug("serial {}: using driver {}", config.port(), chosen.name());
        return chosen.open(config, ticker);
    }

    private static SerialProvider auto(SerialConfig config, List<SerialProvider> providers) {
        List<SerialProvider> real = providers.stream().filter(p -> !p.simulated()).toList();
        return real.stream().filter(SerialProvider::available).findFirst().orElseThrow(() -> {
            String seen = real.isEmpty()
                    ? "no real serial driver on the classpath"
                    : real.stream().map(p -> p.name() + ": " + p.availability()).collect(Collectors.joining("; "));
            return new SerialException("serial " + config.port() + ": no serial driver available (" + seen
                    + "); set serial.driver=sim for a simulated line");
        });
    }

    private static SerialProvider named(SerialConfig config, String name, List<SerialProvider> providers) {
        SerialProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new SerialException("serial " + config.port() + ": serial.driver=" + name
                        + " is not a known driver; known: "
                        + providers.stream().map(SerialProvider::name).collect(Collectors.joining(", "))
                        + " (or auto)"));
        if (!provider.available()) {
            throw new SerialException("serial " + config.port() + ": serial.driver=" + name + " is not available here ("
                    + provider.availability() + ")");
        }
        return provider;
    }
}
