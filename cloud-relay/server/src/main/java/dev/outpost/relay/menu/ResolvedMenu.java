package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.api.json.CanonicalJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The blob a store's screens show for one locale: the merged menu with every {@code names} / {@code descriptions}
 * map replaced by that locale's {@code name} / {@code description}, {@code locale} and {@code currency} at the
 * top, and no {@code locales} list. Set-like lists (allergens, dayparts, channels) are sorted. The bytes are RFC
 * 8785 canonical JSON, so the same menu gives the same bytes and hash whatever order its keys came in: blobs are
 * addressed by that hash.
 */
public final class ResolvedMenu {
    private static final int PROBLEMS_SHOWN = 5;

    private final String locale;
    private final byte[] bytes;
    private final String sha256;

    private ResolvedMenu(String locale, byte[] bytes) {
        this.locale = locale;
        this.bytes = bytes;
        this.sha256 = sha256(bytes);
    }

    /**
     * Resolves {@code menu} for {@code locale}.
     *
     * @throws IllegalArgumentException when the menu does not validate (its problems are listed) or does not
     *         have {@code locale} (its locales are listed)
     */
    public static ResolvedMenu resolve(JsonNode menu, String locale) {
        Objects.requireNonNull(locale, "locale");
        List<MenuProblem> problems = MenuValidation.validate(menu);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("menu: cannot resolve an invalid menu; " + summary(problems));
        }
        List<String> locales = new ArrayList<>();
        menu.get("locales").forEach(tag -> locales.add(tag.textValue()));
        if (!locales.contains(locale)) {
            throw new IllegalArgumentException("menu: has no locale " + MenuPaths.word(locale)
                    + " (the menu's locales are " + String.join(", ", locales) + ")");
        }
        ObjectNode resolved = JsonNodeFactory.instance.objectNode();
        resolved.put("locale", locale);
        resolved.put("currency", menu.get("currency").textValue());
        if (menu.has("dayparts")) {
            resolved.set("dayparts", menu.get("dayparts").deepCopy());
        }
        ObjectNode categories = resolved.putObject("categories");
        menu.get("categories").properties().forEach(
                category -> categories.set(category.getKey(), localize(category.getValue(), locale)));
        ObjectNode items = resolved.putObject("items");
        menu.get("items").properties().forEach(item -> items.set(item.getKey(), localize(item.getValue(), locale)));
        return new ResolvedMenu(locale, CanonicalJson.canonicalize(resolved));
    }

    private static ObjectNode localize(JsonNode entry, String locale) {
        ObjectNode localized = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : entry.properties()) {
            switch (field.getKey()) {
                case "names" -> localized.set("name", field.getValue().get(locale));
                case "descriptions" -> localized.set("description", field.getValue().get(locale));
                default -> localized.set(field.getKey(), ItemSets.sorted(field.getKey(), field.getValue()));
            }
        }
        return localized;
    }

    private static String summary(List<MenuProblem> problems) {
        StringBuilder out = new StringBuilder();
        out.append(problems.size()).append(problems.size() == 1 ? " problem: " : " problems: ");
        for (int i = 0; i < Math.min(PROBLEMS_SHOWN, problems.size()); i++) {
            out.append(i == 0 ? "" : "; ").append(problems.get(i));
        }
        if (problems.size() > PROBLEMS_SHOWN) {
            out.append("; and ").append(problems.size() - PROBLEMS_SHOWN).append(" more");
        }
        return out.toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public String locale() {
        return locale;
    }

    /** The canonical JSON (UTF-8); a copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The lowercase hex SHA-256 of {@link #bytes()}. */
    public String sha256() {
        return sha256;
    }
}
