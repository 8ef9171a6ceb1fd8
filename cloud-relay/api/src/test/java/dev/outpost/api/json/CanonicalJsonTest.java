package dev.outpost.api.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {

    /** RFC 8785 Appendix B, every finite row: IEEE-754 bits → ECMAScript text. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void appendixBNumbers(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertEquals(expected, CanonicalJson.number(value));
        // and through the parser, from the shortest round-trip text Java gives
        assertEquals(expected, CanonicalJson.canonicalString("[" + Double.toString(value) + "]")
                .replaceAll("^\\[|]$", ""));
    }

    /** Appendix B rows 7fffffffffffffff (NaN) and 7ff0000000000000 (Infinity): no JSON form. */
    @ParameterizedTest
    @ValueSource(strings = {"7fffffffffffffff", "7ff0000000000000", "fff0000000000000"})
    void appendixBNonFiniteNumbersAreRejected(String bits) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CanonicalJson.number(value));
        assertEquals("json: " + value + " has no JSON form (RFC 8785 rejects NaN and Infinity)", e.getMessage());
    }

    @Test
    void numbersOutsideTheDoubleRangeAreRejected() {
        assertEquals("json.a[1]: number 1e400 is outside the IEEE-754 double range (I-JSON)",
                assertThrows(ContractException.class, () -> CanonicalJson.canonicalize("{\"a\":[0,1e400]}")).getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "-0, 0",
        "-0.0, 0",
        "1E21, 1e+21",
        "1e20, 100000000000000000000",
        "1e-7, 1e-7",
        "0.000001, 0.000001",
        "1.5e-7, 1.5e-7",
        "123e-20, 1.23e-18",
        "4.50, 4.5",
        "2e-3, 0.002",
        "9007199254740993, 9007199254740992",
        "18446744073709551617, 18446744073709552000",
        "123456789012345678901234567890, 1.2345678901234568e+29",
        "0.1, 0.1",
        "100, 100",
        "-1.5, -1.5",
    })
    void numbersAreParsedAsDoublesAndPrintedTheEcmaScriptWay(String text, String expected) {
        assertEquals("[" + expected + "]", CanonicalJson.canonicalString("[" + text + "]"));
    }

    /** RFC 8785 §3.2.3: property sorting by UTF-16 code units. */
    @Test
    void sortingExampleOfSection323() {
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }""";
        String expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        assertEquals(expected, CanonicalJson.canonicalString(input));
    }

    /** RFC 8785 §3.2.2 sample input; expected bytes are §3.2.4's hex dump of §3.2.3's output. */
    @Test
    void sampleOfSection322() {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50,
                              2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";
        String hex = """
                7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
                75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
                5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
                65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
                5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
                30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d""";
        byte[] expected = HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
        assertArrayEquals(expected, CanonicalJson.canonicalize(input));
        assertEquals("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}", new String(expected, StandardCharsets.UTF_8));
        assertArrayEquals(expected, CanonicalJson.canonicalize(input.getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(expected, CanonicalJson.canonicalize(Json.tree(input)));
    }

    @Test
    void stringsUseOnlyTheEscapesTheRfcRequires() {
        String input = "[\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \\u007f\\u2028/\\u00e9\"]";
        assertEquals("[\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \u007f\u2028/\u00e9\"]",
                CanonicalJson.canonicalString(input));
    }

    @Test
    void whitespaceGoesAndNestedObjectsAreSortedButArraysKeepTheirOrder() {
        assertEquals("{\"a\":{\"x\":true,\"y\":null},\"b\":[3,{\"a\":2,\"z\":1}]}",
                CanonicalJson.canonicalString(" { \"b\" : [ 3 , { \"z\" : 1 , \"a\" : 2 } ] ,\n \"a\" : { \"y\" : null , \"x\" : true } } "));
    }

    @Test
    void duplicateKeysAreRejected() {
        assertEquals("json.a: duplicate field 'b'",
                assertThrows(ContractException.class, () -> CanonicalJson.canonicalize("{\"a\":{\"b\":1,\"b\":1}}"))
                        .getMessage());
    }

    @Test
    void loneSurrogatesAreRejected() {
        assertEquals("json.k: lone surrogate U+D800 in a string (not valid Unicode)",
                assertThrows(ContractException.class, () -> CanonicalJson.canonicalize("{\"k\":\"a\\ud800b\"}"))
                        .getMessage());
        assertEquals("json: lone surrogate U+DE00 in a string (not valid Unicode)",
                assertThrows(ContractException.class, () -> CanonicalJson.canonicalize("{\"\\ude00\":1}"))
                        .getMessage());
    }

    @Test
    void malformedAndTrailingInputIsRejected() {
        assertEquals("json: unexpected content after the JSON value",
                assertThrows(ContractException.class, () -> CanonicalJson.canonicalize("{} []")).getMessage());
        assertEquals("json: empty document",
                assertThrows(ContractException.class, () -> CanonicalJson.canonicalize(" ")).getMessage());
    }

    @Test
    void treesCanonicalizeLikeTheirText() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("big", new BigInteger("9007199254740993"));
        node.put("dec", new BigDecimal("333333333.33333329"));
        node.put("long", 1L << 60);
        node.put("d", -0.0);
        node.put("s", "\u20ac");
        assertEquals("{\"big\":9007199254740992,\"d\":0,\"dec\":333333333.3333333,\"long\":1152921504606847000,\"s\":\"\u20ac\"}",
                new String(CanonicalJson.canonicalize(node), StandardCharsets.UTF_8));
        assertArrayEquals(CanonicalJson.canonicalize(Json.writeString(node)), CanonicalJson.canonicalize(node));
    }
}
