package dev.outpost.api.config;

import java.util.List;

/** A configuration that cannot be used. The message names the source, and each key, value and what was expected. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        if (problems.size() == 1) {
            return "config " + source + ": " + problems.get(0);
        }
        return "config " + source + ": " + problems.size() + " problems:\n  - " + String.join("\n  - ", problems);
    }
}
