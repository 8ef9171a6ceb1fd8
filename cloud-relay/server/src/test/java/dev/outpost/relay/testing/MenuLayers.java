package dev.outpost.relay.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

/** Menu layers for tests, as a publisher sends them: a global base in EUR and English, and France's names and price. */
public final class MenuLayers {
    public static final String GLOBAL = """
            {"document": {
              "currency": "EUR", "locales": ["en-GB"],
              "categories": {"burgers": {"names": {"en-GB": "Burgers"}, "sort": 1}},
              "items": {
                "big-burger": {"names": {"en-GB": "Big Burger"}, "price": {"amount_minor": 899, "currency": "EUR"},
                  "category": "burgers", "allergens": {"contains": ["milk", "cereals_gluten"], "may_contain": ["sesame"]},
                  "calories": 540},
                "fries": {"names": {"en-GB": "Fries"}, "price": {"amount_minor": 299, "currency": "EUR"},
                  "category": "burgers", "allergens": {"contains": [], "may_contain": []}, "calories": 320}
              }},
             "reason": "base menu"}""";
    public static final String FRANCE = """
            {"document": {"locales": ["en-GB", "fr-FR"],
              "categories": {"burgers": {"names": {"fr-FR": "Burgers"}}},
              "items": {"big-burger": {"names": {"fr-FR": "Grand Burger"}, "price": {"amount_minor": 949}},
                        "fries": {"names": {"fr-FR": "Frites"}}}},
             "reason": "French names and price"}""";

    private MenuLayers() {
    }

    /** Store store-fr-1 (EU, FR) in the directory, and variant {@code main} with {@link #GLOBAL} and {@link #FRANCE}. */
    public static void frenchStoreWithMain(StaffClient admin, StaffClient publisher) throws Exception {
        ok(admin.send("PUT", "/v1/stores/store-fr-1", "{\"region\":\"EU\",\"country\":\"FR\",\"zone\":"
                + "\"Europe/Paris\",\"reason\":\"new store\"}"), 200);
        ok(publisher.send("POST", "/v1/variants", "{\"id\":\"main\",\"name\":\"Main menu\",\"reason\":\"new line\"}"),
                201);
        ok(publisher.send("PUT", "/v1/variants/main/layers/global", GLOBAL), 200);
        ok(publisher.send("PUT", "/v1/variants/main/layers/country:FR", FRANCE), 200);
    }

    private static void ok(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
    }
}
