package dev.outpost.display;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.config.ConfigReader;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.display.menu.MenuSettings;
import dev.outpost.site.presence.DeviceSettings;
import java.nio.file.Path;

/**
 * The display agent's configuration: the device keys every device reads, its role (display.role), and what it shows
 * and how it flips (menu.*, flip.grace).
 */
public record DisplayConfig(DeviceSettings device, DisplayRole role, MenuSettings menu, LogSettings log) {

    public static DisplayConfig from(ConfigFile file) {
        ConfigReader in = file.reader();
        DeviceSettings device = DeviceSettings.read(in, 8480, Path.of("/var/lib/outpost/display"));
        DisplayConfig config = new DisplayConfig(
                device,
                in.enumValue("display.role", DisplayRole.class, DisplayRole.BOARD),
                MenuSettings.read(in, device.brokerUrl()),
                LogSettings.read(in));
        in.finish();
        return config;
    }
}
