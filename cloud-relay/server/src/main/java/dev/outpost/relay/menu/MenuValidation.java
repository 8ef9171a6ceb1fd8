package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.IllformedLocaleException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a merged menu against the menu schema (see the package documentation) and returns every problem,
 * not just the first: the console shows each next to its field.
 */
public final class MenuValidation {
    /** The allergen vocabulary: the EU's fourteen, with tree nuts named apart from peanuts. */
    public static final List<String> ALLERGENS = List.of("celery", "cereals_gluten", "crustaceans", "eggs", "fish",
            "lupin", "milk", "molluscs", "mustard", "peanuts", "sesame", "soybeans", "sulphites", "tree_nuts");

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final List<String> MENU_FIELDS = List.of("currency", "locales", "dayparts", "categories", "items");
    private static final List<String> DAYPART_FIELDS = List.of("from", "until");
    private static final List<String> CATEGORY_FIELDS = List.of("names", "sort");

    private final Problems problems = new Problems();

    private MenuValidation() {
    }

    /** Every problem of {@code menu}, in document order; empty when the menu is valid. */
    public static List<MenuProblem> validate(JsonNode menu) {
        Objects.requireNonNull(menu, "menu");
        MenuValidation validation = new MenuValidation();
        validation.menu(menu);
        return validation.problems.all();
    }

    private void menu(JsonNode value) {
        ObjectNode menu = problems.object("", value);
        if (menu == null) {
            return;
        }
        problems.onlyFields(menu, "", "the menu's", MENU_FIELDS);
        String currency = currency(problems.required(menu, "", "currency"));
        List<String> locales = locales(problems.required(menu, "", "locales"));
        Set<String> dayparts = dayparts(menu.get("dayparts"));
        Set<String> categories = categories(problems.required(menu, "", "categories"), locales);
        JsonNode items = problems.required(menu, "", "items");
        if (items != null) {
            new ItemValidation(problems, new MenuFacts(currency, locales, dayparts, categories)).items(items);
        }
    }

    private String currency(JsonNode value) {
        if (value == null) {
            return null;
        }
        String code = problems.text("currency", value);
        if (code == null) {
            return null;
        }
        if (!isCurrency(code)) {
            problems.add("currency", "must be an ISO 4217 currency code like USD, was " + MenuPaths.word(code));
            return null;
        }
        return code;
    }

    /** The menu's locales, or null when they are unusable (then no name is checked against them). */
    private List<String> locales(JsonNode value) {
        if (value == null) {
            return null;
        }
        ArrayNode array = problems.array("locales", value);
        if (array == null) {
            return null;
        }
        if (array.isEmpty()) {
            problems.add("locales", "must list at least one locale, was []");
            return null;
        }
        List<String> locales = new ArrayList<>();
        boolean usable = true;
        for (int i = 0; i < array.size(); i++) {
            String path = MenuPaths.index("locales", i);
            String tag = problems.text(path, array.get(i));
            if (tag == null) {
                usable = false;
                continue;
            }
            String canonical = canonicalTag(tag);
            if (canonical == null) {
                problems.add(path, "must be a BCP 47 language tag like en-US, was " + MenuPaths.word(tag));
                usable = false;
            } else if (!canonical.equals(tag)) {
                problems.add(path, "must be written " + canonical + " (BCP 47 canonical form), was "
                        + MenuPaths.word(tag));
                usable = false;
            } else if (locales.contains(tag)) {
                problems.add(path, tag + " is listed twice");
                usable = false;
            } else {
                locales.add(tag);
            }
        }
        return usable ? List.copyOf(locales) : null;
    }

    private static String canonicalTag(String tag) {
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            return locale.getLanguage().isEmpty() ? null : locale.toLanguageTag();
        } catch (IllformedLocaleException e) {
            return null;
        }
    }

    /** The daypart ids; empty when the menu has none, null when {@code dayparts} is not an object. */
    private Set<String> dayparts(JsonNode value) {
        if (value == null) {
            return Set.of();
        }
        ObjectNode dayparts = problems.object("dayparts", value);
        if (dayparts == null) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> entry : dayparts.properties()) {
            String path = MenuPaths.child("dayparts", entry.getKey());
            id(problems, path, entry.getKey(), "daypart");
            ids.add(entry.getKey());
            ObjectNode daypart = problems.object(path, entry.getValue());
            if (daypart == null) {
                continue;
            }
            problems.onlyFields(daypart, path, "a daypart's", DAYPART_FIELDS);
            String from = time(daypart, path, "from");
            String until = time(daypart, path, "until");
            if (from != null && from.equals(until)) {
                problems.add(MenuPaths.child(path, "until"),
                        "must not equal from (" + from + "): a daypart cannot start and end at the same time");
            }
        }
        return ids;
    }

    private String time(ObjectNode daypart, String path, String field) {
        JsonNode value = problems.required(daypart, path, field);
        if (value == null) {
            return null;
        }
        String fieldPath = MenuPaths.child(path, field);
        String time = problems.text(fieldPath, value);
        if (time != null && !TIME.matcher(time).matches()) {
            problems.add(fieldPath, "must be a local time HH:mm from 00:00 to 23:59, was " + MenuPaths.word(time));
            return null;
        }
        return time;
    }

    private Set<String> categories(JsonNode value, List<String> locales) {
        if (value == null) {
            return null;
        }
        ObjectNode categories = problems.object("categories", value);
        if (categories == null) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> entry : categories.properties()) {
            String path = MenuPaths.child("categories", entry.getKey());
            id(problems, path, entry.getKey(), "category");
            ids.add(entry.getKey());
            ObjectNode category = problems.object(path, entry.getValue());
            if (category == null) {
                continue;
            }
            problems.onlyFields(category, path, "a category's", CATEGORY_FIELDS);
            JsonNode names = problems.required(category, path, "names");
            if (names != null) {
                localized(problems, MenuPaths.child(path, "names"), names, locales);
            }
            JsonNode sort = problems.required(category, path, "sort");
            if (sort != null) {
                problems.integer(MenuPaths.child(path, "sort"), sort, -Problems.MAX_INTEGER);
            }
        }
        return ids;
    }

    static void id(Problems problems, String path, String id, String what) {
        if (!ID.matcher(id).matches()) {
            problems.add(path, what + " id must match " + ID + ", was " + MenuPaths.word(id));
        }
    }

    /**
     * A text per locale: exactly the menu's locales, each non-blank. Screens never fall back to another
     * language, so a missing translation is a problem here rather than a gap on a screen.
     */
    static void localized(Problems problems, String path, JsonNode value, List<String> locales) {
        ObjectNode texts = problems.object(path, value);
        if (texts == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : texts.properties()) {
            String textPath = MenuPaths.child(path, entry.getKey());
            // a name in a locale this menu does not show is allowed (a global layer may name items in every
            // country's language; each country picks its locales), but it must be a tag, so a typo is not lost
            if (!entry.getKey().equals(canonicalTag(entry.getKey()))) {
                problems.add(textPath, MenuPaths.word(entry.getKey()) + " is not a BCP 47 language tag in canonical"
                        + " form like en-US" + (locales == null ? "" : " (the menu's locales are "
                        + String.join(", ", locales) + ")"));
            }
            problems.nonBlank(textPath, entry.getValue());
        }
        if (locales != null) {
            List<String> missing = locales.stream().filter(locale -> !texts.has(locale)).toList();
            if (!missing.isEmpty()) {
                problems.add(path, "missing " + String.join(", ", missing) + " (the menu's locales are "
                        + String.join(", ", locales) + ")");
            }
        }
    }

    static boolean isCurrency(String code) {
        return CURRENCY.matcher(code).matches() && CURRENCIES.contains(code);
    }
}
