package dev.outpost.display.pos;

import dev.outpost.api.config.ConfigReader;
import dev.outpost.display.DisplayRole;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A POS terminal's peripherals (role {@code pos} only): {@code pos.printer} ({@code none}, {@code sim} or
 * {@code tcp:HOST:PORT}, an ESC/POS printer on raw TCP), {@code pos.scanner} ({@code wedge}: a keyboard-wedge scanner
 * typing into the page; {@code sim}; or {@code serial:DEVICE}) and {@code pos.drawer} ({@code none}, {@code sim}, or
 * {@code printer:high} / {@code printer:low}: a drawer on the TCP printer's kick-out connector, open while its switch
 * puts that level on pin 3).
 *
 * @param printerHost empty unless {@code pos.printer} is {@code tcp:HOST:PORT}
 * @param scannerPort the serial device with {@code pos.scanner = serial:DEVICE}
 */
public record PosSettings(Printer printer, Optional<String> printerHost, int printerPort, Scanner scanner,
                          Optional<String> scannerPort, Drawer drawer) {
    public enum Printer { NONE, SIM, TCP }

    public enum Scanner { WEDGE, SIM, SERIAL }

    public enum Drawer { NONE, SIM, PRINTER_HIGH, PRINTER_LOW }

    private static final Pattern TCP = Pattern.compile("tcp:([A-Za-z0-9.-]+):(\\d{1,5})");

    /** No printer, a keyboard-wedge scanner, no drawer. */
    public static PosSettings none() {
        return new PosSettings(Printer.NONE, Optional.empty(), 0, Scanner.WEDGE, Optional.empty(), Drawer.NONE);
    }

    public static PosSettings read(ConfigReader in, DisplayRole role) {
        String printer = in.string("pos.printer", "none").strip();
        String scanner = in.string("pos.scanner", "wedge").strip();
        String drawer = in.string("pos.drawer", "none").strip();
        PosSettings settings = none();
        if (role != DisplayRole.POS) {
            if (!printer.equals("none") || !scanner.equals("wedge") || !drawer.equals("none")) {
                in.problem("pos.printer, pos.scanner and pos.drawer are only for display.role = pos, were '" + printer
                        + "', '" + scanner + "', '" + drawer + "' with display.role = "
                        + role.name().toLowerCase(Locale.ROOT));
            }
            return settings;
        }
        Printer printerKind = Printer.NONE;
        Optional<String> host = Optional.empty();
        int port = 0;
        Matcher tcp = TCP.matcher(printer);
        if (printer.equals("sim")) {
            printerKind = Printer.SIM;
        } else if (tcp.matches() && Integer.parseInt(tcp.group(2)) >= 1 && Integer.parseInt(tcp.group(2)) <= 65_535) {
            printerKind = Printer.TCP;
            host = Optional.of(tcp.group(1));
            port = Integer.parseInt(tcp.group(2));
        } else if (!printer.equals("none")) {
            in.problem("pos.printer must be none, sim or tcp:HOST:PORT (port 1-65535, e.g. tcp:192.168.1.50:9100),"
                    + " was '" + printer + "'");
        }
        Scanner scannerKind = Scanner.WEDGE;
        Optional<String> device = Optional.empty();
        if (scanner.equals("sim")) {
            scannerKind = Scanner.SIM;
        } else if (scanner.startsWith("serial:") && scanner.length() > "serial:".length()) {
            scannerKind = Scanner.SERIAL;
            device = Optional.of(scanner.substring("serial:".length()));
        } else if (!scanner.equals("wedge")) {
            in.problem("pos.scanner must be wedge, sim or serial:DEVICE (e.g. serial:/dev/ttyACM0), was '" + scanner
                    + "'");
        }
        Drawer drawerKind = switch (drawer) {
            case "none" -> Drawer.NONE;
            case "sim" -> Drawer.SIM;
            case "printer:high" -> Drawer.PRINTER_HIGH;
            case "printer:low" -> Drawer.PRINTER_LOW;
            default -> {
                in.problem("pos.drawer must be none, sim, printer:high or printer:low, was '" + drawer + "'");
                yield Drawer.NONE;
            }
        };
        if ((drawerKind == Drawer.PRINTER_HIGH || drawerKind == Drawer.PRINTER_LOW) && printerKind != Printer.TCP) {
            in.problem("pos.drawer = " + drawer + " is a drawer on the receipt printer's kick-out connector, so it needs"
                    + " pos.printer = tcp:HOST:PORT, was '" + printer + "'");
        }
        return new PosSettings(printerKind, host, port, scannerKind, device, drawerKind);
    }
}
