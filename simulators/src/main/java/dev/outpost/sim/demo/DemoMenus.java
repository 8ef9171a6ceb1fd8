package dev.outpost.sim.demo;

import dev.outpost.api.json.Json;
import dev.outpost.sim.chain.LocalChain;
import dev.outpost.sim.chain.MenuDesk;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

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
        MenuDesk desk = new MenuDesk(chain);
        desk.putStore(siteId, "NA", "US", "America/New_York", List.of("drive-thru"), "demo: the store");
        if (!desk.createVariant(VARIANT, "Main menu", "demo: the store's menu")) {
            return;
        }
        desk.putLayer(VARIANT, "global", Json.tree(BASE), "demo: the base menu");
        int version = desk.publish(VARIANT, "demo: the first version");
        String plan = desk.plan(VARIANT, version, clock.instant().plus(FIRST_FLIP), "demo: the screens flip to it together");
        desk.signOff(plan, "US", "demo: US sign-off");
    }
}
