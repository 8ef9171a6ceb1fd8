package dev.outpost.display.pos;

import dev.outpost.hal.drawer.CashDrawer;
import dev.outpost.hal.drawer.PrinterDrawer;
import dev.outpost.hal.drawer.SimCashDrawer;
import dev.outpost.hal.printer.NetworkPrinterConfig;
import dev.outpost.hal.printer.NetworkReceiptPrinter;
import dev.outpost.hal.printer.ReceiptPrinter;
import dev.outpost.hal.printer.SimReceiptPrinter;
import dev.outpost.hal.scanner.BarcodeScanner;
import dev.outpost.hal.scanner.SerialBarcodeScanner;
import dev.outpost.hal.scanner.SimBarcodeScanner;
import dev.outpost.hal.serial.Serial;
import dev.outpost.hal.serial.SerialConfig;
import dev.outpost.hal.serial.SerialSettings;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/** A POS terminal's receipt printer, cash drawer and (serial or simulated) scanner, as {@link PosSettings} say. */
public record Peripherals(Optional<ReceiptPrinter> printer, Optional<CashDrawer> drawer,
                          Optional<BarcodeScanner> scanner) implements AutoCloseable {
    private static final Duration PRINTER_TIMEOUT = Duration.ofSeconds(2);

    public static Peripherals open(String device, PosSettings settings, InstantSource clock) {
        Optional<NetworkReceiptPrinter> network = settings.printer() == PosSettings.Printer.TCP
                ? Optional.of(new NetworkReceiptPrinter(new NetworkPrinterConfig(device + "-printer",
                        settings.printerHost().orElseThrow(), settings.printerPort(), PRINTER_TIMEOUT, PRINTER_TIMEOUT)))
                : Optional.empty();
        Optional<ReceiptPrinter> printer = switch (settings.printer()) {
            case NONE -> Optional.empty();
            case SIM -> Optional.of(new SimReceiptPrinter(device + "-printer"));
            case TCP -> network.map(ReceiptPrinter.class::cast);
        };
        Optional<CashDrawer> drawer = switch (settings.drawer()) {
            case NONE -> Optional.empty();
            case SIM -> Optional.of(new SimCashDrawer(device + "-drawer"));
            case PRINTER_HIGH -> Optional.of(new PrinterDrawer(device + "-drawer", network.orElseThrow(),
                    PrinterDrawer.OpenSignal.HIGH));
            case PRINTER_LOW -> Optional.of(new PrinterDrawer(device + "-drawer", network.orElseThrow(),
                    PrinterDrawer.OpenSignal.LOW));
        };
        Optional<BarcodeScanner> scanner = switch (settings.scanner()) {
            case WEDGE -> Optional.empty();
            case SIM -> Optional.of(new SimBarcodeScanner(device + "-scanner", clock));
            case SERIAL -> Optional.of(SerialBarcodeScanner.start(device + "-scanner", Serial.open(
                    SerialSettings.defaults(), SerialConfig.of(settings.scannerPort().orElseThrow())), clock));
        };
        return new Peripherals(printer, drawer, scanner);
    }

    @Override
    public void close() {
        scanner.ifPresent(BarcodeScanner::close);
        drawer.ifPresent(CashDrawer::close);
        printer.ifPresent(ReceiptPrinter::close);
    }
}
