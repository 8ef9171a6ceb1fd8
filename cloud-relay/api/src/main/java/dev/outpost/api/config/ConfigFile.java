package dev.outpost.api.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text of one process's configuration: {@code key = value} lines, {@code #} comments, blank lines.
 * Keys are lower case with dots and dashes. A key given twice is an error, not a silent override.
 */
public final class ConfigFile {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*");

    private final String source;
    private final Map<String, String> values;

    private ConfigFile(String source, Map<String, String> values) {
        this.source = source;
        this.values = values;
    }

    public static ConfigFile load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("file does not exist"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot be read: " + e.getMessage()));
        }
        return parse(file.toString(), text);
    }

    public static ConfigFile parse(String source, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                problems.add("line " + (i + 1) + ": expected 'key = value', was '" + line + "'");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEY.matcher(key).matches()) {
                problems.add("line " + (i + 1) + ": '" + key + "' is not a key (lower case words joined by dots, e.g. http.port)");
            } else if (values.putIfAbsent(key, value) != null) {
                problems.add("line " + (i + 1) + ": " + key + " is set twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return new ConfigFile(source, values);
    }

    /** An empty configuration: every key takes its default. */
    public static ConfigFile empty(String source) {
        return new ConfigFile(source, new LinkedHashMap<>());
    }

    /** This configuration with {@code key} set to {@code value}, as a command-line option does: it wins over the file. */
    public ConfigFile with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new ConfigFile(source, copy);
    }

    public String source() {
        return source;
    }

    Map<String, String> values() {
        return values;
    }

    public ConfigReader reader() {
        return new ConfigReader(this);
    }
}
