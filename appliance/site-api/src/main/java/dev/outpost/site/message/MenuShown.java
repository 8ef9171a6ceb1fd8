package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import java.time.Instant;

/**
 * Device → appliance, retained on {@code Topics.menuShown(site, device)}: which variant and locale the screen shows
 * (from its config, so the appliance knows whom a flip concerns) and what it shows now: {@code version_id} and
 * {@code sha256} of the menu on screen, {@code fail-safe} and the baked-in menu's hash when nothing valid is held.
 * Published on every connect and every swap.
 */
@Document("menu_shown")
public record MenuShown(String deviceId, String variant, String locale, String versionId, String sha256, Instant at)
        implements DeviceMessage {

    /** The version id a device shows when it holds no valid menu. */
    public static final String FAIL_SAFE = "fail-safe";

    public MenuShown {
        Check.id("device_id", deviceId);
        Check.text("variant", variant);
        Check.text("locale", locale);
        Check.text("version_id", versionId);
        Check.sha256("sha256", sha256);
        Check.present("at", at);
    }

    public String slot() {
        return variant + "/" + locale;
    }
}
