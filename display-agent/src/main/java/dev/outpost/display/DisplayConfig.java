package dev.outpost.display;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.config.ConfigReader;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.display.menu.MenuSettings;
import dev.outpost.display.pos.PosSettings;
import dev.outpost.site.presence.DeviceSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The display agent's configuration: the device keys every device reads, its role (display.role), the kitchen station
 * a KDS screen shows (display.station, required for and only for the kds role), and what it shows and how it flips
 * (menu.*, flip.grace) and a POS terminal's peripherals (pos.printer, pos.scanner, pos.drawer, role pos only).
 */
public record DisplayConfig(DeviceSettings device, DisplayRole role, Optional<String> station, MenuSettings menu,
                            PosSettings pos, LogSettings log) {

    /** A screen of a role without a kitchen station or peripherals (every role but kds and pos). */
    public DisplayConfig(DeviceSettings device, DisplayRole role, MenuSettings menu, LogSettings log) {
        this(device, role, Optional.empty(), menu, PosSettings.none(), log);
    }

    public static DisplayConfig from(ConfigFile file) {
        ConfigReader in = file.reader();
        DeviceSettings device = DeviceSettings.read(in, 8480, Path.of("/var/lib/outpost/display"));
        DisplayRole role = in.enumValue("display.role", DisplayRole.class, DisplayRole.BOARD);
        Optional<String> station = Optional.ofNullable(in.id("display.station", null));
        if (role == DisplayRole.KDS && station.isEmpty()) {
            in.problem("display.station is required with display.role = kds (the kitchen station this screen shows,"
                    + " e.g. grill, as the appliance's orders.routes name it)");
        } else if (role != DisplayRole.KDS && station.isPresent()) {
            in.problem("display.station is only for display.role = kds, was '" + station.get() + "' with display.role = "
                    + role.name().toLowerCase(Locale.ROOT));
        }
        DisplayConfig config = new DisplayConfig(
                device,
                role,
                station,
                MenuSettings.read(in, device.brokerUrl()),
                PosSettings.read(in, role),
                LogSettings.read(in));
        in.finish();
        return config;
    }
}
