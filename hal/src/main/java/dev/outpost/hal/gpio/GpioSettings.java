package dev.outpost.hal.gpio;

/**
 * How to reach GPIO hardware.
 *
 * @param driver {@code auto} (the one available real driver), or a driver name such as {@code gpiod} or {@code sim};
 *               a simulated driver is only used when named
 * @param chip   the GPIO chip real drivers open, e.g. {@code gpiochip0}
 */
public record GpioSettings(String driver, String chip) {

    public static final String AUTO = "auto";

    public GpioSettings {
        if (driver == null || !driver.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("gpio.driver must be auto or a driver name such as gpiod or sim, was "
                    + (driver == null ? "null" : "\"" + driver + "\""));
        }
        if (chip == null || !chip.matches("gpiochip[0-9]{1,3}")) {
            throw new IllegalArgumentException("gpio.chip must look like gpiochip0, was "
                    + (chip == null ? "null" : "\"" + chip + "\""));
        }
    }

    public static GpioSettings defaults() {
        return new GpioSettings(AUTO, "gpiochip0");
    }

    public static GpioSettings driver(String driver) {
        return new GpioSettings(driver, "gpiochip0");
    }
}
