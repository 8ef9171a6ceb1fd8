package dev.outpost.relay.channel;

import dev.outpost.relay.http.HttpProblem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A channel's plain-text template: literal text with {@code {field}} placeholders, e.g. {@code {name} — {price}}.
 * {@code {{} and {@code }}} write a literal brace. A placeholder must name one of {@link ItemFormat#FIELDS} that the
 * channel supports; anything else is refused when the template is saved, naming the placeholder, so a typo never
 * reaches a customer as a literal {@code {nmae}}.
 */
final class ChannelTemplate {
    private record Part(String literal, String field) {
    }

    private final List<Part> parts;

    private ChannelTemplate(List<Part> parts) {
        this.parts = parts;
    }

    /** Parses {@code text} for channel {@code channelId}, whose supported fields are {@code supported}; 400 naming the problem. */
    static ChannelTemplate parse(String channelId, String text, Set<String> supported) {
        String where = "channel " + channelId + ": template";
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '}') {
                throw HttpProblem.badRequest(where + ": a lone '}' at index " + i + "; write '}}' for a literal brace");
            } else if (c == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw HttpProblem.badRequest(where + ": '{' at index " + i + " is never closed; write '{{' for a"
                            + " literal brace");
                }
                String field = text.substring(i + 1, end);
                if (!ItemFormat.FIELDS.contains(field)) {
                    throw HttpProblem.badRequest(where + ": unknown placeholder {" + field + "} at index " + i
                            + " (placeholders: " + braced(ItemFormat.FIELDS) + ")");
                }
                if (!supported.contains(field)) {
                    throw HttpProblem.badRequest(where + ": placeholder {" + field + "} at index " + i + " is a field"
                            + " this channel does not support (its fields: " + braced(supported) + ")");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Part(literal.toString(), null));
                    literal.setLength(0);
                }
                parts.add(new Part(null, field));
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), null));
        }
        return new ChannelTemplate(List.copyOf(parts));
    }

    /** The fields the template shows, in order of first use. */
    Set<String> placeholders() {
        Set<String> out = new LinkedHashSet<>();
        parts.stream().filter(p -> p.field() != null).forEach(p -> out.add(p.field()));
        return out;
    }

    /** The text with each placeholder replaced by its value; a field with no value (no description) is empty. */
    String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            out.append(p.field() == null ? p.literal() : values.getOrDefault(p.field(), ""));
        }
        return out.toString();
    }

    private static String braced(Iterable<String> fields) {
        List<String> out = new ArrayList<>();
        fields.forEach(f -> out.add("{" + f + "}"));
        return String.join(", ", out);
    }
}
