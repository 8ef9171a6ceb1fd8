package dev.outpost.hal.screen;

import java.util.Objects;

/**
 * What a screen shows.
 *
 * @param id      identifies the content, e.g. a menu version and page, so tests and reports can say what was up
 * @param content the rendered content (markup or a file URI, as the screen's driver expects)
 */
public record Frame(String id, String content) {

    public Frame {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("screen frame.id must not be blank, was "
                    + (id == null ? "null" : "\"" + id + "\""));
        }
        Objects.requireNonNull(content, "screen frame " + id + ": content must not be null");
    }
}
