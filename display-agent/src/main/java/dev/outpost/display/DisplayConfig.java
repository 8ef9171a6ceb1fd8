package dev.outpost.display;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.config.ConfigReader;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.site.presence.DeviceSettings;
import java.nio.file.Path;

/**
 * The display agent's configuration: the device keys every device reads, and its role (display.role).
 */
public record DisplayConfig(DeviceSettings device, DisplayRole role, LogSettings log) {

    public static DisplayConfig from(ConfigFile file) {
        ConfigReader in = file.reader();
        DisplayConfig config = new DisplayConfig(
                DeviceSettings.read(in, 8480, Path.of("/var/lib/outpost/display")),
                in.enumValue("display.role", DisplayRole.class, DisplayRole.BOARD),
                LogSettings.read(in));
        in.finish();
        return config;
    }
}
