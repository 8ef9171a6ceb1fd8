package dev.outpost.site.broker;

import dev.outpost.api.password.PasswordHash;
import dev.outpost.site.topic.Ids;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptExceptionMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;

/**
 * The site's embedded MQTT 5 broker (Moquette): per-device accounts with hashed passwords, the {@link SiteAcl},
 * no anonymous access, no websocket or TLS listener, telemetry off.
 *
 * <p>Known gaps of Moquette 0.18.3: it does not store a will as retained even when the will says so (subscribers
 * connected at the time receive it; later subscribers still see the last retained presence), and it publishes a
 * will without asking the ACL, so a device could register a will on a topic it may not publish to; the broker logs
 * such a connect as an error but cannot refuse it.
 */
public final class SiteBroker implements AutoCloseable {

    private final BrokerConfig config;
    private final Map<String, Credential> accounts;
    private final SiteAcl acl;
    private final Server server;
    private final int port;
    private volatile boolean closed;

    private SiteBroker(BrokerConfig config) {
        this.config = config;
        this.accounts = new ConcurrentHashMap<>(config.accounts());
        this.acl = new SiteAcl(config.siteId(), username -> Optional.ofNullable(accounts.get(username)).map(Credential::role));
        // Moquette reports a port-0 binding through a listener that may run after startServer returns, so an
        // automatic port is picked here (and picked again should another process grab it first).
        int attempts = config.port() == 0 ? 3 : 1;
        Server started = null;
        int bound = config.port();
        for (int attempt = 1; started == null; attempt++) {
            bound = config.port() == 0 ? freePort(config) : config.port();
            Server candidate = new Server();
            try {
                candidate.startServer(moquetteConfig(config, bound), List.of(new WillAudit()), null,
                        new Authenticator(), new Authorizer());
                started = candidate;
            } catch (IOException | RuntimeException e) {
                candidate.stopServer();
                if (attempt < attempts) {
                    continue;
                }
                String message = "site " + config.siteId() + ": broker could not start on " + config.host() + ":"
                        + bound + ": " + e.getMessage();
                if (e instanceof IOException io) {
                    throw new UncheckedIOException(message, io);
                }
                throw new IllegalStateException(message, e);
            }
        }
        this.server = started;
        this.port = bound;
        Logger.info("site {}: broker listening on {}:{} ({} accounts, max message {} bytes, persistence {})",
                config.siteId(), config.host(), port, accounts.size(), config.maxMessageBytes(),
                config.dataDir().map(Object::toString).orElse("in memory"));
    }

    public static SiteBroker start(BrokerConfig config) {
        return new SiteBroker(config);
    }

    /** The bound port, also when the config asked for port 0 (then a free one was picked). */
    public int port() {
        return port;
    }

    public String host() {
        return config.host();
    }

    public BrokerConfig config() {
        return config;
    }

    /** Adds or replaces an account while running (a newly enrolled device). */
    public void putAccount(String username, Credential credential) {
        if (!Ids.isValid(username)) {
            throw new IllegalArgumentException("site " + config.siteId() + ": broker account username '" + username
                    + "' must match " + Ids.PATTERN_TEXT);
        }
        if (credential == null) {
            throw new IllegalArgumentException("site " + config.siteId() + ": broker account '" + username
                    + "' needs a credential");
        }
        accounts.put(username, credential);
    }

    /**
     * Removes an account and drops its connections (a revoked device). The dropped device's last will is
     * published, as for any lost connection.
     */
    public boolean removeAccount(String username) {
        Credential removed = accounts.remove(username);
        if (removed != null) {
            server.disconnectAndPurgeClientState(username);
        }
        return removed != null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stopServer();
        Logger.info("site {}: broker on port {} stopped", config.siteId(), port);
    }

    private static int freePort(BrokerConfig config) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(config.host(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("site " + config.siteId() + ": broker found no free port on "
                    + config.host() + ": " + e.getMessage(), e);
        }
    }

    /** Moquette's settings; SSL and secure websocket stay off by leaving their ports unset (setting them enables). */
    static IConfig moquetteConfig(BrokerConfig config, int port) {
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, config.host());
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty("allow_zero_byte_client_id", "false");
        p.setProperty("reauthorize_subscriptions_on_connect", "true");
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(config.maxMessageBytes()));
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, Boolean.toString(config.dataDir().isPresent()));
        config.dataDir().ifPresent(dir -> p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dir.toAbsolutePath().toString()));
        return new MemoryConfig(p);
    }

    private final class Authenticator implements IAuthenticator {
        @Override
        public boolean checkValid(String clientId, String username, byte[] password) {
            Credential credential = username == null ? null : accounts.get(username);
            if (credential == null || password == null) {
                Logger.warn("site {}: connect refused for client '{}': unknown username '{}'{}", config.siteId(),
                        clientId, username, password == null ? " or no password" : "");
                return false;
            }
            char[] chars = utf8(password);
            try {
                if (!PasswordHash.verify(chars, credential.passwordHash())) {
                    Logger.warn("site {}: connect refused for '{}': wrong password", config.siteId(), username);
                    return false;
                }
            } finally {
                Arrays.fill(chars, '\0');
            }
            if (!acl.clientIdAllowed(username, clientId)) {
                Logger.warn("site {}: connect refused for '{}': client id '{}' must equal the username{}",
                        config.siteId(), username, clientId,
                        credential.role() == Role.APPLIANCE ? " or be '" + username + ".<suffix>'" : "");
                return false;
            }
            return true;
        }

        private static char[] utf8(byte[] bytes) {
            CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            char[] chars = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
            Arrays.fill(decoded.array(), '\0');
            return chars;
        }
    }

    private final class Authorizer implements IAuthorizatorPolicy {
        @Override
        public boolean canWrite(Topic topic, String user, String client) {
            boolean allowed = acl.canWrite(topic.toString(), user);
            if (!allowed) {
                Logger.warn("site {}: '{}' may not publish to '{}', message dropped", config.siteId(), user, topic);
            }
            return allowed;
        }

        @Override
        public boolean canRead(Topic topic, String user, String client) {
            boolean allowed = acl.canRead(topic.toString(), user);
            if (!allowed) {
                Logger.warn("site {}: '{}' may not subscribe to '{}', subscription refused", config.siteId(), user, topic);
            }
            return allowed;
        }
    }

    private final class WillAudit extends AbstractInterceptHandler {
        @Override
        public String getID() {
            return "outpost-will-audit";
        }

        @Override
        public Class<?>[] getInterceptedMessageTypes() {
            return new Class<?>[] {InterceptConnectMessage.class, InterceptExceptionMessage.class};
        }

        @Override
        public void onConnect(InterceptConnectMessage msg) {
            if (msg.isWillFlag() && !acl.canWrite(msg.getWillTopic(), msg.getUsername())) {
                Logger.error("site {}: '{}' registered a last will on '{}', which it may not publish to; "
                        + "the broker cannot refuse it, revoke the account if this is not a misconfiguration",
                        config.siteId(), msg.getUsername(), msg.getWillTopic());
            }
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            Logger.error(error, "site {}: broker session loop failed", config.siteId());
        }
    }
}
