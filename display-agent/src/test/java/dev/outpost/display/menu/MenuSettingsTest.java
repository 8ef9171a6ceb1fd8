package dev.outpost.display.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.display.DisplayConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MenuSettingsTest {

    @Test
    void theApplianceUrlDefaultsToTheBrokersHostAndTheGraceToHalfASecond() {
        MenuSettings menu = DisplayConfig.from(ConfigFile.parse("test", """
                site.id = store-1
                device.id = board-1
                broker.url = tcp://192.168.1.10:1883
                broker.password = secret
                """)).menu();
        assertEquals(new MenuSettings(Optional.empty(), "main", "en-US", URI.create("http://192.168.1.10:8471"),
                Duration.ofMillis(500)), menu);
        assertEquals("main/en-US", menu.slot());
    }
}
