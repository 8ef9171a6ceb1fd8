package dev.outpost.hal.printer;

/** A job was not printed. The message starts with {@code printer <id>: }. */
public class PrinterException extends RuntimeException {

    private final PrinterStatus status;

    public PrinterException(String message, PrinterStatus status) {
        super(message);
        this.status = status;
    }

    public PrinterException(String message, PrinterStatus status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The status that stopped the job. */
    public PrinterStatus status() {
        return status;
    }
}
