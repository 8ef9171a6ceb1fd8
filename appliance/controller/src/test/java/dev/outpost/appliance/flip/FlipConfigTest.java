package dev.outpost.appliance.flip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.appliance.ApplianceConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlipConfigTest {

    private static FlipConfig config(String flip) {
        return ApplianceConfig.from(ConfigFile.parse("test", """
                site.id = store-1
                relay.url = https://relay.example.com
                """ + flip)).flips();
    }

    @Test
    void defaultsAreTenMinutesLeadGoAheadWithAllButOneAndAMinuteOfMixedVersions() {
        assertEquals(FlipConfig.defaults(), config(""));
        assertEquals(new FlipConfig(Duration.ofMinutes(2), true, Duration.ofSeconds(30)),
                config("flip.lead = 2m\nflip.abort-on-missing = true\nflip.mixed-bound = 30s\n"));
    }

    @Test
    void aBadValueIsRefusedNamingTheKey() {
        List<String> problems = assertThrows(ConfigException.class, () -> config("flip.abort-on-missing = yes\n")).problems();
        assertEquals(List.of("flip.abort-on-missing must be true or false, was 'yes'"), problems);
    }
}
