package dev.outpost.site.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link SiteMqttClient} reaches the site broker.
 *
 * @param brokerUri         {@code tcp://host:port}
 * @param clientId          for a device, its device id (the broker refuses anything else); for the appliance its
 *                          username or {@code username.suffix}
 * @param username          broker account
 * @param password          broker password; copied, so the caller may wipe its array
 * @param will              published by the broker if the connection is lost without a DISCONNECT
 * @param connectTimeout    one connect attempt's limit (Paho counts whole seconds; rounded up)
 * @param minReconnectDelay first retry delay; doubled per failed attempt
 * @param maxReconnectDelay cap of the retry delay
 * @param keepAlive         MQTT keep-alive; a silent peer is declared lost after 1.5 × this (whole seconds)
 */
public record ClientConfig(URI brokerUri, String clientId, String username, char[] password, Optional<Will> will,
                           Duration connectTimeout, Duration minReconnectDelay, Duration maxReconnectDelay,
                           Duration keepAlive) {

    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

    public ClientConfig {
        String what = "mqtt client " + (clientId == null ? "?" : "'" + clientId + "'") + ": ";
        if (brokerUri == null || !"tcp".equals(brokerUri.getScheme()) || brokerUri.getHost() == null
                || brokerUri.getPort() <= 0) {
            throw new IllegalArgumentException(what + "broker uri must look like tcp://host:port, was " + brokerUri);
        }
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException(what + "client id is required (the broker refuses empty ones)");
        }
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException(what + "username is required (the broker refuses anonymous clients)");
        }
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException(what + "password is required");
        }
        if (will == null) {
            throw new IllegalArgumentException(what + "will must be a will or Optional.empty(), was null");
        }
        positive(what, "connect timeout", connectTimeout);
        positive(what, "min reconnect delay", minReconnectDelay);
        positive(what, "max reconnect delay", maxReconnectDelay);
        positive(what, "keep alive", keepAlive);
        if (minReconnectDelay.compareTo(maxReconnectDelay) > 0) {
            throw new IllegalArgumentException(what + "min reconnect delay " + minReconnectDelay
                    + " must not exceed max reconnect delay " + maxReconnectDelay);
        }
        if (keepAlive.toSeconds() > 65_535) {
            throw new IllegalArgumentException(what + "keep alive must be at most 65535 s, was " + keepAlive);
        }
        password = password.clone();
    }

    /** With the {@link #DEFAULT_KEEP_ALIVE default keep-alive}. */
    public ClientConfig(URI brokerUri, String clientId, String username, char[] password, Optional<Will> will,
                        Duration connectTimeout, Duration minReconnectDelay, Duration maxReconnectDelay) {
        this(brokerUri, clientId, username, password, will, connectTimeout, minReconnectDelay, maxReconnectDelay,
                DEFAULT_KEEP_ALIVE);
    }

    /** A device or appliance connection with LAN defaults: 5 s connect timeout, retry 100 ms doubling to 10 s. */
    public static ClientConfig of(URI brokerUri, String clientId, String username, char[] password, Optional<Will> will) {
        return new ClientConfig(brokerUri, clientId, username, password, will, Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    public static URI tcp(String host, int port) {
        return URI.create("tcp://" + host + ":" + port);
    }

    @Override
    public char[] password() {
        return password.clone();
    }

    @Override
    public String toString() {
        return "ClientConfig[" + brokerUri + ", client " + clientId + ", user " + username + ", will "
                + will.map(Will::topic).orElse("none") + "]";
    }

    private static void positive(String what, String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + name + " must be positive, was " + value);
        }
    }
}
