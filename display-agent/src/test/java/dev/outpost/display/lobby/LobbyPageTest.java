package dev.outpost.display.lobby;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.site.message.LobbyBoard;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LobbyPageTest {
    final LobbyPage page = new LobbyPage(Optional::empty);

    @Test
    void twoColumnsOfOrderNumbersPreparingAndReady() {
        String html = page.render(Optional.of(new LobbyBoard(List.of(12, 14), List.of(11), Instant.EPOCH)));
        assertTrue(html.contains("<h2 id=\"h-preparing\">Preparing</h2><ul class=\"numbers\" data-column=\"preparing\">"
                + "<li>12</li><li>14</li></ul>"), html);
        assertTrue(html.contains("data-column=\"ready\"><li>11</li></ul>"), html);
        assertTrue(!html.contains("Waiting"), html);
        assertTrue(page.render(Optional.empty()).contains("Waiting for the appliance"));
    }
}
