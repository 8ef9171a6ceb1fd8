package dev.outpost.appliance.menu;

/** Menu sync could not read or write its own state (the database or the blob directory). */
public final class MenuException extends RuntimeException {
    public MenuException(String message, Throwable cause) {
        super(message, cause);
    }
}
