package dev.outpost.relay.menu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * JSON paths and values as problems show them. A path is {@code items.big-burger.price.amount_minor}: keys
 * joined by dots, array indices in brackets, and a key that is not a plain word in brackets as a JSON string
 * ({@code items["big burger"]}), so a path names exactly one place.
 */
final class MenuPaths {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:+-]+");
    private static final int SHOWN_CHARS = 60;
    private static final int SHOWN_NAMES = 12;

    private MenuPaths() {
    }

    static String child(String path, String key) {
        if (!PLAIN.matcher(key).matches()) {
            return path + "[" + TextNode.valueOf(key) + "]";
        }
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    /** A value of the wrong JSON type, as JSON: {@code "540"} for a string where a number belongs. */
    static String json(JsonNode value) {
        String text = value.toString();
        return text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS - 3) + "..." : text;
    }

    /**
     * A string value: bare when it is one plain word ({@code EUR}, {@code 06:00}), else quoted so blanks and
     * stray spaces can be seen.
     */
    static String word(String value) {
        return WORD.matcher(value).matches() ? value : json(TextNode.valueOf(value));
    }

    /** Names joined by commas, the first dozen of a long list and how many more. */
    static String list(Collection<String> names) {
        if (names.size() <= SHOWN_NAMES) {
            return String.join(", ", names);
        }
        return String.join(", ", names.stream().limit(SHOWN_NAMES).toList())
                + " and " + (names.size() - SHOWN_NAMES) + " more";
    }
}
