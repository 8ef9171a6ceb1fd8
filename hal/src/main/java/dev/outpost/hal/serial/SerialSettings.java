package dev.outpost.hal.serial;

/**
 * @param driver {@code auto} (the available real driver) or a driver name such as {@code jserialcomm} or
 *               {@code sim}; a simulated driver is only used when named
 */
public record SerialSettings(String driver) {

    public static final String AUTO = "auto";

    public SerialSettings {
        if (driver == null || !driver.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("serial.driver must be auto or a driver name such as jserialcomm or "
                    + "sim, was " + (driver == null ? "null" : "\"" + driver + "\""));
        }
    }

    public static SerialSettings defaults() {
        return new SerialSettings(AUTO);
    }
}
