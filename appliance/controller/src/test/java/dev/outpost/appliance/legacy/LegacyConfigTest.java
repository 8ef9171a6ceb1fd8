package dev.outpost.appliance.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.appliance.ApplianceConfig;
import dev.outpost.appliance.outbox.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LegacyConfigTest {
    private static ApplianceConfig config(String legacy) {
        return ApplianceConfig.from(ConfigFile.parse("test", """
                site.id = store-0042
                relay.url = https://relay.example.com
                """ + legacy));
    }

    private static List<String> problems(String legacy) {
        return assertThrows(ConfigException.class, () -> config(legacy)).problems();
    }

    @Test
    void offUnlessEnabled() {
        assertEquals(Optional.empty(), config("").legacy());
        assertEquals(Optional.empty(), config("legacy.enabled = false\n").legacy());
    }

    @Test
    void tcpWithTheDefaults() {
        assertEquals(Optional.of(new LegacyConfig(LegacyConfig.Transport.TCP, "10.0.0.40:4001", 9600,
                Duration.ofSeconds(2), 3, Duration.ofSeconds(30), new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)))),
                config("legacy.enabled = true\nlegacy.address = 10.0.0.40:4001\n").legacy());
    }

    @Test
    void serialWithWhatIsSet() {
        LegacyConfig c = config("""
                legacy.enabled = true
                legacy.transport = serial
                legacy.device = /dev/ttyUSB1
                legacy.baud = 19200
                legacy.timeout = 500ms
                legacy.breaker-failures = 5
                legacy.breaker-cool-down = 1m
                legacy.retry-first = 200ms
                legacy.retry-max = 10s
                """).legacy().orElseThrow();
        assertEquals(new LegacyConfig(LegacyConfig.Transport.SERIAL, "/dev/ttyUSB1", 19200, Duration.ofMillis(500), 5,
                Duration.ofMinutes(1), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10))), c);
        assertEquals("serial /dev/ttyUSB1 19200 8N1", c.address());
    }

    @Test
    void badValuesAreNamedWithWhatWasExpected() {
        assertEquals(List.of("legacy.address must be host:port (port 1-65535) of the legacy POS with legacy.transport"
                + " = tcp, e.g. 10.0.0.40:4001, was unset"), problems("legacy.enabled = true\n"));
        assertEquals(List.of("legacy.address must be host:port (port 1-65535) of the legacy POS with legacy.transport"
                + " = tcp, e.g. 10.0.0.40:4001, was '10.0.0.40:70000'"),
                problems("legacy.enabled = true\nlegacy.address = 10.0.0.40:70000\n"));
        assertEquals(List.of("legacy.device must be the serial device of the legacy POS with legacy.transport = serial,"
                + " e.g. /dev/ttyUSB0, was unset"), problems("legacy.enabled = true\nlegacy.transport = serial\n"));
        assertEquals(List.of("legacy.timeout must be between 100ms and 1m, was 5ms"),
                problems("legacy.enabled = true\nlegacy.address = h:1\nlegacy.timeout = 5ms\n"));
        assertEquals(List.of("legacy.enabled must be true or false, was 'yes'"), problems("legacy.enabled = yes\n"));
        assertEquals(List.of("legacy.retry-max must be at least legacy.retry-first (5000 ms), was 1000 ms"),
                problems("legacy.enabled = true\nlegacy.address = h:1\nlegacy.retry-first = 5s\nlegacy.retry-max = 1s\n"));
        assertEquals(List.of("legacy.device and legacy.baud are for legacy.transport = serial, not tcp; remove them"),
                problems("legacy.enabled = true\nlegacy.address = h:1\nlegacy.device = /dev/ttyS0\n"));
    }

    @Test
    void keysWithoutEnabledAreAnError() {
        assertEquals(List.of("legacy.address, legacy.timeout are set but legacy.enabled is not true: the legacy POS"
                + " gateway is off; set legacy.enabled = true or remove the legacy.* keys"),
                problems("legacy.address = h:1\nlegacy.timeout = 1s\n"));
    }
}
