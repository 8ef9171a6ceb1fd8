package dev.outpost.sim.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.Json;
import dev.outpost.sim.chain.Await;
import dev.outpost.sim.chain.ChainPlan;
import dev.outpost.sim.chain.ChainProbe;
import dev.outpost.sim.chain.LocalChain;
import dev.outpost.sim.chain.MenuDesk;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Flips of one store's screens, every part its own process ({@link LocalChain}): a relay, the store's appliance and
 * {@code screens} display agents showing the same menu. HQ publishes {@code flips} versions and plans each
 * {@code every} apart; the appliance prepares every screen {@link #LEAD} ahead and commits them at the instant; each
 * screen reports its commit instant in site time, and the appliance's {@code GET /v1/flips} has the skew (latest minus
 * earliest commit) of every flip. What it measures is the commit skew of ARCHITECTURE.md §5.4.
 */
public final class FlipsLoad {
    public static final String STORE = "store-flips";
    public static final String VARIANT = "main";
    /** The appliance's flip.lead here: PREPARE this long before each activation (flips are {@code every} apart). */
    static final Duration LEAD = Duration.ofSeconds(3);
    /** Time from the last plan to the first activation: the manifest, the blobs and PREPARE reach the site. */
    static final Duration SETTLE = Duration.ofSeconds(20);
    /** A flip the appliance has not recorded this long after its instant was missed (seen too late, skipped). */
    static final Duration MISSED_AFTER = Duration.ofSeconds(10);
    private static final String MENU = """
            {"currency": "USD", "locales": ["en-US"],
             "categories": {"drinks": {"names": {"en-US": "Drinks"}, "sort": 1}},
             "items": {"cola": {"names": {"en-US": "Cola"}, "price": {"amount_minor": 199, "currency": "USD"},
               "category": "drinks", "calories": 140, "allergens": {"contains": [], "may_contain": []}}}}""";

    /**
     * One flip as the appliance saw it: its state there (COMMITTED, ABORTED, MIXED) or MISSED, {@code committed}
     * screens, {@code autonomous} of them on their own grace timer.
     */
    public record Flip(String versionId, String state, int committed, int autonomous, Long skewMs) {
    }

    private FlipsLoad() {
    }

    /** One store with {@code screens} menu boards, reporting every second; the appliance prepares {@link #LEAD} ahead. */
    public static ChainPlan plan(int screens) {
        List<ChainPlan.Device> boards = new ArrayList<>();
        for (int i = 1; i <= screens; i++) {
            boards.add(ChainPlan.Device.display("board-" + i, "board"));
        }
        return new ChainPlan(List.of(new ChainPlan.Site(STORE, boards)), Duration.ofSeconds(1))
                .withKeys(STORE, Map.of("flip.lead", LEAD.toSeconds() + "s"));
    }

    /**
     * Publishes and plans {@code flips} versions {@code every} apart on the running {@code chain} (started from
     * {@link #plan}; {@code clock} reads the chain's time, the system's for a local chain) and waits until the
     * appliance has decided each and every screen that took part has committed; returns the flips, oldest first.
     */
    public static List<Flip> run(LocalChain chain, int flips, Duration every, InstantSource clock, PrintStream log)
            throws IOException, TimeoutException {
        MenuDesk desk = new MenuDesk(chain);
        desk.putStore(STORE, "NA", "US", "America/New_York", List.of(), "load flips: the store");
        desk.createVariant(VARIANT, "Main menu", "load flips: the menu");
        List<Integer> versions = new ArrayList<>();
        ObjectNode menu = (ObjectNode) Json.tree(MENU);
        for (int i = 0; i < flips; i++) {
            // every version a blob of its own: the price goes up a cent each time
            ((ObjectNode) menu.at("/items/cola/price")).put("amount_minor", 199 + i);
            desk.putLayer(VARIANT, "global", menu, "load flips: price " + (199 + i));
            versions.add(desk.publish(VARIANT, "load flips: version " + (i + 1)));
        }
        Instant first = clock.instant().plus(SETTLE);
        for (int i = 0; i < flips; i++) {
            String planId = desk.plan(VARIANT, versions.get(i), first.plus(every.multipliedBy(i)), "load flips: flip " + (i + 1));
            desk.signOff(planId, "US", "load flips: sign-off");
        }
        Instant last = first.plus(every.multipliedBy(flips - 1));
        log.printf("load flips: %d flips planned %d s apart, the first at %s, the last at %s%n", flips, every.toSeconds(),
                first, last);
        Map<String, Instant> wanted = new LinkedHashMap<>();
        for (int i = 0; i < flips; i++) {
            wanted.put(VARIANT + "/v" + versions.get(i), first.plus(every.multipliedBy(i)));
        }
        ChainProbe probe = new ChainProbe(chain);
        URI view = chain.health().get(STORE).resolve("/v1/flips");
        Duration deadline = Duration.between(clock.instant(), last).plus(SETTLE).plus(Duration.ofMinutes(1));
        return Await.until("every planned flip decided with its screens committed", deadline,
                () -> probe.get(view).flatMap(v -> decided(v, wanted, clock.instant())), probe::lastSeen);
    }

    /**
     * The flips of the {@code wanted} versions (by activation), oldest first, once each is decided and its committing
     * screens all have, or ABORTED, or MISSED: the appliance has no flip for it {@link #MISSED_AFTER} after its instant
     * (it saw the activation too late and skipped it).
     */
    private static Optional<List<Flip>> decided(JsonNode view, Map<String, Instant> wanted, Instant now) {
        List<Flip> out = new ArrayList<>();
        for (Map.Entry<String, Instant> w : wanted.entrySet()) {
            String version = w.getKey();
            JsonNode flip = null;
            for (JsonNode f : view.get("flips")) {
                if (f.get("version_id").textValue().equals(version) && f.get("locale").textValue().equals("en-US")) {
                    flip = f;
                }
            }
            if (flip == null && now.isAfter(w.getValue().plus(MISSED_AFTER))) {
                out.add(new Flip(version, "MISSED", 0, 0, null));
                continue;
            }
            if (flip == null || flip.get("state").textValue().equals("PREPARING")) {
                return Optional.empty();
            }
            boolean aborted = flip.get("state").textValue().equals("ABORTED");
            int committed = 0;
            int autonomous = 0;
            for (JsonNode d : flip.get("devices")) {
                if (!aborted && d.path("answer").asText().equals("PREPARED") && !d.path("committed_at").isTextual()) {
                    return Optional.empty(); // its commit report is on its way
                }
                committed += d.path("committed_at").isTextual() ? 1 : 0;
                autonomous += d.path("autonomous").asBoolean() ? 1 : 0;
            }
            out.add(new Flip(version, flip.get("state").textValue(), committed, autonomous,
                    flip.path("skew_ms").isNumber() ? flip.get("skew_ms").longValue() : null));
        }
        return Optional.of(out);
    }
}
