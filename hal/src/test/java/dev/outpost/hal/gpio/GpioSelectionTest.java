package dev.outpost.hal.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.hal.time.ManualTime;
import dev.outpost.hal.time.Scheduler;
import dev.outpost.hal.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioSelectionTest {

    private final ManualTime time = ManualTime.create();

    /** A real-hardware stand-in that opens a sim underneath, so selection can be tested without a board. */
    private record FakeReal(String name, boolean available, List<String> opened) implements GpioProvider {
        FakeReal(String name, boolean available) {
            this(name, available, new CopyOnWriteArrayList<>());
        }

        @Override
        public boolean simulated() {
            return false;
        }

        @Override
        public String availability() {
            return available ? "found /dev/fake0" : "no /dev/fake*";
        }

        @Override
        public Gpio open(GpioSettings settings, Ticker ticker, Scheduler scheduler) {
            opened.add(name);
            return new SimGpio(ticker, scheduler);
        }
    }

    private Gpio open(String driver, GpioProvider... providers) {
        return GpioSelection.open(GpioSettings.driver(driver), time, time, List.of(providers));
    }

    @Test
    void bothDriversAreRegisteredWithServiceLoader() {
        List<String> names = ServiceLoader.load(GpioProvider.class).stream()
                .map(provider -> provider.get().name()).sorted().toList();
        assertEquals(List.of("gpiod", "sim"), names);
    }

    @Test
    void autoOnAMachineWithoutGpioChipsFailsAndSaysWhatToSet(@TempDir Path dev) {
        GpioException e = assertThrows(GpioException.class,
                () -> open("auto", new GpiodGpioProvider(dev, "amd64"), new SimGpioProvider()));
        assertEquals("gpio: no GPIO hardware found (gpiod: no " + dev.resolve("gpiochip*") + ", arch amd64); "
                + "set gpio.driver=sim for a simulated line, or run on a board with a GPIO chip", e.getMessage());
    }

    @Test
    void autoNeverPicksTheSimulatorEvenWhenItIsTheOnlyAvailableDriver() {
        GpioException e = assertThrows(GpioException.class, () -> open("auto", new SimGpioProvider()));
        assertEquals("gpio: no GPIO hardware found (no real GPIO driver on the classpath); set gpio.driver=sim "
                + "for a simulated line, or run on a board with a GPIO chip", e.getMessage());
    }

    @Test
    void autoPicksTheAvailableRealDriver() {
        FakeReal absent = new FakeReal("absent", false);
        FakeReal real = new FakeReal("real", true);
        try (Gpio gpio = open("auto", new SimGpioProvider(), absent, real)) {
            assertEquals("sim", gpio.driver(), "the fake real driver opens a sim underneath");
            assertEquals(List.of("real"), real.opened());
            assertEquals(List.of(), absent.opened());
        }
    }

    @Test
    void theSimulatorIsUsedWhenNamed() {
        try (Gpio gpio = Gpio.open(GpioSettings.driver("sim"), time, time)) {
            assertInstanceOf(SimGpio.class, gpio);
        }
    }

    @Test
    void anUnknownDriverNameListsTheKnownOnes() {
        GpioException e = assertThrows(GpioException.class,
                () -> open("wiringpi", new GpiodGpioProvider(), new SimGpioProvider()));
        assertEquals("gpio: gpio.driver=wiringpi is not a known driver; known: gpiod, sim (or auto)", e.getMessage());
    }

    @Test
    void aNamedRealDriverThatIsNotAvailableSaysWhatWasFound(@TempDir Path dev) throws IOException {
        Files.createFile(dev.resolve("gpiochip0"));
        GpioException e = assertThrows(GpioException.class,
                () -> open("gpiod", new GpiodGpioProvider(dev, "amd64"), new SimGpioProvider()));
        assertEquals("gpio: gpio.driver=gpiod is not available here (found " + dev.resolve("gpiochip0")
                + " but arch amd64 has no gpiod natives (armhf and aarch64 only)); set gpio.driver=sim for a "
                + "simulated line, or run on a board with a GPIO chip", e.getMessage());
    }

    @Test
    void gpiodIsAvailableWithAChipOnAnArmBoard(@TempDir Path dev) throws IOException {
        Files.createFile(dev.resolve("gpiochip0"));
        GpiodGpioProvider provider = new GpiodGpioProvider(dev, "aarch64");
        assertEquals(true, provider.available());
        assertEquals("found " + dev.resolve("gpiochip0") + ", arch aarch64", provider.availability());
    }
}
