package dev.outpost.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
    @Document("sample")
    record Sample(String displayName, int count, long total, boolean flag, Instant seenAt, Duration every,
                  UUID id, List<Item> items) {
        Sample {
            Fields.nonBlank("display_name", displayName);
            items = Fields.list("items", items);
        }
    }

    record Item(String code) {
    }

    record NoAnnotationHere(String a) {
    }

    private static final String VALID = """
            {"display_name":"x","count":1,"total":2,"flag":true,"seen_at":"2026-03-01T12:00:00Z",
             "every":"PT30S","id":"0190f1e2-3c4d-7e5f-8a6b-7c8d9e0f1a2b","items":[{"code":"a"},{"code":"b"}]}""";

    private static String valid(String field, String json) {
        String replaced = VALID.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]+|\\[.*\\])", "\"" + field + "\":" + json);
        if (replaced.equals(VALID)) {
            throw new IllegalArgumentException(field);
        }
        return replaced;
    }

    private static String error(String json) {
        return assertThrows(ContractException.class, () -> Json.read(json, Sample.class)).getMessage();
    }

    @Test
    void readsSnakeCaseAndWritesItBack() {
        Sample sample = Json.read(VALID, Sample.class);
        assertEquals("x", sample.displayName());
        assertEquals(Instant.parse("2026-03-01T12:00:00Z"), sample.seenAt());
        assertEquals(Duration.ofSeconds(30), sample.every());
        assertEquals(List.of(new Item("a"), new Item("b")), sample.items());
        String written = Json.writeString(sample);
        assertTrue(written.contains("\"display_name\":\"x\""), written);
        assertTrue(written.contains("\"seen_at\":\"2026-03-01T12:00:00Z\""), written);
        assertTrue(written.contains("\"every\":\"PT30S\""), written);
        assertEquals(sample, Json.read(Json.write(sample), Sample.class));
        assertEquals(sample, Json.read(VALID.getBytes(StandardCharsets.UTF_8), Sample.class));
        assertEquals(sample, Json.convert(Json.toTree(sample), Sample.class));
    }

    @Test
    void missingFieldIsNamedByItsJsonName() {
        assertEquals("sample: missing field 'display_name'", error(VALID.replace("\"display_name\":\"x\",", "")));
    }

    @Test
    void missingFieldInANestedObjectCarriesThePath() {
        assertEquals("sample.items[1]: missing field 'code'", error(valid("items", "[{\"code\":\"a\"},{}]")));
    }

    @Test
    void unknownField() {
        assertEquals("sample: unknown field 'foo'", error(VALID.replace("{\"display_name\"", "{\"foo\":1,\"display_name\"")));
        assertEquals("sample.items[0]: unknown field 'colour'",
                error(valid("items", "[{\"code\":\"a\",\"colour\":\"red\"}]")));
    }

    @Test
    void nullForAnObjectFieldOrAListElement() {
        assertEquals("sample.seen_at: must not be null", error(valid("seen_at", "null")));
        assertEquals("sample.items[1]: must not be null", error(valid("items", "[{\"code\":\"a\"},null]")));
        assertEquals("sample.count: expected an integer, was null", error(valid("count", "null")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "count      | \"42\"        | sample.count: expected an integer, was \"42\"",
        "count      | 1.5           | sample.count: expected an integer, was 1.5",
        "count      | 3000000000    | sample.count: number out of range for an integer, was 3000000000",
        "count      | true          | sample.count: expected an integer, was true",
        "total      | \"2\"         | sample.total: expected an integer, was \"2\"",
        "flag       | 1             | sample.flag: expected a boolean, was 1",
        "flag       | \"true\"      | sample.flag: expected a boolean, was \"true\"",
        "display_name | 42          | sample.display_name: expected a string, was 42",
        "display_name | false       | sample.display_name: expected a string, was false",
        "display_name | {}          | sample.display_name: expected a string, was an object",
        "seen_at    | 42            | sample.seen_at: expected an ISO-8601 instant, was 42",
        "seen_at    | \"yesterday\" | sample.seen_at: expected an ISO-8601 instant, was \"yesterday\"",
        "every      | 30            | sample.every: expected an ISO-8601 duration, was 30",
        "every      | \"30s\"       | sample.every: expected an ISO-8601 duration, was \"30s\"",
        "id         | \"not-a-uuid\" | sample.id: expected a UUID, was \"not-a-uuid\"",
        "id         | 7             | sample.id: expected a UUID, was 7",
        "items      | {}            | sample.items: expected an array, was an object",
        "items      | [\"a\"]       | sample.items[0]: expected an object, was \"a\"",
    })
    void wrongTypesAreNeverCoerced(String field, String json, String message) {
        assertEquals(message, error(valid(field, json)));
    }

    @Test
    void constructorChecksAreReportedAtTheirField() {
        assertEquals("sample.display_name: must not be blank, was \" \"", error(valid("display_name", "\" \"")));
    }

    @Test
    void duplicateKeysTrailingContentAndMalformedJsonAreRejected() {
        assertEquals("sample: duplicate field 'count'", error(VALID.replace("\"count\":1,", "\"count\":1,\"count\":2,")));
        assertEquals("sample: unexpected content after the JSON value", error(VALID + " {}"));
        assertTrue(error("{\"display_name\":").startsWith("sample: malformed JSON at line 1, column "),
                error("{\"display_name\":"));
        assertEquals("sample: empty document", error(""));
        assertEquals("sample: expected an object, was null", error("null"));
        assertEquals("sample: expected an object, was an array", error("[]"));
    }

    @Test
    void documentNameFallsBackToTheSnakeCaseClassName() {
        assertEquals("no_annotation_here", Json.documentName(NoAnnotationHere.class));
        assertEquals("no_annotation_here: unknown field 'b'",
                assertThrows(ContractException.class, () -> Json.read("{\"a\":\"x\",\"b\":1}", NoAnnotationHere.class))
                        .getMessage());
    }

    @Test
    void treeRejectsDuplicateKeysAndTrailingContent() {
        assertEquals("json.a: duplicate field 'b'",
                assertThrows(ContractException.class, () -> Json.tree("{\"a\":{\"b\":1,\"b\":2}}")).getMessage());
        assertEquals("json: unexpected content after the JSON value",
                assertThrows(ContractException.class, () -> Json.tree("{} {")).getMessage());
        assertEquals(2, Json.tree("[1,2]").size());
    }

    @Test
    void contractExceptionExposesItsParts() {
        ContractException e = assertThrows(ContractException.class, () -> Json.read(valid("seen_at", "42"), Sample.class));
        assertEquals("sample", e.document());
        assertEquals(".seen_at", e.path());
        assertEquals("expected an ISO-8601 instant, was 42", e.problem());
    }
}
