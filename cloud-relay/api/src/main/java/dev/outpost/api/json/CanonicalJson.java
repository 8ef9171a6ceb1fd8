package dev.outpost.api.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 8785 JSON Canonicalization Scheme: the bytes that get signed.
 *
 * <p>Every number is an IEEE-754 double (as in ECMAScript) whatever its text looked like, and is
 * written the way ECMAScript's {@code Number.prototype.toString} writes it. Object keys are sorted
 * by UTF-16 code units, which is exactly {@link String#compareTo}. Duplicate keys, lone surrogates,
 * NaN and infinities are rejected, because a signer and a verifier could read them differently.
 */
public final class CanonicalJson {
    private static final String DOCUMENT = "json";
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Object NULL = new Object();

    private CanonicalJson() {
    }

    public static byte[] canonicalize(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return canonicalize(parser);
        } catch (IOException e) {
            throw Json.translate(DOCUMENT, e);
        }
    }

    public static byte[] canonicalize(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return canonicalize(parser);
        } catch (IOException e) {
            throw Json.translate(DOCUMENT, e);
        }
    }

    public static byte[] canonicalize(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(fromTree(node, ""), out, "");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String canonicalString(String json) {
        return new String(canonicalize(json), StandardCharsets.UTF_8);
    }

    private static byte[] canonicalize(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            throw new ContractException(DOCUMENT, "", "empty document");
        }
        Object value = parse(parser, "");
        if (parser.nextToken() != null) {
            throw new ContractException(DOCUMENT, "", "unexpected content after the JSON value");
        }
        StringBuilder out = new StringBuilder();
        write(value, out, "");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Object parse(JsonParser parser, String path) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new TreeMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, parse(parser, path + "." + name));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(parse(parser, path + "[" + array.size() + "]"));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                // parseDouble rounds the decimal text correctly, whatever its length or exponent
                return finite(Double.parseDouble(parser.getText()), path, parser.getText());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw new ContractException(DOCUMENT, path, "unexpected token " + token);
        }
    }

    private static Object fromTree(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NULL;
        }
        if (node.isObject()) {
            Map<String, Object> object = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                object.put(field.getKey(), fromTree(field.getValue(), path + "." + field.getKey()));
            }
            return object;
        }
        if (node.isArray()) {
            List<Object> array = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                array.add(fromTree(element, path + "[" + array.size() + "]"));
            }
            return array;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            double value;
            if (node.isBigInteger()) {
                value = node.bigIntegerValue().doubleValue();
            } else if (node.isBigDecimal()) {
                value = Double.parseDouble(node.decimalValue().toString());
            } else if (node.isIntegralNumber()) {
                value = (double) node.longValue();
            } else {
                value = node.doubleValue();
            }
            return finite(value, path, node.asText());
        }
        throw new ContractException(DOCUMENT, path, "not a JSON value: " + node.getNodeType());
    }

    private static Double finite(double value, String path, String text) {
        if (!Double.isFinite(value)) {
            throw new ContractException(DOCUMENT, path,
                    "number " + text + " is outside the IEEE-754 double range (I-JSON)");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static void write(Object value, StringBuilder out, String path) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> field : ((Map<String, Object>) map).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(field.getKey(), out, path);
                out.append(':');
                write(field.getValue(), out, path + "." + field.getKey());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out, path + "[" + i + "]");
            }
            out.append(']');
        } else if (value instanceof String text) {
            writeString(text, out, path);
        } else if (value instanceof Double number) {
            out.append(number(number));
        } else if (value instanceof Boolean bool) {
            out.append(bool ? "true" : "false");
        } else if (value == NULL) {
            out.append("null");
        } else {
            throw new IllegalStateException("unexpected canonical value " + value);
        }
    }

    private static void writeString(String text, StringBuilder out, String path) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new ContractException(DOCUMENT, path,
                        String.format("lone surrogate U+%04X in a string (not valid Unicode)", (int) c));
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * A double as ECMAScript's {@code Number.prototype.toString} writes it (RFC 8785 §3.2.2.3):
     * the shortest digits that read back to the same double, in plain notation for exponents
     * from -7 to 20 and as {@code 1.5e+21} / {@code 1e-7} outside.
     */
    public static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("json: " + value + " has no JSON form (RFC 8785 rejects NaN and Infinity)");
        }
        if (value == 0) {
            return "0";
        }
        if (value < 0) {
            return "-" + number(-value);
        }
        BigDecimal shortest = shortest(value);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = 0.digits × 10^n
        StringBuilder out = new StringBuilder(k + 8);
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int exponent = n - 1;
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }

    /**
     * Java 19+ {@link Double#toString} already picks the shortest, closest decimal, except that it
     * never goes below two digits (4.9E-324 where ECMAScript has 5e-324); the one-digit case is
     * settled here.
     */
    private static BigDecimal shortest(double value) {
        BigDecimal java = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (java.precision() != 2) {
            return java;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal down = java.setScale(java.scale() - 1, RoundingMode.FLOOR);
        BigDecimal up = java.setScale(java.scale() - 1, RoundingMode.CEILING);
        BigDecimal best = null;
        for (BigDecimal candidate : List.of(down, up)) {
            if (candidate.signum() > 0 && Double.parseDouble(candidate.toString()) == value
                    && (best == null || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = candidate;
            }
        }
        return best == null ? java : best.stripTrailingZeros();
    }
}
