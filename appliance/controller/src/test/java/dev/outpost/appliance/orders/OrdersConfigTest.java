package dev.outpost.appliance.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.appliance.ApplianceConfig;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OrdersConfigTest {

    private static OrdersConfig config(String orders) {
        return ApplianceConfig.from(ConfigFile.parse("test", """
                site.id = store-1
                relay.url = https://relay.example.com
                """ + orders)).orders();
    }

    @Test
    void offByDefaultAndCategoriesRoutedToStationsWithTheRestToTheDefault() {
        assertFalse(config("").enabled());
        OrdersConfig on = config("orders.enabled = true\norders.zone = Europe/Paris\n"
                + "orders.routes = burgers=grill, fries = fry ,drinks=bar\norders.default-station = expo\n");
        assertEquals(ZoneId.of("Europe/Paris"), on.zone());
        assertEquals(Map.of("burgers", "grill", "fries", "fry", "drinks", "bar"), on.routes());
        assertEquals("fry", on.stationOf("fries"));
        assertEquals("expo", on.stationOf("desserts"));
        assertEquals(new TreeSet<>(List.of("bar", "expo", "fry", "grill")), on.stations());
    }

    @Test
    void everyBadValueIsRefusedNamingTheKey() {
        List<String> problems = assertThrows(ConfigException.class, () -> config("""
                orders.enabled = yes
                orders.zone = Mars/Olympus
                orders.routes = burgers=grill, burgers=fry, drinks=Bar Two, sides
                orders.warn-after = 10m
                orders.late-after = 10m
                """)).problems();
        assertEquals(List.of(
                "orders.enabled must be true or false, was 'yes'",
                "orders.zone must be an IANA time zone such as America/New_York, was 'Mars/Olympus'",
                "orders.routes routes category 'burgers' twice, in 'burgers=grill, burgers=fry, drinks=Bar Two, sides'",
                "orders.routes must be category=station pairs separated by commas (a station is an id such as grill),"
                        + " was 'drinks=Bar Two' in 'burgers=grill, burgers=fry, drinks=Bar Two, sides'",
                "orders.routes must be category=station pairs separated by commas (a station is an id such as grill),"
                        + " was 'sides' in 'burgers=grill, burgers=fry, drinks=Bar Two, sides'",
                "orders.late-after must be longer than orders.warn-after (10m), was 10m"), problems);
    }
}
