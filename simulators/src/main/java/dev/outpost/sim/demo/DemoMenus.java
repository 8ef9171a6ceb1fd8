package dev.outpost.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.api.json.Json;
import dev.outpost.sim.chain.ChainProbe;
import dev.outpost.sim.chain.LocalChain;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The demo's menus, made as HQ staff would make them through the relay: the store in the store directory, a "main"
 * menu in US English and Spanish published, and a plan that puts it live there {@link #FIRST_FLIP} later (the store's
 * screens flip to it together), signed off by the approver. Kept
 * from an earlier run (the demo's state directory), nothing is made twice.
 */
final class DemoMenus {
    static final String VARIANT = "main";
    /** How long after it is seeded the demo menu goes live: the screens show the fail-safe menu until they flip. */
    static final Duration FIRST_FLIP = Duration.ofSeconds(40);
    static final String BASE = """
            {"currency": "USD", "locales": ["en-US", "es-US"],
             "dayparts": {"breakfast": {"from": "06:00", "until": "10:30"}, "lunch": {"from": "10:30", "until": "22:00"}},
             "categories": {
               "burgers": {"names": {"en-US": "Burgers", "es-US": "Hamburguesas"}, "sort": 1},
               "sides": {"names": {"en-US": "Sides", "es-US": "Acompañamientos"}, "sort": 2},
               "drinks": {"names": {"en-US": "Drinks", "es-US": "Bebidas"}, "sort": 3}},
             "items": {
               "big-burger": {"names": {"en-US": "Big Burger", "es-US": "Hamburguesa grande"},
                 "price": {"amount_minor": 899, "currency": "USD"}, "category": "burgers", "calories": 540,
                 "allergens": {"contains": ["milk", "cereals_gluten", "sesame"], "may_contain": ["mustard"]},
                 "dayparts": ["lunch"]},
               "egg-muffin": {"names": {"en-US": "Egg Muffin", "es-US": "Muffin de huevo"},
                 "price": {"amount_minor": 449, "currency": "USD"}, "category": "burgers", "calories": 310,
                 "allergens": {"contains": ["eggs", "milk", "cereals_gluten"], "may_contain": []},
                 "dayparts": ["breakfast"]},
               "fries": {"names": {"en-US": "Fries", "es-US": "Papas fritas"},
                 "price": {"amount_minor": 299, "currency": "USD"}, "category": "sides", "calories": 320,
                 "allergens": {"contains": [], "may_contain": []}},
               "cola": {"names": {"en-US": "Cola", "es-US": "Refresco de cola"},
                 "price": {"amount_minor": 199, "currency": "USD"}, "category": "drinks", "calories": 140,
                 "allergens": {"contains": [], "may_contain": []}}}}""";

    private DemoMenus() {
    }

    /** Seeds the menus; the plan goes live {@link #FIRST_FLIP} after {@code clock} reads now. */
    static void seed(LocalChain chain, String siteId, InstantSource clock) throws IOException {
        URI relay = chain.relayUrl();
        ChainProbe admin = new ChainProbe(chain, LocalChain.ADMIN);
        ChainProbe publisher = new ChainProbe(chain, LocalChain.PUBLISHER);
        expect(admin, admin.sendAsStaff("PUT", relay.resolve("/v1/stores/" + siteId), Map.of("region", "NA",
                "country", "US", "zone", "America/New_York", "tags", List.of("drive-thru")), "demo: the store"), 200);
        ChainProbe.Answer created = publisher.sendAsStaff("POST", relay.resolve("/v1/variants"),
                Map.of("id", VARIANT, "name", "Main menu"), "demo: the store's menu");
        if (created.status() == 409) {
            return;
        }
        expect(publisher, created, 201);
        expect(publisher, publisher.sendAsStaff("PUT", relay.resolve("/v1/variants/" + VARIANT + "/layers/global"),
                Map.of("document", Json.tree(BASE)), "demo: the base menu"), 200);
        expect(publisher, publisher.sendAsStaff("POST", relay.resolve("/v1/variants/" + VARIANT + "/publish"), Map.of(),
                "demo: the first version"), 201);
        JsonNode plan = expect(publisher, publisher.sendAsStaff("POST", relay.resolve("/v1/plans"), Map.of("variant",
                VARIANT, "version", 1, "activate_at", clock.instant().plus(FIRST_FLIP).toString()),
                "demo: the screens flip to it together"), 201);
        ChainProbe approver = new ChainProbe(chain, LocalChain.APPROVER);
        expect(approver, approver.sendAsStaff("POST", relay.resolve("/v1/plans/" + plan.get("id").textValue() + "/signoff"),
                Map.of("country", "US"), "demo: US sign-off"), 200);
    }

    private static JsonNode expect(ChainProbe probe, ChainProbe.Answer answer, int status) throws IOException {
        if (answer.status() != status) {
            throw new IOException("demo menus: expected " + status + ": " + probe.lastSeen());
        }
        return answer.body().orElseThrow(() -> new IOException("demo menus: no body: " + probe.lastSeen()));
    }
}
