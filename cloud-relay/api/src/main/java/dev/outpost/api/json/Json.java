package dev.outpost.api.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one strictly configured JSON mapper of the WAN contract. Reading never guesses: unknown,
 * missing and null fields, scalars of the wrong JSON type, trailing content and duplicate keys are
 * all rejected as a {@link ContractException} naming the document and the field's JSON path.
 */
public final class Json {
    private static final ObjectMapper MAPPER = build();
    private static final Pattern CREATOR_PROPERTY =
            Pattern.compile("^(Missing|Null value for)[^']*creator property '([^']+)'");
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("^Duplicate field '([^']*)'");
    /**
     * A list field a document may leave out (added to the contract after devices that do not send it), read as empty
     * when absent: {@code @JacksonInject(value = Json.ABSENT_IS_EMPTY, useInput = OptBoolean.TRUE)} on the component,
     * with {@code @JsonInclude(NON_EMPTY)} so an empty one is not written and older readers see the document as before.
     * Every other field stays required.
     */
    public static final String ABSENT_IS_EMPTY = "absent-list-is-empty";

    private Json() {
    }

    private static ObjectMapper build() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule())
                .addModule(StrictTime.module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS,
                        SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .injectableValues(new InjectableValues.Std().addValue(ABSENT_IS_EMPTY, List.of()))
                .build();
        mapper.coercionConfigDefaults()
                .setAcceptBlankAsEmpty(false)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Textual, LogicalType.DateTime, LogicalType.OtherScalar, LogicalType.Enum)) {
            var config = mapper.coercionConfigFor(type);
            for (CoercionInputShape shape : CoercionInputShape.values()) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
        }
        return mapper;
    }

    /** A copy of the strict mapper, for frameworks that need one (e.g. a server's JSON plugin). */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public static <T> T read(byte[] json, Class<T> type) {
        String document = documentName(type);
        try (JsonParser parser = MAPPER.createParser(json)) {
            return readFrom(parser, type, document);
        } catch (IOException e) {
            throw translate(document, e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        String document = documentName(type);
        try (JsonParser parser = MAPPER.createParser(json)) {
            return readFrom(parser, type, document);
        } catch (IOException e) {
            throw translate(document, e);
        }
    }

    /** Binds an already parsed tree (e.g. the payload of a signed document) to a contract type. */
    public static <T> T convert(JsonNode tree, Class<T> type) {
        String document = documentName(type);
        try (JsonParser parser = MAPPER.treeAsTokens(tree)) {
            return readFrom(parser, type, document);
        } catch (IOException e) {
            throw translate(document, e);
        }
    }

    private static <T> T readFrom(JsonParser parser, Class<T> type, String document) throws IOException {
        try {
            T value = MAPPER.readValue(parser, type);
            if (value == null) {
                throw new ContractException(document, "", "expected an object, was null");
            }
            return value;
        } catch (JacksonException e) {
            // translate while the parser is still open, so the offending token can be quoted
            throw translate(document, e);
        }
    }

    public static JsonNode tree(byte[] json) {
        return tree(json, "json");
    }

    public static JsonNode tree(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            return readTree(parser, "json");
        } catch (IOException e) {
            throw translate("json", e);
        }
    }

    /** Parses any JSON value; duplicate keys and trailing content are rejected. */
    public static JsonNode tree(byte[] json, String document) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            return readTree(parser, document);
        } catch (IOException e) {
            throw translate(document, e);
        }
    }

    private static JsonNode readTree(JsonParser parser, String document) throws IOException {
        try {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null) {
                throw new ContractException(document, "", "empty document");
            }
            if (parser.nextToken() != null) {
                throw new ContractException(document, "", "unexpected content after the JSON value");
            }
            return node;
        } catch (JacksonException e) {
            throw translate(document, e);
        }
    }

    /** The JSON tree of a contract value, as {@link #write} would serialize it. */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("json: cannot serialize " + value.getClass().getName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("json: cannot serialize " + value.getClass().getName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The name used in error messages: {@link Document} if present, else the snake_case class name. */
    public static String documentName(Class<?> type) {
        Document document = type.getAnnotation(Document.class);
        if (document != null) {
            return document.value();
        }
        String simple = type.getSimpleName();
        StringBuilder out = new StringBuilder(simple.length() + 4);
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static ContractException translate(String document, IOException e) {
        if (e instanceof JacksonException jackson) {
            return translate(document, jackson);
        }
        throw new UncheckedIOException(document + ": cannot read: " + e.getMessage(), e);
    }

    private static ContractException translate(String document, JacksonException e) {
        String path = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : "";
        if (e instanceof UnrecognizedPropertyException unknown) {
            String parent = path.substring(0, Math.max(0, path.lastIndexOf('.')));
            return new ContractException(document, parent,
                    "unknown field '" + unknown.getPropertyName() + "'", e);
        }
        if (e instanceof InvalidNullException) {
            return new ContractException(document, path, "must not be null", e);
        }
        Throwable cause = e;
        // Jackson wraps failures of nested values with the path; the innermost one says what is wrong.
        while (cause instanceof JsonMappingException wrapper && !(wrapper instanceof MismatchedInputException)
                && !(wrapper instanceof ValueInstantiationException) && wrapper.getCause() != null) {
            cause = wrapper.getCause();
        }
        if (cause instanceof ValueInstantiationException instantiation) {
            Throwable root = instantiation.getCause();
            while (root != null && !(root instanceof IllegalArgumentException) && root.getCause() != null
                    && root.getCause() != root) {
                root = root.getCause();
            }
            if (root instanceof InvalidFieldException field) {
                String fieldPath = field.field() == null ? path : path + "." + field.field();
                return new ContractException(document, fieldPath, field.problem(), e);
            }
            String message = root == null ? instantiation.getOriginalMessage() : String.valueOf(root.getMessage());
            return new ContractException(document, path, message, e);
        }
        if (cause instanceof StrictInputException strict) {
            return new ContractException(document, path, strict.problem(), e);
        }
        if (cause instanceof InputCoercionException coercion) {
            return new ContractException(document, path, "number out of range for "
                    + describeType(coercion.getTargetType()) + ", was " + describeToken(coercion.getProcessor()), e);
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String original = mismatch.getOriginalMessage();
            Matcher creator = CREATOR_PROPERTY.matcher(original);
            if (creator.find()) {
                String field = creator.group(2);
                String fieldPath = path.endsWith("." + field) ? path : path + "." + field;
                if (creator.group(1).equals("Missing")) {
                    return new ContractException(document, fieldPath.substring(0, fieldPath.length() - field.length() - 1),
                            "missing field '" + field + "'", e);
                }
                return new ContractException(document, fieldPath, "must not be null", e);
            }
            if (original.startsWith("Trailing token")) {
                return new ContractException(document, "", "unexpected content after the JSON value", e);
            }
            if (original.startsWith("No content to map")) {
                return new ContractException(document, "", "empty document", e);
            }
            return new ContractException(document, path, "expected " + describeType(mismatch.getTargetType())
                    + ", was " + describeToken(mismatch.getProcessor()), e);
        }
        if (cause instanceof StreamReadException read) {
            if (path.isEmpty() && read.getProcessor() instanceof JsonParser parser) {
                path = enclosingPath(parser.getParsingContext());
            }
            Matcher duplicate = DUPLICATE_FIELD.matcher(read.getOriginalMessage());
            if (duplicate.find()) {
                return new ContractException(document, path, "duplicate field '" + duplicate.group(1) + "'", e);
            }
            String first = read.getOriginalMessage().lines().findFirst().orElse("");
            return new ContractException(document, path,
                    "malformed JSON at " + where(read.getLocation()) + ": " + first, e);
        }
        return new ContractException(document, path, e.getOriginalMessage(), e);
    }

    /** The path of the object or array the parser is in, for errors found while tokenizing. */
    private static String enclosingPath(JsonStreamContext context) {
        List<String> parts = new java.util.ArrayList<>();
        for (JsonStreamContext c = context == null ? null : context.getParent(); c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, "." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.add(0, "[" + c.getCurrentIndex() + "]");
            }
        }
        return String.join("", parts);
    }

    private static String where(JsonLocation location) {
        if (location == null) {
            return "an unknown position";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                out.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describeType(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == URI.class) {
            return "a URI";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (JsonNode.class.isAssignableFrom(type) && !type.getSimpleName().equals("ObjectNode")) {
            return "a JSON value";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || JsonNode.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "a " + documentName(type);
    }

    static String describeToken(Object processor) {
        if (!(processor instanceof JsonParser parser)) {
            return "something else";
        }
        JsonToken token = parser.currentToken();
        if (token == null) {
            return "nothing";
        }
        try {
            return switch (token) {
                case VALUE_STRING -> Fields.quote(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> parser.getText();
                case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
                case START_ARRAY, END_ARRAY -> "an array";
                default -> token.asString() == null ? token.name() : token.asString();
            };
        } catch (IOException e) {
            return token.name();
        }
    }
}
