package dev.outpost.relay.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.relay.http.HttpProblem;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One outside channel and how it wants items: which menu it shows (a variant's published menu for one store, in one
 * locale), its price unit ({@code minor}: the integer 1850; {@code display}: "$18.50" in the channel's locale), a cap
 * on descriptions (characters), the fields it supports, its own names for categories, and a plain-text template. An
 * order platform also has an endpoint and a timeout; a QR page, the address it is published at.
 *
 * @param kind       the adapter that delivers to it: {@code order-platform}, {@code website}, {@code pdf} or
 *                   {@code qr-page}
 * @param categories menu category id → the channel's name for it; unmapped categories keep the menu's name
 * @param endpoint   order-platform only: the menu API's URL (http or https)
 * @param timeoutMs  order-platform only: connect and response timeout per item, milliseconds
 * @param pageUrl    qr-page only: where the page is published (http or https); its QR code links there
 */
public record Channel(String id, String kind, String variant, String site, String locale, String priceUnit,
                      int descriptionCap, List<String> fields, Map<String, String> categories, String template,
                      String endpoint, Integer timeoutMs, String pageUrl) {
    static final String ID = "[a-z0-9][a-z0-9-]{0,63}";
    static final int MAX_CAP = 100_000;
    static final int DEFAULT_TIMEOUT_MS = 5_000;
    static final List<String> FIELDS = List.of("kind", "variant", "site", "locale", "price_unit", "description_cap",
            "fields", "categories", "template", "endpoint", "timeout_ms", "page_url", "reason");

    /** Reads and checks a channel document (an API body, or a stored one); 400 naming the field otherwise. */
    static Channel read(String id, JsonNode doc, Set<String> kinds) {
        if (!id.matches(ID)) {
            throw HttpProblem.badRequest("channel.id: must be lowercase letters, digits and '-' (up to 64), was '" + id + "'");
        }
        String where = "channel " + id + ": ";
        if (!doc.isObject()) {
            throw HttpProblem.badRequest(where + "expected a JSON object");
        }
        for (Iterator<String> names = doc.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw HttpProblem.badRequest(where + "unknown field '" + name + "' (fields: " + String.join(", ",
                        FIELDS.subList(0, FIELDS.size() - 1)) + ")");
            }
        }
        String kind = text(doc, where, "kind");
        if (!kinds.contains(kind)) {
            throw HttpProblem.badRequest(where + "kind must be one of " + String.join(", ", kinds) + ", was '" + kind + "'");
        }
        String variant = text(doc, where, "variant");
        String site = text(doc, where, "site");
        String locale = text(doc, where, "locale");
        if (!Locale.forLanguageTag(locale).toLanguageTag().equals(locale)) {
            throw HttpProblem.badRequest(where + "locale must be a canonical BCP 47 tag such as en-US, was '" + locale + "'");
        }
        String unit = text(doc, where, "price_unit");
        if (!unit.equals("minor") && !unit.equals("display")) {
            throw HttpProblem.badRequest(where + "price_unit must be minor (the integer 1850) or display (\"$18.50\"),"
                    + " was '" + unit + "'");
        }
        JsonNode cap = doc.get("description_cap");
        if (cap == null || !cap.isIntegralNumber() || !cap.canConvertToInt() || cap.intValue() < 1
                || cap.intValue() > MAX_CAP) {
            throw HttpProblem.badRequest(where + "description_cap must be a whole number of characters from 1 to "
                    + MAX_CAP + ", was " + (cap == null ? "missing" : cap.toString()));
        }
        List<String> fields = fields(doc, where);
        Map<String, String> categories = categories(doc, where);
        String template = text(doc, where, "template");
        ChannelTemplate.parse(id, template, Set.copyOf(fields));
        String endpoint = null;
        Integer timeout = null;
        String pageUrl = null;
        if (kind.equals(OrderPlatformAdapter.KIND)) {
            endpoint = url(doc, where, "endpoint");
            JsonNode t = doc.get("timeout_ms");
            if (t == null) {
                timeout = DEFAULT_TIMEOUT_MS;
            } else if (!t.isIntegralNumber() || !t.canConvertToInt() || t.intValue() < 100 || t.intValue() > 60_000) {
                throw HttpProblem.badRequest(where + "timeout_ms must be a whole number from 100 to 60000, was " + t);
            } else {
                timeout = t.intValue();
            }
        }
        if (kind.equals(QrPageAdapter.KIND)) {
            pageUrl = url(doc, where, "page_url");
        }
        for (var only : Map.of("endpoint", OrderPlatformAdapter.KIND, "timeout_ms", OrderPlatformAdapter.KIND,
                "page_url", QrPageAdapter.KIND).entrySet()) {
            if (!kind.equals(only.getValue()) && doc.has(only.getKey()) && !doc.get(only.getKey()).isNull()) {
                throw HttpProblem.badRequest(where + only.getKey() + " is for " + only.getValue() + " channels only, not "
                        + kind);
            }
        }
        return new Channel(id, kind, variant, site, locale, unit, cap.intValue(), fields, categories, template,
                endpoint, timeout, pageUrl);
    }

    private static String url(JsonNode doc, String where, String field) {
        return httpUrl(where, field, text(doc, where, field));
    }

    /** {@code text} when it is an http(s) URL with a host; 400 naming {@code field} otherwise. */
    static String httpUrl(String where, String field, String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(where + field + " must be an http(s) URL, was '" + text + "'");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw HttpProblem.badRequest(where + field + " must be an http(s) URL, was '" + text + "'");
        }
        return text;
    }

    private static String text(JsonNode doc, String where, String field) {
        JsonNode value = doc.get(field);
        if (value == null || value.isNull()) {
            throw HttpProblem.badRequest(where + field + " is required");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw HttpProblem.badRequest(where + field + " must be a non-blank string, was " + value);
        }
        return value.textValue();
    }

    private static List<String> fields(JsonNode doc, String where) {
        JsonNode value = doc.get("fields");
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw HttpProblem.badRequest(where + "fields must be a non-empty list from " + String.join(", ",
                    ItemFormat.FIELDS) + ", was " + (value == null ? "missing" : value.toString()));
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode f : value) {
            if (!f.isTextual() || !ItemFormat.FIELDS.contains(f.textValue())) {
                throw HttpProblem.badRequest(where + "fields: unknown field " + f + " (fields: " + String.join(", ",
                        ItemFormat.FIELDS) + ")");
            }
            if (!out.add(f.textValue())) {
                throw HttpProblem.badRequest(where + "fields: " + f + " is listed twice");
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, String> categories(JsonNode doc, String where) {
        JsonNode value = doc.get("categories");
        Map<String, String> out = new TreeMap<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isObject()) {
            throw HttpProblem.badRequest(where + "categories must be an object of menu category id → channel name, was "
                    + value);
        }
        List<String> bad = new ArrayList<>();
        value.properties().forEach(e -> {
            if (!e.getValue().isTextual() || e.getValue().textValue().isBlank()) {
                bad.add("categories." + e.getKey() + " must be a non-blank string, was " + e.getValue());
            } else {
                out.put(e.getKey(), e.getValue().textValue());
            }
        });
        if (!bad.isEmpty()) {
            throw HttpProblem.badRequest(where + String.join("; ", bad));
        }
        return out;
    }
}
