package dev.outpost.site.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.password.PasswordHash;
import io.moquette.broker.config.IConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    private final Map<String, Credential> accounts =
            Map.of("hub", new Credential(Role.APPLIANCE, PasswordHash.hash("p".toCharArray(), 1_000)));

    @Test
    void defaultsAreTheLanBrokerInMemoryWithAQuarterMegabyteLimit() {
        BrokerConfig config = BrokerConfig.of("s-1", accounts);
        assertEquals("0.0.0.0", config.host());
        assertEquals(1883, config.port());
        assertEquals(Optional.empty(), config.dataDir());
        assertEquals(262_144, config.maxMessageBytes());
    }

    @Test
    void badValuesAreRejectedNamingKeyLimitAndValue() {
        assertEquals("site s-1: broker.max_message_bytes must be between 1024 and 268435455, was 8",
                assertThrows(IllegalArgumentException.class,
                        () -> BrokerConfig.of("s-1", accounts).withMaxMessageBytes(8)).getMessage());
        assertEquals("site s-1: broker.port must be between 0 and 65535 (0 = a free port), was 70000",
                assertThrows(IllegalArgumentException.class,
                        () -> BrokerConfig.of("s-1", accounts).withAddress("127.0.0.1", 70_000)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BrokerConfig.of("s-1", Map.of()))
                .getMessage().startsWith("site s-1: broker.accounts must hold at least one account"));
        assertEquals("site s-1: broker.accounts: username 'Board 1' must match [a-z0-9][a-z0-9-]{0,62}",
                assertThrows(IllegalArgumentException.class, () -> BrokerConfig.of("s-1",
                        Map.of("Board 1", accounts.get("hub")))).getMessage());
    }

    @Test
    void moquetteIsConfiguredOnPurpose() {
        IConfig config = SiteBroker.moquetteConfig(BrokerConfig.of("s-1", accounts).withAddress("127.0.0.1", 0)
                .withMaxMessageBytes(4096), 18_830);
        assertEquals("18830", config.getProperty(IConfig.PORT_PROPERTY_NAME));
        assertEquals("4096", config.getProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME));
        assertEquals("false", config.getProperty(IConfig.ENABLE_TELEMETRY_NAME));
        assertEquals("false", config.getProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME));
        assertEquals("false", config.getProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME));
        assertEquals("disabled", config.getProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME));
        assertEquals(null, config.getProperty(IConfig.SSL_PORT_PROPERTY_NAME), "any value, even 'disabled', enables SSL");
        assertEquals(null, config.getProperty(IConfig.WSS_PORT_PROPERTY_NAME));
        IConfig persistent = SiteBroker.moquetteConfig(new BrokerConfig("s-1", "127.0.0.1", 0, Path.of("/var/x"),
                8192, accounts), 1883);
        assertEquals("true", persistent.getProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME));
        assertEquals("/var/x", persistent.getProperty(IConfig.DATA_PATH_PROPERTY_NAME));
    }
}
