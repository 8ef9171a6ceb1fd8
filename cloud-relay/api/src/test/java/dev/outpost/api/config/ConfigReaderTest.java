package dev.outpost.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    private static ConfigReader reader(String text) {
        return ConfigFile.parse("test.conf", text).reader();
    }

    @Test
    void readsTypedValuesAndDefaults() {
        ConfigReader in = reader("""
                # a comment
                http.port = 9000
                heartbeat.period = 500ms
                relay.url = https://relay.example.com:8443
                log.format = JSON
                """);
        assertEquals(9000, in.port("http.port", 1));
        assertEquals(Duration.ofMillis(500), in.duration("heartbeat.period", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)));
        assertEquals(URI.create("https://relay.example.com:8443"), in.httpUrl("relay.url", null));
        assertEquals(TimeUnit.DAYS, in.enumValue("unit", TimeUnit.class, TimeUnit.DAYS));
        assertEquals(Format.JSON, in.enumValue("log.format", Format.class, Format.TEXT));
        in.finish();
    }

    enum Format { TEXT, JSON }

    @Test
    void durationsInEveryWrittenForm() {
        assertEquals(Duration.ofMinutes(5), ConfigReader.parseDuration("5m"));
        assertEquals(Duration.ofHours(2), ConfigReader.parseDuration("2h"));
        assertEquals(Duration.ofDays(1), ConfigReader.parseDuration("1d"));
        assertEquals(Duration.ofSeconds(30), ConfigReader.parseDuration("PT30S"));
        assertEquals(null, ConfigReader.parseDuration("thirty seconds"));
        assertEquals("90s", ConfigReader.format(Duration.ofSeconds(90)));
        assertEquals("250ms", ConfigReader.format(Duration.ofMillis(250)));
    }

    @Test
    void outOfRangeNamesKeyLimitsAndValueAndIsNeverClamped() {
        ConfigReader in = reader("http.port = 70000\nheartbeat.period = 0s\n");
        in.port("http.port", 8470);
        in.duration("heartbeat.period", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1));
        ConfigException e = assertThrows(ConfigException.class, in::finish);
        assertEquals(2, e.problems().size());
        assertEquals("http.port must be between 0 and 65535, was 70000", e.problems().get(0));
        assertEquals("heartbeat.period must be between 100ms and 1h, was 0s", e.problems().get(1));
        assertTrue(e.getMessage().startsWith("config test.conf: 2 problems:"), e.getMessage());
    }

    @Test
    void wrongTypesSayWhatWasExpected() {
        ConfigReader in = reader("http.port = eighty\nlog.format = xml\nrelay.url = ftp://x\nsite.id = Store 1\n");
        in.port("http.port", 8470);
        in.enumValue("log.format", Format.class, Format.TEXT);
        in.httpUrl("relay.url", null);
        in.requiredId("site.id", "this site's id");
        ConfigException e = assertThrows(ConfigException.class, in::finish);
        assertEquals("http.port must be a whole number between 0 and 65535, was 'eighty'", e.problems().get(0));
        assertEquals("log.format must be one of text, json, was 'xml'", e.problems().get(1));
        assertTrue(e.problems().get(2).startsWith("relay.url must be an http:// or https:// URL"), e.problems().get(2));
        assertTrue(e.problems().get(3).startsWith("site.id must be an id of lower-case letters"), e.problems().get(3));
    }

    @Test
    void missingRequiredAndUnknownKeysAreErrors() {
        ConfigReader in = reader("htp.port = 80\n");
        in.port("http.port", 8470);
        in.requiredString("relay.url", "the relay's base URL");
        ConfigException e = assertThrows(ConfigException.class, in::finish);
        assertEquals("relay.url is required (the relay's base URL)", e.problems().get(0));
        assertEquals("unknown key htp.port (known keys: http.port, relay.url)", e.problems().get(1));
    }

    @Test
    void malformedLinesAndRepeatedKeysAreRejectedWithTheirLineNumbers() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFile.parse("bad.conf", "http.port = 1\nhttp.port = 2\njust words\nHTTP.Port = 3\n"));
        assertEquals("line 2: http.port is set twice", e.problems().get(0));
        assertEquals("line 3: expected 'key = value', was 'just words'", e.problems().get(1));
        assertTrue(e.problems().get(2).startsWith("line 4: 'HTTP.Port' is not a key"), e.problems().get(2));
    }

    @Test
    void commandLineOverridesWinOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("relay.conf");
        Files.writeString(file, "http.port = 9000\n");
        ConfigReader in = ConfigFile.load(file).with("http.port", "9100").reader();
        assertEquals(9100, in.port("http.port", 8470));
        in.finish();
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(dir.resolve("nope.conf")));
        assertEquals("config " + dir.resolve("nope.conf") + ": file does not exist", e.getMessage());
    }
}
