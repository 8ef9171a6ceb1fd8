package dev.outpost.display.kds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.config.ConfigException;
import dev.outpost.api.config.ConfigFile;
import dev.outpost.display.DisplayConfig;
import dev.outpost.display.page.ApplianceHttp;
import dev.outpost.site.message.KitchenStation;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The kitchen page as rendered at a site instant: timers coloured by the station's thresholds and said in words, each
 * ticket with its lines, notes escaped, a bump button per ticket, recall and all-day counts; and the display.station key.
 */
class KdsPageTest {
    static final Instant T0 = Instant.parse("2027-03-01T12:00:00Z");
    static final UUID A = UUID.fromString("0190f1a2-0000-7000-8000-000000000001");
    static final UUID B = UUID.fromString("0190f1a2-0000-7000-8000-000000000002");
    static final UUID C = UUID.fromString("0190f1a2-0000-7000-8000-000000000003");

    final KdsPage page = new KdsPage("kds-grill", "grill", Optional::empty, () -> T0,
            new StationCommands(new ApplianceHttp("kds-grill", URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1)),
                    "grill"));

    static KitchenStation.Ticket ticket(UUID id, int number, Duration open, String note) {
        return new KitchenStation.Ticket(id, number, T0.minus(open),
                List.of(new KitchenStation.Line("b-1", "Cheeseburger", 2, note)));
    }

    @Test
    void timersTakeTheStationsThresholdsAndSayThemInWords() {
        KitchenStation grill = new KitchenStation("grill", List.of(
                ticket(A, 7, Duration.ofMinutes(11), "<b>no onions</b>"),
                ticket(B, 8, Duration.ofMinutes(5), ""),
                ticket(C, 9, Duration.ofSeconds(299), "")),
                List.of(new KitchenStation.AllDay("b-1", "Cheeseburger", 6)),
                List.of(new KitchenStation.Bumped(UUID.randomUUID(), 6, T0)), 300, 600, T0);
        assertEquals(KdsPage.Timer.LATE, KdsPage.Timer.of(grill, grill.tickets().get(0), T0));
        assertEquals(KdsPage.Timer.WARNING, KdsPage.Timer.of(grill, grill.tickets().get(1), T0), "at the threshold");
        assertEquals(KdsPage.Timer.ON_TIME, KdsPage.Timer.of(grill, grill.tickets().get(2), T0));

        String html = page.render(Optional.of(grill), T0);
        assertTrue(html.contains("<article class=\"ticket late\" data-order=\"" + A + "\" data-timer=\"LATE\"><header>"
                + "<span>#7</span><span>11:00 late</span>"), html);
        assertTrue(html.contains("class=\"ticket warning\"") && html.contains("5:00 warning"), html);
        assertTrue(html.contains("4:59 on time"), html);
        assertTrue(html.contains("&lt;b&gt;no onions&lt;/b&gt;") && !html.contains("<b>no onions"), "notes are escaped");
        assertTrue(html.contains("<button data-bump=\"" + A + "\">Bump #7</button>"), html);
        assertTrue(html.contains(">Recall #6</button>"), html);
        assertTrue(html.contains("<td>Cheeseburger</td><td class=\"q\">6</td>"), html);
    }

    @Test
    void beforeTheApplianceSpokeThePageSaysItWaitsAndWithNothingBumpedRecallIsOff() {
        assertTrue(page.render(Optional.empty(), T0).contains("Station grill: waiting for the appliance"));
        String empty = page.render(Optional.of(new KitchenStation("grill", List.of(), List.of(), List.of(), 300, 600, T0)), T0);
        assertTrue(empty.contains("No open tickets.") && empty.contains("<button disabled>Nothing to recall</button>"), empty);
    }

    @Test
    void aKitchenScreenNeedsItsStationAndNoOtherRoleTakesOne() {
        String device = "site.id = store-1\ndevice.id = kds-1\nbroker.url = tcp://127.0.0.1:1883\nbroker.password = pw\n";
        assertEquals(Optional.of("grill"),
                DisplayConfig.from(ConfigFile.parse("test", device + "display.role = kds\ndisplay.station = grill\n")).station());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> DisplayConfig.from(ConfigFile.parse("test", device + "display.role = kds\n")));
        assertTrue(missing.getMessage().contains("display.station is required with display.role = kds"), missing.getMessage());
        ConfigException board = assertThrows(ConfigException.class,
                () -> DisplayConfig.from(ConfigFile.parse("test", device + "display.station = grill\n")));
        assertTrue(board.getMessage().contains("display.station is only for display.role = kds, was 'grill' with"
                + " display.role = board"), board.getMessage());
    }
}
