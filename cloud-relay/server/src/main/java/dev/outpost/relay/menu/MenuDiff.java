package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changes from one merged menu to the next: items added, removed and changed (field by field, with both
 * prices), other entries changed, and whether the change is high risk and so needs a second person.
 *
 * <p>High risk: an item's allergen declaration loses an entry (an allergen leaves {@code contains}, even into
 * {@code may_contain}, or leaves {@code may_contain} other than into {@code contains}), or a price drops by more
 * than half. Telling diners less about allergens is the dangerous direction; declaring more is not. The diff
 * reads menus leniently, as a previously published menu may not pass a newer validation: what it cannot read it
 * counts as absent, which for allergens errs toward high risk.
 */
public final class MenuDiff {
    /** An item field a change can touch. */
    public enum Field {
        PRICE("price"), NAMES("names"), DESCRIPTIONS("descriptions"), CATEGORY("category"),
        ALLERGENS("allergens"), CALORIES("calories"), DAYPARTS("dayparts"), CHANNELS("channels");

        private final String key;

        Field(String key) {
            this.key = key;
        }

        /** The field's JSON name. */
        public String key() {
            return key;
        }
    }

    /**
     * An item in both menus that changed.
     *
     * @param fields the fields that differ; a set-like list in another order is no change
     * @param before the previous price; null only when that menu's price would not validate
     * @param after the new price; null only when that menu's price would not validate
     */
    public record ItemChange(String item, Set<Field> fields, Price before, Price after) {
        public ItemChange {
            Objects.requireNonNull(item, "item");
            fields = Collections.unmodifiableSet(
                    fields.isEmpty() ? EnumSet.noneOf(Field.class) : EnumSet.copyOf(fields));
        }
    }

    // numbers compare by value: 899 parsed as an int equals 899 built as a long
    private static final Comparator<JsonNode> SAME = (a, b) ->
            a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
    private static final List<String> MENU_MAPS = List.of("dayparts", "categories");

    private final List<String> added = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final List<ItemChange> changed = new ArrayList<>();
    private final List<String> otherChanges = new ArrayList<>();
    private final List<String> highRiskReasons = new ArrayList<>();

    private MenuDiff() {
    }

    /**
     * The changes from {@code previous} to {@code next}.
     *
     * @param previous the menu published before, or null for none (every item is then added)
     */
    public static MenuDiff between(JsonNode previous, JsonNode next) {
        Objects.requireNonNull(next, "next");
        JsonNode before = previous == null ? JsonNodeFactory.instance.objectNode() : previous;
        MenuDiff diff = new MenuDiff();
        diff.compareItems(before.path("items"), next.path("items"));
        diff.compareRest(before, next);
        return diff;
    }

    private void compareItems(JsonNode before, JsonNode after) {
        for (String id : keys(before, after)) {
            JsonNode old = before.path(id);
            JsonNode now = after.path(id);
            if (old.isMissingNode()) {
                added.add(id);
            } else if (now.isMissingNode()) {
                removed.add(id);
            } else {
                compareItem(id, old, now);
            }
        }
    }

    private void compareItem(String id, JsonNode old, JsonNode now) {
        Set<Field> fields = EnumSet.noneOf(Field.class);
        for (Field field : Field.values()) {
            if (!same(ItemSets.sorted(field.key(), old.path(field.key())),
                    ItemSets.sorted(field.key(), now.path(field.key())))) {
                fields.add(field);
            }
        }
        if (fields.isEmpty()) {
            return;
        }
        String path = MenuPaths.child("items", id);
        Price oldPrice = Price.of(old.path("price"));
        Price newPrice = Price.of(now.path("price"));
        changed.add(new ItemChange(id, fields, oldPrice, newPrice));
        if (fields.contains(Field.ALLERGENS)) {
            allergenRisks(MenuPaths.child(path, "allergens"), old.path("allergens"), now.path("allergens"));
        }
        if (fields.contains(Field.PRICE) && oldPrice != null && newPrice != null) {
            priceRisk(MenuPaths.child(path, "price"), oldPrice, newPrice);
        }
    }

    private void allergenRisks(String path, JsonNode old, JsonNode now) {
        Set<String> containsBefore = ItemSets.strings(old.path("contains"));
        Set<String> mayBefore = ItemSets.strings(old.path("may_contain"));
        Set<String> containsAfter = ItemSets.strings(now.path("contains"));
        Set<String> mayAfter = ItemSets.strings(now.path("may_contain"));
        for (String allergen : new TreeSet<>(containsBefore)) {
            if (containsAfter.contains(allergen)) {
                continue;
            }
            highRiskReasons.add(path + ": " + allergen + (mayAfter.contains(allergen)
                    ? " moved from contains to may_contain"
                    : " removed from contains"));
        }
        for (String allergen : new TreeSet<>(mayBefore)) {
            if (!mayAfter.contains(allergen) && !containsAfter.contains(allergen)) {
                highRiskReasons.add(path + ": " + allergen + " removed from may_contain");
            }
        }
    }

    private void priceRisk(String path, Price old, Price now) {
        if (!old.currency().equals(now.currency())) {
            // a drop cannot be judged across currencies, so a person judges it
            highRiskReasons.add(path + ": currency changes from " + old.currency() + " to " + now.currency()
                    + " (" + old.amountMinor() + " to " + now.amountMinor() + " minor units)");
        } else if (2 * now.amountMinor() < old.amountMinor()) {
            highRiskReasons.add(path + ": drops from " + old.amountMinor() + " to " + now
                    + ", more than 50%");
        }
    }

    private void compareRest(JsonNode before, JsonNode after) {
        if (!same(before.path("currency"), after.path("currency"))) {
            otherChanges.add("currency");
        }
        // no blob depends on the order of the locales
        if (!same(ItemSets.sorted("locales", before.path("locales")),
                ItemSets.sorted("locales", after.path("locales")))) {
            otherChanges.add("locales");
        }
        for (String map : MENU_MAPS) {
            JsonNode old = before.path(map);
            JsonNode now = after.path(map);
            if (!(old.isObject() || old.isMissingNode()) || !(now.isObject() || now.isMissingNode())) {
                if (!same(old, now)) {
                    otherChanges.add(map);
                }
                continue;
            }
            for (String id : keys(old, now)) {
                if (!same(old.path(id), now.path(id))) {
                    otherChanges.add(MenuPaths.child(map, id));
                }
            }
        }
    }

    private static Set<String> keys(JsonNode a, JsonNode b) {
        Set<String> keys = new TreeSet<>();
        a.properties().forEach(entry -> keys.add(entry.getKey()));
        b.properties().forEach(entry -> keys.add(entry.getKey()));
        return keys;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isMissingNode() || b.isMissingNode()) {
            return a.isMissingNode() && b.isMissingNode();
        }
        return a.equals(SAME, b);
    }

    /** Items in the new menu only, by id. */
    public List<String> added() {
        return List.copyOf(added);
    }

    /** Items in the previous menu only, by id. */
    public List<String> removed() {
        return List.copyOf(removed);
    }

    /** Items in both that differ, by id. */
    public List<ItemChange> changed() {
        return List.copyOf(changed);
    }

    /**
     * Paths of what else changed: {@code currency}, {@code locales}, and entries such as {@code dayparts.lunch}
     * or {@code categories.burgers}.
     */
    public List<String> otherChanges() {
        return List.copyOf(otherChanges);
    }

    /** True when the two menus are the same menu (key order and set-like list order aside). */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && otherChanges.isEmpty();
    }

    /** True when the change needs a second person (the two-person rule). */
    public boolean highRisk() {
        return !highRiskReasons.isEmpty();
    }

    /**
     * Why the change is high risk, one line per finding, e.g.
     * {@code items.fries.allergens: milk removed from contains}.
     */
    public List<String> highRiskReasons() {
        return List.copyOf(highRiskReasons);
    }
}
