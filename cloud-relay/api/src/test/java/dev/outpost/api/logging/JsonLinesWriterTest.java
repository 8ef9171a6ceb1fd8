package dev.outpost.api.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.runtime.RuntimeProvider;

class JsonLinesWriterTest {

    @Test
    void writesOneParseableObjectPerLineWithIdentityContextAndEscapedMessage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesWriter writer = new JsonLinesWriter(Map.of("field.process", "gate", "field.site", "mall-1"), out);
        String message = "gate g-07: \"quoted\"\nsecond line\ttab \u0001 ü";
        writer.write(new LogEntry(RuntimeProvider.createTimestamp(), Thread.currentThread(), Map.of("trace", "t-1"),
                "dev.outpost.gate.Gate", "run", "Gate.java", 1, null, Level.WARN, message, new IllegalStateException("boom")));
        writer.write(new LogEntry(RuntimeProvider.createTimestamp(), Thread.currentThread(), Map.of(),
                "dev.outpost.gate.Gate", "run", "Gate.java", 2, null, Level.INFO, "second", null));

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertEquals(message, first.path("message").asText());
        assertEquals("WARN", first.path("level").asText());
        assertEquals("gate", first.path("process").asText());
        assertEquals("mall-1", first.path("site").asText());
        assertEquals("t-1", first.path("trace").asText());
        assertEquals("dev.outpost.gate.Gate", first.path("logger").asText());
        assertTrue(first.path("error").asText().startsWith("java.lang.IllegalStateException: boom"));
        assertTrue(first.has("time"));
        assertEquals("second", new ObjectMapper().readTree(lines[1]).path("message").asText());
    }
}
