package dev.outpost.hil.bench;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.config.ConfigReader;
import dev.outpost.hal.gpio.GpioSettings;
import dev.outpost.hal.modbus.ModbusMaster;
import dev.outpost.hal.printer.NetworkPrinterConfig;
import dev.outpost.hal.serial.Parity;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialSettings;
import dev.outpost.hal.serial.StopBits;
import dev.outpost.hal.turnstile.GpioTurnstileConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real bench, as its bench file names it ({@code key = value} lines, like every Outpost config file). Every
 * problem is reported at once, each naming its key, the value and what was expected; an unknown key is an error.
 *
 * @param fireRelayLine a GPIO output that opens the fire loop while HIGH (a relay in series with the loop); empty:
 *                      the operator is asked to open and close it
 */
public record BenchFile(String name, GpioSettings gpio, List<WiredPair> wiring, Duration lineDeadline,
                        SerialSettings serialDriver, SerialConfig serial, int unit, OptionalInt fireRelayLine,
                        Duration operatorWait, NetworkPrinterConfig printer, URI appliance, int screens,
                        Duration flipWait) {

    private static final Pattern PAIR = Pattern.compile("(\\d{1,4})\\s*>\\s*(\\d{1,4})");
    private static final Pattern HOST_PORT = Pattern.compile("([^\\s:/]+)(?::(\\d{1,5}))?");

    public static BenchFile load(Path file) {
        return read(ConfigFile.load(file));
    }

    public static BenchFile parse(String source, String text) {
        return read(ConfigFile.parse(source, text));
    }

    private static BenchFile read(ConfigFile file) {
        ConfigReader in = file.reader();
        String name = in.requiredString("bench.name", "a name for the report, e.g. mall-bench-1");
        GpioSettings gpio = settings(in, () -> new GpioSettings(in.string("gpio.driver", GpioSettings.AUTO),
                in.string("gpio.chip", "gpiochip0")));
        List<WiredPair> wiring = wiring(in, in.requiredString("gpio.wiring",
                "the output>input line pairs wired together on the bench, e.g. 17>5, 27>6"));
        Duration lineDeadline = in.duration("gpio.deadline", Duration.ofMillis(100), Duration.ofMillis(1),
                Duration.ofSeconds(10));
        int relay = in.intIn("fire.relay-line", -1, 0, GpioTurnstileConfig.MAX_LINE);
        if (relay >= 0 && wiring != null && wiring.stream().anyMatch(p -> p.output() == relay || p.input() == relay)) {
            in.problem("fire.relay-line " + relay + " is also in gpio.wiring; each line is wired to one thing");
        }
        Duration operatorWait = in.duration("operator.wait", Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofMinutes(30));
        SerialSettings serialDriver = settings(in, () -> new SerialSettings(in.string("serial.driver",
                SerialSettings.AUTO)));
        String port = in.requiredString("serial.port", "the turnstile I/O module's line, e.g. /dev/ttyUSB0");
        int baud = in.intIn("serial.baud", 9600, SerialConfig.MIN_BAUD, SerialConfig.MAX_BAUD);
        int dataBits = in.intIn("serial.data-bits", 8, 5, 8);
        Parity parity = in.enumValue("serial.parity", Parity.class, Parity.NONE);
        StopBits stopBits = in.enumValue("serial.stop-bits", StopBits.class, StopBits.ONE);
        SerialConfig serial = port == null ? null
                : SerialConfig.of(port).withBaud(baud).withFraming(dataBits, parity, stopBits);
        int unit = in.intIn("modbus.unit", 1, 1, ModbusMaster.MAX_UNIT);
        NetworkPrinterConfig printer = printer(in, in.requiredString("printer.address",
                "the receipt printer's host:port, ESC/POS over raw TCP, port 9100 when left out"));
        URI appliance = in.requiredHttpUrl("flip.appliance-url",
                "the bench appliance's LAN HTTP, e.g. http://10.0.0.2:8471, whose GET /v1/flips reports each flip");
        int screens = in.intIn("flip.screens", 0, 1, 1000);
        if (screens == 0) {
            in.problem("flip.screens is required (how many screens show the menu QA flips, 1-1000)");
        }
        Duration flipWait = in.duration("flip.wait", Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofHours(2));
        in.finish();
        return new BenchFile(name, gpio, wiring, lineDeadline, serialDriver, serial, unit,
                relay < 0 ? OptionalInt.empty() : OptionalInt.of(relay), operatorWait, printer, appliance, screens,
                flipWait);
    }

    private static <T> T settings(ConfigReader in, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            in.problem(e.getMessage());
            return null;
        }
    }

    private static List<WiredPair> wiring(ConfigReader in, String raw) {
        if (raw == null) {
            return null;
        }
        List<WiredPair> pairs = new ArrayList<>();
        Map<Integer, WiredPair> used = new LinkedHashMap<>();
        for (String item : raw.split(",")) {
            Matcher m = PAIR.matcher(item.strip());
            if (!m.matches()) {
                in.problem("gpio.wiring must be output>input line pairs separated by commas, e.g. 17>5, 27>6; '"
                        + item.strip() + "' is not one, in '" + raw + "'");
                return null;
            }
            WiredPair pair = new WiredPair(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            for (int line : List.of(pair.output(), pair.input())) {
                if (line > GpioTurnstileConfig.MAX_LINE) {
                    in.problem("gpio.wiring: line " + line + " (in " + pair + ") must be between 0 and "
                            + GpioTurnstileConfig.MAX_LINE);
                }
                WiredPair other = used.putIfAbsent(line, pair);
                if (other != null) {
                    in.problem("gpio.wiring: line " + line + " is in " + other + " and " + pair
                            + "; each line is wired to one thing");
                }
            }
            pairs.add(pair);
        }
        return List.copyOf(pairs);
    }

    private static NetworkPrinterConfig printer(ConfigReader in, String raw) {
        if (raw == null) {
            return null;
        }
        Matcher m = HOST_PORT.matcher(raw.strip());
        int port = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 9100;
        if (!m.matches() || port < 1 || port > 65_535) {
            in.problem("printer.address must be host or host:port with a port between 1 and 65535, was '" + raw + "'");
            return null;
        }
        return new NetworkPrinterConfig("bench-printer", m.group(1), port, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }
}
