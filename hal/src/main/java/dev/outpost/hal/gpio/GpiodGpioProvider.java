package dev.outpost.hal.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Linux GPIO character devices through Pi4J's gpiod plugin. The Pi4J context is built explicitly with the
 * gpiod providers only: an auto context would pick up whatever plugin is on the classpath, mock included.
 */
public final class GpiodGpioProvider implements GpioProvider {

    /** Architectures the pi4j-library-gpiod natives exist for. */
    private static final Set<String> NATIVE_ARCHS = Set.of("aarch64", "arm", "armhf", "armv7l");

    private final Path devDir;
    private final String arch;

    public GpiodGpioProvider() {
        this(Path.of("/dev"), System.getProperty("os.arch", "unknown"));
    }

    GpiodGpioProvider(Path devDir, String arch) {
        this.devDir = devDir;
        this.arch = arch;
    }

    @Override
    public String name() {
        return "gpiod";
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public boolean available() {
        return !chips().isEmpty() && NATIVE_ARCHS.contains(arch);
    }

    @Override
    public String availability() {
        List<String> chips = chips();
        if (chips.isEmpty()) {
            return "no " + devDir.resolve("gpiochip*") + ", arch " + arch;
        }
        if (!NATIVE_ARCHS.contains(arch)) {
            return "found " + String.join(", ", chips) + " but arch " + arch
                    + " has no gpiod natives (armhf and aarch64 only)";
        }
        return "found " + String.join(", ", chips) + ", arch " + arch;
    }

    private List<String> chips() {
        List<String> chips = new ArrayList<>();
        if (!Files.isDirectory(devDir)) {
            return chips;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(devDir, "gpiochip*")) {
            stream.forEach(path -> chips.add(path.toString()));
        } catch (IOException e) {
            return chips;
        }
        chips.sort(null);
        return chips;
    }

    @Override
    public Gpio open(GpioSettings settings, Ticker ticker, Scheduler scheduler) {
        Context context = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                .setGpioChipName(settings.chip())
                .build();
        return new Pi4jGpio("gpiod", context, true, ticker, scheduler);
    }
}
