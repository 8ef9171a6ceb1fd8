package dev.outpost.hal.scanner;

/** A barcode scanner that pushes codes to listeners. Methods throw {@link IllegalStateException} after close. */
public interface BarcodeScanner extends AutoCloseable {

    String id();

    void addListener(ScanListener listener);

    void removeListener(ScanListener listener);

    @Override
    void close();
}
