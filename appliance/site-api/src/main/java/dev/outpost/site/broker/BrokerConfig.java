package dev.outpost.site.broker;

import dev.outpost.site.topic.Ids;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The site broker's settings, checked once here.
 *
 * @param siteId          the site; the ACL confines every account to {@code outpost/{siteId}/#}
 * @param host            address to bind, e.g. {@code 0.0.0.0} for the LAN or {@code 127.0.0.1} in tests
 * @param port            TCP port, 0 picks a free one (read it back with {@link SiteBroker#port()})
 * @param dataDir         where sessions, queues and retained messages persist; empty keeps them in memory
 * @param maxMessageBytes largest MQTT packet accepted, in bytes; a bigger one is dropped and its sender
 *                        disconnected. Moquette's own default (8092) is too small for manifests, so this is
 *                        always set explicitly
 * @param accounts        username → credential; usernames are ids ({@value Ids#PATTERN_TEXT}), a device's
 *                        username is its device id
 */
public record BrokerConfig(String siteId, String host, int port, Optional<Path> dataDir, int maxMessageBytes,
                           Map<String, Credential> accounts) {

    public static final int DEFAULT_PORT = 1883;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    public static final int MIN_MAX_MESSAGE_BYTES = 1024;
    /** MQTT's own ceiling for a packet's remaining length. */
    public static final int MAX_MAX_MESSAGE_BYTES = 268_435_455;

    public BrokerConfig {
        Ids.site(siteId);
        String what = "site " + siteId + ": broker.";
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(what + "host must be an address to bind (e.g. 0.0.0.0), was '" + host + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(what + "port must be between 0 and 65535 (0 = a free port), was " + port);
        }
        if (dataDir == null) {
            throw new IllegalArgumentException(what + "data_dir must be a path or empty (in memory), was null");
        }
        if (maxMessageBytes < MIN_MAX_MESSAGE_BYTES || maxMessageBytes > MAX_MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException(what + "max_message_bytes must be between " + MIN_MAX_MESSAGE_BYTES
                    + " and " + MAX_MAX_MESSAGE_BYTES + ", was " + maxMessageBytes);
        }
        if (accounts == null || accounts.isEmpty()) {
            throw new IllegalArgumentException(what + "accounts must hold at least one account "
                    + "(anonymous connections are refused, so nobody could connect)");
        }
        for (Map.Entry<String, Credential> account : accounts.entrySet()) {
            if (!Ids.isValid(account.getKey())) {
                throw new IllegalArgumentException(what + "accounts: username '" + account.getKey()
                        + "' must match " + Ids.PATTERN_TEXT);
            }
            if (account.getValue() == null) {
                throw new IllegalArgumentException(what + "accounts: username '" + account.getKey()
                        + "' has no credential");
            }
        }
        accounts = Map.copyOf(accounts);
    }

    /** Persisting under {@code dataDir}. */
    public BrokerConfig(String siteId, String host, int port, Path dataDir, int maxMessageBytes,
                        Map<String, Credential> accounts) {
        this(siteId, host, port, Optional.of(requireDir(siteId, dataDir)), maxMessageBytes, accounts);
    }

    private static Path requireDir(String siteId, Path dataDir) {
        if (dataDir == null) {
            throw new IllegalArgumentException("site " + siteId + ": broker.data_dir must be a directory; "
                    + "use Optional.empty() to keep broker state in memory");
        }
        return dataDir;
    }

    /** LAN defaults: all interfaces, port 1883, in memory, {@value #DEFAULT_MAX_MESSAGE_BYTES} bytes. */
    public static BrokerConfig of(String siteId, Map<String, Credential> accounts) {
        return new BrokerConfig(siteId, "0.0.0.0", DEFAULT_PORT, Optional.empty(), DEFAULT_MAX_MESSAGE_BYTES, accounts);
    }

    public BrokerConfig withAddress(String host, int port) {
        return new BrokerConfig(siteId, host, port, dataDir, maxMessageBytes, accounts);
    }

    public BrokerConfig withDataDir(Path dir) {
        return new BrokerConfig(siteId, host, port, Optional.of(dir), maxMessageBytes, accounts);
    }

    public BrokerConfig withMaxMessageBytes(int bytes) {
        return new BrokerConfig(siteId, host, port, dataDir, bytes, accounts);
    }
}
