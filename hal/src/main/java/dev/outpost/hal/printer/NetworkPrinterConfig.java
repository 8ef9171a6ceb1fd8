package dev.outpost.hal.printer;

import java.time.Duration;

/**
 * An ESC/POS printer on raw TCP (port 9100 on most Epson, Star and clone printers).
 *
 * @param connectTimeout how long to wait for the TCP connection
 * @param readTimeout    how long to wait for each status byte
 */
public record NetworkPrinterConfig(String id, String host, int port, Duration connectTimeout, Duration readTimeout) {

    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    public NetworkPrinterConfig {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("printer.id must not be blank, was " + (id == null ? "null" : "\"" + id + "\""));
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("printer.host must be a host name or address, was "
                    + (host == null ? "null" : "\"" + host + "\""));
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("printer.port must be between 1 and 65535, was " + port);
        }
        timeout("printer.connectTimeout", connectTimeout);
        timeout("printer.readTimeout", readTimeout);
    }

    private static void timeout(String field, Duration value) {
        if (value == null || value.toMillis() < 1 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(field + " must be between 1 ms and " + MAX_TIMEOUT.toMillis()
                    + " ms, was " + (value == null ? "null" : value.toMillis() + " ms"));
        }
    }

    /** Port 9100, 2 s connect and 2 s read timeouts. */
    public static NetworkPrinterConfig of(String id, String host) {
        return new NetworkPrinterConfig(id, host, 9100, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }
}
