package dev.outpost.appliance.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.appliance.ApplianceConfig;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MenuConfigTest {
    static final String ROOT = SigningKey.generate(new SecureRandom()).publicKey().base64Url();

    private static MenuConfig config(String menu) {
        return ApplianceConfig.from(ConfigFile.parse("test", """
                site.id = store-1
                relay.url = https://relay.example.com
                """ + menu)).menus();
    }

    private static List<String> problems(String menu) {
        return assertThrows(ConfigException.class, () -> config(menu)).problems();
    }

    @Test
    void withoutARootKeyMenuSyncIsOffWithTheDefaults() {
        MenuConfig off = config("");
        assertEquals(Optional.empty(), off.rootKey());
        assertEquals(Duration.ofHours(2), off.prefetchWindow());
        assertEquals(3, off.keepPrevious());
        assertEquals(Duration.ofHours(24), off.staleAfter());
        assertEquals(Duration.ofHours(72), off.expiredAfter());
    }

    @Test
    void theRootKeyAndThresholdsAreRead() {
        MenuConfig set = config("menu.root-key = " + ROOT + "\nmenu.prefetch-window = 30m\nmenu.keep-previous = 0\n"
                + "menu.stale-after = 1h\nmenu.expired-after = 2h\n");
        assertEquals(ROOT, set.rootKey().orElseThrow().base64Url());
        assertEquals(new MenuConfig(set.rootKey(), Duration.ofMinutes(30), 0, Duration.ofHours(1), Duration.ofHours(2)), set);
    }

    @Test
    void aBadRootKeyOrThresholdsTheWrongWayRoundAreNamed() {
        List<String> bad = problems("menu.root-key = not-a-key\n");
        assertEquals(1, bad.size(), bad.toString());
        assertTrue(bad.getFirst().startsWith("menu.root-key must be the root public key as unpadded base64url"), bad.getFirst());
        assertTrue(bad.getFirst().contains("was 'not-a-key'"), bad.getFirst());
        assertEquals(List.of("menu.expired-after (PT1H) must be longer than menu.stale-after (PT2H)"),
                problems("menu.stale-after = 2h\nmenu.expired-after = 1h\n"));
        assertEquals(List.of("menu.keep-previous must be between 0 and 100, was 101"), problems("menu.keep-previous = 101\n"));
    }
}
