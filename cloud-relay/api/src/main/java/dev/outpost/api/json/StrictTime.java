package dev.outpost.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Instants and durations only as ISO-8601 strings: jsr310's own deserializers also take numbers
 * as epoch seconds, which would let {@code 42} pass for a timestamp.
 */
final class StrictTime {
    private StrictTime() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("outpost-strict-time");
        module.addDeserializer(Instant.class,
                new IsoDeserializer<>(Instant.class, "an ISO-8601 instant", Instant::parse));
        module.addDeserializer(Duration.class,
                new IsoDeserializer<>(Duration.class, "an ISO-8601 duration", Duration::parse));
        return module;
    }

    private static final class IsoDeserializer<T> extends StdScalarDeserializer<T> {
        private final Class<T> type;
        private final String expected;
        private final transient Function<String, T> parse;

        IsoDeserializer(Class<T> type, String expected, Function<String, T> parse) {
            super(type);
            this.type = type;
            this.expected = expected;
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String text = p.getText();
                try {
                    return parse.apply(text);
                } catch (DateTimeException e) {
                    throw new StrictInputException(p, type,
                            "expected " + expected + ", was " + Fields.quote(text));
                }
            }
            throw new StrictInputException(p, type, "expected " + expected + ", was " + Json.describeToken(p));
        }
    }
}
