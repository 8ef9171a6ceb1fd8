package dev.outpost.relay.testing;

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
}
