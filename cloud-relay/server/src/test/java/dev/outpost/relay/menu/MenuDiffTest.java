package dev.outpost.relay.menu;

import static dev.outpost.relay.menu.MenuFixtures.menu;
import static dev.outpost.relay.menu.MenuFixtures.menuWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.relay.menu.MenuDiff.Field;
import dev.outpost.relay.menu.MenuDiff.ItemChange;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MenuDiffTest {

    static MenuDiff diff(String patch) {
        return MenuDiff.between(menu(), menuWith(patch));
    }

    @Test
    void withNoPreviousMenuEveryItemIsAdded() {
        MenuDiff diff = MenuDiff.between(null, menu());
        assertEquals(List.of("big-burger", "fries"), diff.added());
        assertEquals(List.of(), diff.removed());
        assertEquals(List.of(), diff.changed());
        assertEquals(List.of("currency", "locales", "dayparts.breakfast", "dayparts.late", "dayparts.lunch",
                "categories.burgers", "categories.sides"), diff.otherChanges());
        assertFalse(diff.highRisk());
    }

    @Test
    void theSameMenuInAnotherKeyAndSetOrderIsNoChange() {
        assertTrue(MenuDiff.between(menu(), menu()).isEmpty());
        MenuDiff diff = MenuDiff.between(menu(), ResolvedMenuTest.reversed(menu()).deepCopy());
        assertTrue(diff.isEmpty(), () -> diff.changed() + " " + diff.otherChanges());
    }

    @Test
    void theOrderOfTheLocalesIsNoChange() {
        assertTrue(diff("{'locales': ['es-US', 'en-US']}").isEmpty());
    }

    @Test
    void numbersCompareByValueWhateverNodeTypeHoldsThem() {
        ObjectNode built = menu();
        ((ObjectNode) built.at("/items/fries/price")).put("amount_minor", 299L);
        ((ObjectNode) built.at("/items/fries")).put("calories", 320L);
        assertTrue(MenuDiff.between(menu(), built).isEmpty());
    }

    @Test
    void itemsAddedAndRemoved() {
        MenuDiff diff = diff("""
                {'items': {'fries': {'$remove': true},
                           'shake': {'names': {'en-US': 'Shake', 'es-US': 'Batido'}, 'category': 'sides',
                                     'price': {'amount_minor': 399, 'currency': 'USD'}, 'calories': 600,
                                     'allergens': {'contains': ['milk'], 'may_contain': []}}}}""");
        assertEquals(List.of("shake"), diff.added());
        assertEquals(List.of("fries"), diff.removed());
        assertEquals(List.of(), diff.changed());
        assertFalse(diff.highRisk(), "removing a whole item loses no declaration on a remaining item");
        assertFalse(diff.isEmpty());
    }

    @Test
    void aChangedItemSaysWhichFieldsChangedAndGivesBothPrices() {
        MenuDiff diff = diff("""
                {'items': {'big-burger': {'price': {'amount_minor': 949}, 'names': {'es-US': 'Hamburguesa Grande'},
                                          'category': 'sides', 'calories': 560, 'dayparts': ['lunch'],
                                          'channels': ['website'], 'descriptions': {'$remove': true},
                                          'allergens': {'contains': ['milk', 'cereals_gluten', 'eggs']}}}}""");
        assertEquals(List.of(new ItemChange("big-burger",
                Set.of(Field.PRICE, Field.NAMES, Field.DESCRIPTIONS, Field.CATEGORY, Field.ALLERGENS, Field.CALORIES,
                        Field.DAYPARTS, Field.CHANNELS),
                new Price(899, "USD"), new Price(949, "USD"))), diff.changed());
        assertFalse(diff.highRisk(), diff.highRiskReasons()::toString);
    }

    @Test
    void anUnchangedPriceIsStillReportedOnAChangedItem() {
        assertEquals(List.of(new ItemChange("fries", Set.of(Field.CALORIES), new Price(299, "USD"), new Price(299, "USD"))),
                diff("{'items': {'fries': {'calories': 330}}}").changed());
    }

    @Test
    void anAllergenMovedFromMayContainToContainsIsNotHighRisk() {
        MenuDiff diff = diff("{'items': {'big-burger': {'allergens': {'contains': ['milk', 'cereals_gluten', 'sesame'],"
                + " 'may_contain': []}}}}");
        assertEquals(Set.of(Field.ALLERGENS), diff.changed().get(0).fields());
        assertFalse(diff.highRisk(), diff.highRiskReasons()::toString);
    }

    @Test
    void anAllergenRemovedFromMayContainIsHighRisk() {
        MenuDiff diff = diff("{'items': {'big-burger': {'allergens': {'may_contain': []}}}}");
        assertTrue(diff.highRisk());
        assertEquals(List.of("items.big-burger.allergens: sesame removed from may_contain"), diff.highRiskReasons());
    }

    @Test
    void anAllergenRemovedFromContainsIsHighRiskEvenIntoMayContain() {
        assertEquals(List.of("items.big-burger.allergens: milk removed from contains"),
                diff("{'items': {'big-burger': {'allergens': {'contains': ['cereals_gluten']}}}}").highRiskReasons());
        assertEquals(List.of("items.big-burger.allergens: milk moved from contains to may_contain"),
                diff("{'items': {'big-burger': {'allergens': {'contains': ['cereals_gluten'],"
                        + " 'may_contain': ['sesame', 'milk']}}}}").highRiskReasons());
    }

    @Test
    void aDeclarationThatDisappearsLosesEveryEntry() {
        assertEquals(List.of("items.big-burger.allergens: cereals_gluten removed from contains",
                        "items.big-burger.allergens: milk removed from contains",
                        "items.big-burger.allergens: sesame removed from may_contain"),
                diff("{'items': {'big-burger': {'allergens': {'$remove': true}}}}").highRiskReasons());
    }

    @Test
    void anAllergenAddedOrReorderedIsNotHighRisk() {
        assertFalse(diff("{'items': {'fries': {'allergens': {'may_contain': ['peanuts']}}}}").highRisk());
        assertTrue(diff("{'items': {'big-burger': {'allergens': {'contains': ['cereals_gluten', 'milk']}}}}").isEmpty());
    }

    @Test
    void aPriceDropOfMoreThanHalfIsHighRiskAndExactlyHalfIsNot() {
        assertFalse(MenuDiff.between(menuWith("{'items': {'fries': {'price': {'amount_minor': 300}}}}"),
                menuWith("{'items': {'fries': {'price': {'amount_minor': 150}}}}")).highRisk());
        assertEquals(List.of("items.fries.price: drops from 300 to 149 USD minor units, more than 50%"),
                MenuDiff.between(menuWith("{'items': {'fries': {'price': {'amount_minor': 300}}}}"),
                        menuWith("{'items': {'fries': {'price': {'amount_minor': 149}}}}")).highRiskReasons());
        assertEquals(List.of("items.big-burger.price: drops from 899 to 449 USD minor units, more than 50%"),
                diff("{'items': {'big-burger': {'price': {'amount_minor': 449}}}}").highRiskReasons());
        assertFalse(diff("{'items': {'big-burger': {'price': {'amount_minor': 450}}}}").highRisk());
        assertFalse(diff("{'items': {'big-burger': {'price': {'amount_minor': 99999}}}}").highRisk());
    }

    @Test
    void aPriceInAnotherCurrencyCannotBeJudgedSoAPersonJudgesIt() {
        MenuDiff diff = diff("{'currency': 'CAD', 'items': {'fries': {'price': {'currency': 'CAD', 'amount_minor': 399}}}}");
        assertEquals(List.of("items.fries.price: currency changes from USD to CAD (299 to 399 minor units)"),
                diff.highRiskReasons());
        assertEquals(List.of("currency"), diff.otherChanges());
    }

    @Test
    void changesOutsideTheItemsAreListedByPath() {
        MenuDiff diff = diff("""
                {'dayparts': {'lunch': {'until': '15:00'}, 'breakfast': {'$remove': true}},
                 'categories': {'drinks': {'names': {'en-US': 'Drinks', 'es-US': 'Bebidas'}, 'sort': 30}},
                 'locales': ['en-US', 'es-US', 'fr-CA']}""");
        assertEquals(List.of("locales", "dayparts.breakfast", "dayparts.lunch", "categories.drinks"), diff.otherChanges());
        assertEquals(List.of(), diff.changed());
        assertFalse(diff.isEmpty());
    }
}
