package dev.outpost.appliance.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.appliance.ApplianceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatesConfigTest {

    private static ApplianceConfig config(String gates) {
        return ApplianceConfig.from(ConfigFile.parse("test", """
                site.id = mall-north
                relay.url = https://relay.example.com
                """ + gates));
    }

    private static List<String> problems(String gates) {
        return assertThrows(ConfigException.class, () -> config(gates)).problems();
    }

    @Test
    void withoutAMallIdThereIsNoHub() {
        assertEquals(Optional.empty(), config("").gates());
    }

    @Test
    void aMallIdStartsTheHubWithTheDefaultsOrWhatIsSet() {
        assertEquals(Optional.of(new GatesConfig("mall-1", HubSettings.defaults())), config("gates.mall-id = mall-1\n").gates());
        HubSettings set = config("""
                gates.mall-id = mall-1
                gates.block-size = 100
                gates.block-low-water = 20
                gates.block-ttl = 5m
                gates.gate-ttl = 20s
                gates.margin = 2s
                gates.relay-timeout = 3s
                gates.relay-retry = 500ms
                gates.report-every = 250ms
                """).gates().orElseThrow().settings();
        assertEquals(new HubSettings(100, 20, Duration.ofMinutes(5), Duration.ofSeconds(20), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofMillis(250)), set);
    }

    @Test
    void theHubsOwnRulesAreConfigErrorsNamingTheKey() {
        assertEquals(List.of("gates.block-low-water must be between 0 and block-size - 1 (39), was 40"),
                problems("gates.mall-id = mall-1\ngates.block-low-water = 40\n"));
        assertEquals(List.of("gates.block-ttl must be between 10 s and 1 h, was PT5S"),
                problems("gates.mall-id = mall-1\ngates.block-ttl = 5s\n"));
        assertEquals(List.of("gates.margin must be positive, was PT0S"), problems("gates.mall-id = mall-1\ngates.margin = 0s\n"));
        assertEquals(List.of("gates.block-size must be at least 1, was 0"), problems("gates.mall-id = mall-1\ngates.block-size = 0\n"));
    }

    @Test
    void badValuesAreNamedWithWhatWasExpected() {
        assertEquals(Set.of("gates.relay-timeout must be between 100ms and 5m, was 10ms",
                        "gates.mall-id must be an id of lower-case letters, digits and dashes (at most 63, e.g. store-0042),"
                                + " was 'Mall 1'"),
                Set.copyOf(problems("gates.relay-timeout = 10ms\ngates.mall-id = Mall 1\n")));
    }

    @Test
    void aGatesKeyWithoutAMallIdIsAnError() {
        assertEquals(List.of("gates.block-size, gates.gate-ttl are set but gates.mall-id is not: the gate hub runs only for a"
                + " mall; set gates.mall-id or remove the gates.* keys"), problems("gates.block-size = 50\ngates.gate-ttl = 20s\n"));
    }
}
