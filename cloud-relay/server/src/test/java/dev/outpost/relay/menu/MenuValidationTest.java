package dev.outpost.relay.menu;

import static dev.outpost.relay.menu.MenuFixtures.json;
import static dev.outpost.relay.menu.MenuFixtures.menu;
import static dev.outpost.relay.menu.MenuFixtures.menuWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every schema rule, with the exact path and message the console shows next to the field. */
class MenuValidationTest {

    static List<String> problems(JsonNode menu) {
        return MenuValidation.validate(menu).stream().map(MenuProblem::toString).toList();
    }

    static List<String> problems(String patch) {
        return problems(menuWith(patch));
    }

    @Test
    void theSampleMenuIsValid() {
        assertEquals(List.of(), problems(menu()));
    }

    @Test
    void aMenuIsAnObject() {
        assertEquals(List.of("menu: expected an object, was []"), problems(json("[]")));
    }

    @Test
    void topLevelFieldsAreRequiredExceptDayparts() {
        assertEquals(List.of(
                "currency: missing (required)",
                "locales: missing (required)",
                "categories: missing (required)",
                "items: missing (required)"), problems(json("{}")));
    }

    @Test
    void anUnknownFieldIsAProblemAndANearMissSaysWhatWasMeant() {
        assertEquals(List.of("itemz: unknown field; did you mean items?"), problems("{'itemz': {}}"));
        assertEquals(List.of("theme: unknown field; the menu's fields are currency, locales, dayparts, categories, items"),
                problems("{'theme': 'dark'}"));
    }

    @Test
    void currencyIsAKnownIso4217Code() {
        assertEquals(List.of("currency: must be an ISO 4217 currency code like USD, was usd"),
                problems("{'currency': 'usd'}"));
        assertEquals(List.of("currency: must be an ISO 4217 currency code like USD, was UDS"),
                problems("{'currency': 'UDS'}"));
        assertEquals(List.of("currency: expected a string, was 840"), problems("{'currency': 840}"));
    }

    @Test
    void localesAreCanonicalBcp47TagsAtLeastOneAndNoDuplicates() {
        assertEquals(List.of("locales: must list at least one locale, was []"), problems("{'locales': []}"));
        assertEquals(List.of("locales: expected an array, was \"en-US\""), problems("{'locales': 'en-US'}"));
        assertEquals(List.of("locales[1]: must be a BCP 47 language tag like en-US, was es_US"),
                problems("{'locales': ['en-US', 'es_US']}"));
        assertEquals(List.of("locales[1]: must be written es-US (BCP 47 canonical form), was es-us"),
                problems("{'locales': ['en-US', 'es-us']}"));
        assertEquals(List.of("locales[2]: en-US is listed twice"),
                problems("{'locales': ['en-US', 'es-US', 'en-US']}"));
        assertEquals(List.of("locales[1]: expected a string, was null"), problems("{'locales': ['en-US', null]}"));
    }

    @Test
    void unusableLocalesDoNotAlsoFlagEveryName() {
        assertEquals(List.of("locales[0]: must be a BCP 47 language tag like en-US, was \"\""),
                problems("{'locales': ['', 'es-US']}"));
    }

    @Test
    void everyNameIsGivenInEachOfTheMenusLocales() {
        assertEquals(List.of("items.fries.names: missing es-US (the menu's locales are en-US, es-US)"),
                problems("{'items': {'fries': {'names': {'es-US': {'$remove': true}}}}}"));
        assertEquals(List.of("categories.sides.names: missing en-US, es-US (the menu's locales are en-US, es-US)"),
                problems("{'categories': {'sides': {'names': {'en-US': {'$remove': true}, 'es-US': {'$remove': true}}}}}"));
        assertEquals(List.of(), problems("{'items': {'fries': {'names': {'fr-FR': 'Frites'}}}}"),
                "a name in a locale another country shows is allowed");
        assertEquals(List.of("items.fries.names.fr_FR: fr_FR is not a BCP 47 language tag in canonical form like en-US"
                + " (the menu's locales are en-US, es-US)"), problems("{'items': {'fries': {'names': {'fr_FR': 'Frites'}}}}"));
        assertEquals(List.of("items.fries.names.en-US: must not be blank, was \"  \""),
                problems("{'items': {'fries': {'names': {'en-US': '  '}}}}"));
        assertEquals(List.of("items.fries.names.en-US: expected a string, was [\"Fries\"]"),
                problems("{'items': {'fries': {'names': {'en-US': ['Fries']}}}}"));
        assertEquals(List.of("items.fries.names: expected an object, was \"Fries\""),
                problems("{'items': {'fries': {'names': 'Fries'}}}"));
    }

    @Test
    void descriptionsAreOptionalButWhenGivenCoverEveryLocale() {
        assertEquals(List.of(), problems("{'items': {'big-burger': {'descriptions': {'$remove': true}}}}"));
        assertEquals(List.of("items.fries.descriptions: missing es-US (the menu's locales are en-US, es-US)"),
                problems("{'items': {'fries': {'descriptions': {'en-US': 'Crisp'}}}}"));
    }

    @Test
    void idsAreLowerCaseWordsWithHyphens() {
        assertEquals(List.of("items.Fries: item id must match [a-z0-9][a-z0-9-]{0,63}, was Fries"),
                problems("{'items': {'Fries': " + item() + "}}"));
        assertEquals(List.of("items[\"big fries\"]: item id must match [a-z0-9][a-z0-9-]{0,63}, was \"big fries\""),
                problems("{'items': {'big fries': " + item() + "}}"));
        assertEquals(List.of("items.-fries: item id must match [a-z0-9][a-z0-9-]{0,63}, was -fries"),
                problems("{'items': {'-fries': " + item() + "}}"));
        String longId = "a".repeat(65);
        assertEquals(List.of("items." + longId + ": item id must match [a-z0-9][a-z0-9-]{0,63}, was " + longId),
                problems("{'items': {'" + longId + "': " + item() + "}}"));
        assertEquals(List.of(), problems("{'items': {'" + "a".repeat(64) + "': " + item() + "}}"));
        assertEquals(List.of("categories.Drinks: category id must match [a-z0-9][a-z0-9-]{0,63}, was Drinks"),
                problems("{'categories': {'Drinks': {'names': {'en-US': 'Drinks', 'es-US': 'Bebidas'}, 'sort': 30}}}"));
        assertEquals(List.of("dayparts.late_night: daypart id must match [a-z0-9][a-z0-9-]{0,63}, was late_night"),
                problems("{'dayparts': {'late_night': {'from': '23:00', 'until': '01:00'}}}"));
    }

    private static String item() {
        return """
                {'names': {'en-US': 'Fries', 'es-US': 'Papas'}, 'price': {'amount_minor': 1, 'currency': 'USD'},
                 'category': 'sides', 'allergens': {'contains': [], 'may_contain': []}, 'calories': 1}""";
    }

    @Test
    void daypartsAreOptionalAndEachRunsFromOneLocalTimeToAnother() {
        assertEquals(List.of(), problems(MenuFixtures.with(menu(), """
                {'dayparts': {'$remove': true}, 'items': {'big-burger': {'dayparts': {'$remove': true}}}}""")));
        assertEquals(List.of("dayparts.lunch.from: must be a local time HH:mm from 00:00 to 23:59, was 9:00"),
                problems("{'dayparts': {'lunch': {'from': '9:00'}}}"));
        assertEquals(List.of("dayparts.lunch.until: must be a local time HH:mm from 00:00 to 23:59, was 24:00"),
                problems("{'dayparts': {'lunch': {'until': '24:00'}}}"));
        assertEquals(List.of("dayparts.lunch.until: must not equal from (10:30): a daypart cannot start and end at the same time"),
                problems("{'dayparts': {'lunch': {'until': '10:30'}}}"));
        assertEquals(List.of("dayparts.lunch.until: missing (required)"),
                problems("{'dayparts': {'lunch': {'until': {'$remove': true}}}}"));
        assertEquals(List.of("dayparts.lunch.to: unknown field; a daypart's fields are from, until"),
                problems("{'dayparts': {'lunch': {'to': '16:00'}}}"));
        assertEquals(List.of("dayparts.lunch: expected an object, was \"10:30-16:00\""),
                problems("{'dayparts': {'lunch': '10:30-16:00'}}"));
    }

    @Test
    void categoriesHaveNamesAndAnIntegerSort() {
        assertEquals(List.of("categories.sides.sort: expected an integer, was \"20\""),
                problems("{'categories': {'sides': {'sort': '20'}}}"));
        assertEquals(List.of("categories.sides.sort: expected an integer, was 2.5"),
                problems("{'categories': {'sides': {'sort': 2.5}}}"));
        assertEquals(List.of(), problems("{'categories': {'sides': {'sort': -5}}}"));
        assertEquals(List.of("categories.sides.sort: missing (required)"),
                problems("{'categories': {'sides': {'sort': {'$remove': true}}}}"));
        assertEquals(List.of("categories.sides.name: unknown field; did you mean names?"),
                problems("{'categories': {'sides': {'name': 'Sides'}}}"));
    }

    @Test
    void anItemHasItsRequiredFields() {
        assertEquals(List.of(
                "items.fries.names: missing (required)",
                "items.fries.price: missing (required)",
                "items.fries.category: missing (required)",
                "items.fries.allergens: missing (required)",
                "items.fries.calories: missing (required)"), problems("""
                {'items': {'fries': {'names': {'$remove': true}, 'price': {'$remove': true},
                 'category': {'$remove': true}, 'allergens': {'$remove': true}, 'calories': {'$remove': true}}}}"""));
        assertEquals(List.of("items.fries: expected an object, was \"Fries\""),
                problems("{'items': {'fries': 'Fries'}}"));
        assertEquals(List.of("items.fries.colour: unknown field; an item's fields are names, descriptions, price, "
                        + "category, allergens, calories, dayparts, channels"),
                problems("{'items': {'fries': {'colour': 'gold'}}}"));
    }

    @Test
    void aPriceIsAnIntegerAmountOfMinorUnitsInTheMenuCurrency() {
        assertEquals(List.of("items.big-burger.price.currency: must equal the menu currency USD, was EUR"),
                problems("{'items': {'big-burger': {'price': {'currency': 'EUR'}}}}"));
        assertEquals(List.of("items.fries.price.amount_minor: must not be negative, was -1"),
                problems("{'items': {'fries': {'price': {'amount_minor': -1}}}}"));
        assertEquals(List.of("items.fries.price.amount_minor: expected an integer, was 2.99"),
                problems("{'items': {'fries': {'price': {'amount_minor': 2.99}}}}"));
        assertEquals(List.of("items.fries.price.amount_minor: expected an integer, was 299.0"),
                problems("{'items': {'fries': {'price': {'amount_minor': 299.0}}}}"));
        assertEquals(List.of("items.fries.price.amount_minor: expected an integer, was \"299\""),
                problems("{'items': {'fries': {'price': {'amount_minor': '299'}}}}"));
        assertEquals(List.of(), problems("{'items': {'fries': {'price': {'amount_minor': 9007199254740991}}}}"));
        assertEquals(List.of("items.fries.price.amount_minor: must be at most 9007199254740991 (the largest integer "
                        + "JSON carries exactly), was 9007199254740992"),
                problems("{'items': {'fries': {'price': {'amount_minor': 9007199254740992}}}}"));
        assertEquals(List.of("items.fries.price.amount_minor: must be at most 9007199254740991 (the largest integer "
                        + "JSON carries exactly), was 100000000000000000000"),
                problems("{'items': {'fries': {'price': {'amount_minor': 100000000000000000000}}}}"));
        assertEquals(List.of("items.fries.price.amount: unknown field; did you mean amount_minor?",
                        "items.fries.price.amount_minor: missing (required)"),
                problems("{'items': {'fries': {'price': {'amount_minor': {'$remove': true}, 'amount': 299}}}}"));
        assertEquals(List.of("items.fries.price: expected an object, was 299"),
                problems("{'items': {'fries': {'price': 299}}}"));
    }

    @Test
    void anItemCurrencyIsCheckedOnItsOwnWhenTheMenuCurrencyIsUnusable() {
        assertEquals(List.of("currency: missing (required)",
                        "items.fries.price.currency: must be an ISO 4217 currency code like USD, was US"),
                problems("{'currency': {'$remove': true}, 'items': {'fries': {'price': {'currency': 'US'}}}}"));
    }

    @Test
    void anItemNamesOneOfTheCategories() {
        assertEquals(List.of("items.fries.category: must name a category, was drinks (categories: burgers, sides)"),
                problems("{'items': {'fries': {'category': 'drinks'}}}"));
        assertEquals(List.of("items.fries.category: expected a string, was [\"sides\"]"),
                problems("{'items': {'fries': {'category': ['sides']}}}"));
    }

    @Test
    void caloriesAreAWholeNonNegativeNumber() {
        assertEquals(List.of("items.fries.calories: must not be negative, was -320"),
                problems("{'items': {'fries': {'calories': -320}}}"));
        assertEquals(List.of("items.fries.calories: expected an integer, was 320.5"),
                problems("{'items': {'fries': {'calories': 320.5}}}"));
        assertEquals(List.of("items.fries.calories: must not be negative, was -100000000000000000000"),
                problems("{'items': {'fries': {'calories': -100000000000000000000}}}"));
        assertEquals(List.of(), problems("{'items': {'fries': {'calories': 0}}}"));
    }

    @Test
    void nullIsAValueAndIsRejectedWhereverItIsNotAllowed() {
        assertEquals(List.of("items.fries.calories: expected an integer, was null"),
                problems("{'items': {'fries': {'calories': null}}}"));
        assertEquals(List.of("items.big-burger.descriptions: expected an object, was null"),
                problems("{'items': {'big-burger': {'descriptions': null}}}"));
        assertEquals(List.of("dayparts: expected an object, was null"), problems("{'dayparts': null}"));
    }

    @Test
    void anItemsDaypartsNameAtLeastOneDaypartOnce() {
        assertEquals(List.of("items.big-burger.dayparts[0]: must name a daypart, was dinner "
                        + "(dayparts: breakfast, late, lunch)"),
                problems("{'items': {'big-burger': {'dayparts': ['dinner']}}}"));
        assertEquals(List.of("items.big-burger.dayparts: must name at least one daypart, was [] "
                        + "(leave dayparts out for all day)"),
                problems("{'items': {'big-burger': {'dayparts': []}}}"));
        assertEquals(List.of("items.big-burger.dayparts[1]: lunch is listed twice"),
                problems("{'items': {'big-burger': {'dayparts': ['lunch', 'lunch']}}}"));
        assertEquals(List.of("items.big-burger.dayparts[0]: must name a daypart, was lunch (the menu has no dayparts)"),
                problems("{'dayparts': {'$remove': true}, 'items': {'big-burger': {'dayparts': ['lunch']}}}"));
    }

    @Test
    void referencesAreNotCheckedAgainstAMapThatIsItselfBroken() {
        assertEquals(List.of("dayparts: expected an object, was []"), problems("{'dayparts': []}"));
        assertEquals(List.of("categories: expected an object, was \"burgers\""), problems("{'categories': 'burgers'}"));
    }

    @Test
    void channelsAreNonBlankAndListedOnce() {
        assertEquals(List.of("items.big-burger.channels[1]: must not be blank, was \" \""),
                problems("{'items': {'big-burger': {'channels': ['website', ' ']}}}"));
        assertEquals(List.of("items.big-burger.channels[1]: website is listed twice"),
                problems("{'items': {'big-burger': {'channels': ['website', 'website']}}}"));
        assertEquals(List.of("items.big-burger.channels: expected an array, was \"website\""),
                problems("{'items': {'big-burger': {'channels': 'website'}}}"));
        assertEquals(List.of(), problems("{'items': {'big-burger': {'channels': []}}}"));
    }

    @Test
    void allergensDeclareBothListsFromTheVocabularyWithoutDuplicatesOrOverlap() {
        assertEquals(List.of("items.fries.allergens.may_contain: milk is also in contains"),
                problems("{'items': {'fries': {'allergens': {'contains': ['milk'], 'may_contain': ['milk']}}}}"));
        assertEquals(List.of("items.fries.allergens.contains[0]: must be one of celery, cereals_gluten, crustaceans, "
                        + "eggs, fish, lupin, milk, molluscs, mustard, peanuts, sesame, soybeans, sulphites, "
                        + "tree_nuts, was gluten"),
                problems("{'items': {'fries': {'allergens': {'contains': ['gluten']}}}}"));
        assertEquals(List.of("items.fries.allergens.contains[1]: eggs is listed twice"),
                problems("{'items': {'fries': {'allergens': {'contains': ['eggs', 'eggs']}}}}"));
        assertEquals(List.of("items.fries.allergens.may_contain: missing (required)"),
                problems("{'items': {'fries': {'allergens': {'may_contain': {'$remove': true}}}}}"));
        assertEquals(List.of("items.fries.allergens.contains: expected an array, was null"),
                problems("{'items': {'fries': {'allergens': {'contains': null}}}}"));
        assertEquals(List.of("items.fries.allergens.may_contains: unknown field; did you mean may_contain?"),
                problems("{'items': {'fries': {'allergens': {'may_contains': ['sesame']}}}}"));
        assertEquals(List.of("items.fries.allergens: expected an object, was [\"milk\"]"),
                problems("{'items': {'fries': {'allergens': ['milk']}}}"));
    }

    @Test
    void allergenProblemsAreOfTheirOwnKind() {
        List<MenuProblem> problems = MenuValidation.validate(menuWith("""
                {'items': {'fries': {'allergens': {'$remove': true}, 'alergens': {'contains': ['milk']},
                                     'calories': -1},
                           'big-burger': {'allergens': {'may_contain': ['milk', 'peanut']}}}}"""));
        assertEquals(List.of(
                new MenuProblem(MenuProblem.Kind.ALLERGENS, "items.big-burger.allergens.may_contain[1]",
                        "must be one of " + String.join(", ", MenuValidation.ALLERGENS) + ", was peanut"),
                new MenuProblem(MenuProblem.Kind.ALLERGENS, "items.big-burger.allergens.may_contain",
                        "milk is also in contains"),
                new MenuProblem(MenuProblem.Kind.SCHEMA, "items.fries.alergens", "unknown field; did you mean allergens?"),
                new MenuProblem(MenuProblem.Kind.ALLERGENS, "items.fries.allergens", "missing (required)"),
                new MenuProblem(MenuProblem.Kind.SCHEMA, "items.fries.calories", "must not be negative, was -1")),
                problems);
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        assertEquals(List.of(
                "currency: must be an ISO 4217 currency code like USD, was dollars",
                "dayparts.lunch.from: must be a local time HH:mm from 00:00 to 23:59, was noon",
                "items.big-burger.price.amount_minor: must not be negative, was -899",
                "items.big-burger.calories: expected an integer, was \"540\"",
                "items.fries.names: missing es-US (the menu's locales are en-US, es-US)",
                "items.fries.category: must name a category, was drinks (categories: burgers, sides)"),
                problems("""
                        {'currency': 'dollars', 'dayparts': {'lunch': {'from': 'noon'}},
                         'items': {'big-burger': {'price': {'amount_minor': -899}, 'calories': '540'},
                                   'fries': {'names': {'es-US': {'$remove': true}}, 'category': 'drinks'}}}"""));
    }

    @Test
    void aLoneSurrogateIsRefusedBecauseTheCanonicalBlobCouldNotCarryIt() {
        ObjectNode menu = menu();
        ((ObjectNode) menu.at("/items/fries/names")).set("en-US", TextNode.valueOf("Fries \uD800"));
        assertEquals(List.of("items.fries.names.en-US: must be valid Unicode, has a lone surrogate U+D800 at index 6"),
                problems(menu));
    }

    @Test
    void aKeyThatIsNotAPlainWordIsQuotedInThePath() {
        assertEquals(List.of("items.fries.names[\"en US\"]: \"en US\" is not a BCP 47 language tag in canonical form like"
                + " en-US (the menu's locales are en-US, es-US)"),
                problems("{'items': {'fries': {'names': {'en US': 'Fries'}}}}"));
    }
}
