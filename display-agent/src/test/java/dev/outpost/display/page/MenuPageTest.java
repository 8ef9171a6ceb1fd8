package dev.outpost.display.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.display.menu.MenuFiles;
import dev.outpost.display.menu.ShownMenu;
import dev.outpost.display.tier.Screen;
import dev.outpost.site.message.MenuTier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The page per tier: FRESH the full menu alone; STALE the full menu under a manager banner in words; EXPIRED the
 * fail-safe menu only; an override the full menu under a banner saying who and until when.
 */
class MenuPageTest {
    static final Instant T0 = Instant.parse("2027-03-01T11:00:00Z");
    static final byte[] FULL = ("{\"currency\": \"USD\", \"locales\": [\"en-US\"], \"categories\": {\"mains\": {\"names\":"
            + " {\"en-US\": \"Mains\"}, \"sort\": 1}}, \"items\": {\"burger\": {\"names\": {\"en-US\": \"Cheeseburger\"},"
            + " \"price\": {\"amount_minor\": 599, \"currency\": \"USD\"}, \"category\": \"mains\"}}}")
            .getBytes(StandardCharsets.UTF_8);
    static final ShownMenu LKG = new ShownMenu("main/v2", MenuFiles.sha256(FULL), FULL, UUID.randomUUID(), T0, false, 5,
            1, T0.plus(Duration.ofDays(3)));

    final MenuPage page = new MenuPage("board-1", "en-US", () -> null);

    String render(MenuTier tier, Instant now) {
        return page.render(Screen.of(LKG, Optional.ofNullable(tier), now));
    }

    @Test
    void freshShowsTheFullMenuWithoutABanner() {
        String html = render(MenuTier.of(MenuTier.Tier.FRESH, T0, T0), T0.plusSeconds(60));
        assertTrue(html.contains("Cheeseburger"), html);
        assertTrue(html.contains("5.99 USD"), html);
        assertFalse(html.contains("banner"), html);
        assertTrue(html.contains("data-tier=\"FRESH\""), html);
    }

    @Test
    void staleShowsTheFullMenuUnderAManagerBannerSayingSinceWhenInWords() {
        Instant since = T0.plus(Duration.ofHours(24));
        String html = render(MenuTier.of(MenuTier.Tier.STALE, since, since), since.plus(Duration.ofHours(5)));
        assertTrue(html.contains("Cheeseburger"), "the full menu still: " + html);
        assertTrue(html.contains("<div class=\"banner banner-stale\" role=\"status\" aria-live=\"polite\">"
                + "<strong>Manager notice:</strong> menu out of date since 2027-03-02 11:00 UTC (5 h ago). Items and"
                + " prices may not be current; the screen switches to a limited menu if no update arrives.</div>"), html);
    }

    @Test
    void expiredShowsOnlyTheFailSafeSubset() {
        Instant since = T0.plus(Duration.ofHours(72));
        String html = render(MenuTier.of(MenuTier.Tier.EXPIRED, since, since), since.plus(Duration.ofDays(2)));
        assertFalse(html.contains("Cheeseburger"), "nothing of the expired menu: " + html);
        assertTrue(html.contains("Bottled water"), "the baked-in fail-safe menu: " + html);
        assertTrue(html.contains("<strong>Limited menu:</strong> the menu expired on 2027-03-04 11:00 UTC (2 days 0 h"
                + " ago); only the items always available are shown."), html);
        assertTrue(html.contains("data-version=\"fail-safe\""), html);
    }

    @Test
    void anOverrideShowsTheFullMenuUnderABannerSayingWhoAndUntilWhen() {
        Instant since = T0.plus(Duration.ofHours(72));
        Instant now = since.plus(Duration.ofHours(10));
        String html = render(MenuTier.overridden(since, now.plus(Duration.ofHours(4)), "Ana Ruiz", now), now);
        assertTrue(html.contains("Cheeseburger"), html);
        assertFalse(html.contains("Bottled water"), html);
        assertTrue(html.contains("<strong>Manager override:</strong> the menu expired on 2027-03-04 11:00 UTC (10 h"
                + " ago); Ana Ruiz lets the full menu show until 2027-03-05 01:00 UTC."), html);
    }

    @Test
    void anOverrideEndsOnScreenAtItsEndInstantEvenIfTheApplianceCannotSaySo() {
        Instant since = T0.plus(Duration.ofHours(72));
        Instant until = since.plus(Duration.ofHours(4));
        MenuTier overridden = MenuTier.overridden(since, until, "Ana Ruiz", since);
        assertEquals(MenuTier.Tier.EXPIRED_OVERRIDDEN, Screen.of(LKG, Optional.of(overridden), until.minusMillis(1)).tier());
        Screen over = Screen.of(LKG, Optional.of(overridden), until);
        assertEquals(MenuTier.Tier.EXPIRED, over.tier());
        assertTrue(over.failSafe());
        assertFalse(page.render(over).contains("Cheeseburger"));
    }

    @Test
    void untilTheApplianceTellsATierTheScreenJudgesAloneByItsManifestsExpiry() {
        Screen before = Screen.of(LKG, Optional.empty(), LKG.expiresAt().minusMillis(1));
        assertEquals(MenuTier.Tier.FRESH, before.tier());
        assertFalse(before.told());
        Screen after = Screen.of(LKG, Optional.empty(), LKG.expiresAt());
        assertEquals(MenuTier.Tier.EXPIRED, after.tier());
        assertTrue(after.failSafe());
        assertTrue(page.render(after).contains("the menu on this screen expired on 2027-03-04 11:00 UTC (just now)"));
    }

    @Test
    void bannerTextIsEscaped() {
        Instant since = T0.plus(Duration.ofHours(72));
        String html = render(MenuTier.overridden(since, since.plus(Duration.ofHours(1)), "<b>Bo</b>", since), since);
        assertTrue(html.contains("&lt;b&gt;Bo&lt;/b&gt; lets the full menu show"), html);
    }
}
