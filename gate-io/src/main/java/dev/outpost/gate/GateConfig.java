package dev.outpost.gate;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.config.ConfigReader;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.hal.gpio.GpioSettings;
import dev.outpost.site.presence.DeviceSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * The gate controller's configuration: the device keys every device reads, the GPIO driver, and the turnstile's lines.
 *
 * @param gpio            gpio.driver (auto, gpiod or sim) and gpio.chip
 * @param entryUnlockLine turnstile.entry-unlock-line: the output that unlocks the entry; released when the controller stops
 */
public record GateConfig(DeviceSettings device, GpioSettings gpio, int entryUnlockLine, LogSettings log) {

    public static GateConfig from(ConfigFile file) {
        ConfigReader in = file.reader();
        DeviceSettings device = DeviceSettings.read(in, 8490, Path.of("/var/lib/outpost/gate"));
        String driver = in.string("gpio.driver", GpioSettings.AUTO);
        String chip = in.string("gpio.chip", "gpiochip0");
        int unlock = in.intIn("turnstile.entry-unlock-line", 17, 0, 511);
        LogSettings log = LogSettings.read(in);
        in.finish();
        GpioSettings gpio;
        try {
            gpio = new GpioSettings(driver, chip);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.source(), List.of(e.getMessage()));
        }
        return new GateConfig(device, gpio, unlock, log);
    }
}
