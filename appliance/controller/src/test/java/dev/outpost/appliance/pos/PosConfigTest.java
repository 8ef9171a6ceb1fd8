package dev.outpost.appliance.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.config.ConfigReader;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PosConfigTest {
    static PosConfig read(ConfigFile file) {
        ConfigReader in = file.reader();
        PosConfig config = PosConfig.read(in);
        in.finish();
        return config;
    }

    @Test
    void defaultsAreOffAndEveryKeyIsRead() {
        PosConfig off = read(ConfigFile.empty("test"));
        assertEquals(false, off.enabled());
        assertEquals(Duration.ofSeconds(3), off.scanWindow());
        PosConfig on = read(ConfigFile.empty("test").with("pos.enabled", "true").with("pos.zone", "Europe/Madrid")
                .with("pos.duplicate-scan-window", "1s")
                .with("pos.printers", "till-1=10.0.0.5:9100, till-2=printer.lan:9101"));
        assertEquals(true, on.enabled());
        assertEquals(ZoneId.of("Europe/Madrid"), on.zone());
        assertEquals(Duration.ofSeconds(1), on.scanWindow());
        assertEquals(Set.of("till-1", "till-2"), on.printers().keySet());
        assertEquals(9101, on.printers().get("till-2").port());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        String message = assertThrows(ConfigException.class, () -> read(ConfigFile.empty("test")
                .with("pos.enabled", "yes").with("pos.zone", "Mars/Olympus").with("pos.qr-timeout", "1s")
                .with("pos.printers", "till-1=10.0.0.5"))).getMessage();
        assertTrue(message.contains("pos.enabled must be true or false, was 'yes'"), message);
        assertTrue(message.contains("pos.zone must be an IANA time zone (e.g. Europe/Madrid), was 'Mars/Olympus'"),
                message);
        assertTrue(message.contains("pos.qr-timeout must be between"), message);
        assertTrue(message.contains("pos.printers must list terminal=host:port entries separated by commas (e.g."
                + " till-1=192.168.1.50:9100), was 'till-1=10.0.0.5'"), message);
    }
}
