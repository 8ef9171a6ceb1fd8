package dev.outpost.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.relay.store.StoreConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

    @Test
    void sqliteUnderTheDataDirectoryByDefault() {
        RelayConfig config = RelayConfig.from(ConfigFile.empty("test").with("data.dir", "/srv/relay"));
        assertEquals(StoreConfig.Kind.SQLITE, config.store().kind());
        assertEquals(Path.of("/srv/relay/relay.db"), config.store().sqliteFile());
    }

    @Test
    void postgresTakesUrlUserAndPool() {
        RelayConfig config = RelayConfig.from(ConfigFile.parse("relay.conf", """
                store.kind = postgres
                store.url = jdbc:postgresql://db:5432/outpost
                store.user = outpost
                store.password = s3cret
                store.pool-size = 20
                """));
        assertEquals(StoreConfig.Kind.POSTGRES, config.store().kind());
        assertEquals("jdbc:postgresql://db:5432/outpost", config.store().jdbcUrl());
        assertEquals(20, config.store().poolSize());
        assertTrue(!config.store().toString().contains("s3cret"), "the password never shows in logs: " + config.store());
    }

    @Test
    void postgresWithoutAUrlIsRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> RelayConfig.from(ConfigFile.parse("relay.conf", "store.kind = postgres\n")));
        assertEquals("config relay.conf: store.url must be a jdbc:postgresql:// URL when store.kind = postgres, was unset",
                e.getMessage());
    }

    @Test
    void anUnknownStoreKindNamesTheChoices() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> RelayConfig.from(ConfigFile.parse("relay.conf", "store.kind = mysql\n")));
        assertEquals("config relay.conf: store.kind must be one of sqlite, postgres, was 'mysql'", e.getMessage());
    }

    @Test
    void theGrantMarginDefaultsToTenSecondsAndIsBounded() {
        assertEquals(java.time.Duration.ofSeconds(10), RelayConfig.from(ConfigFile.empty("test")).grantMargin());
        ConfigException e = assertThrows(ConfigException.class,
                () -> RelayConfig.from(ConfigFile.parse("relay.conf", "occupancy.grant-margin = 1h\n")));
        assertTrue(e.getMessage().startsWith("config relay.conf: occupancy.grant-margin must be"), e.getMessage());
    }
}
