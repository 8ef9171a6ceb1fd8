package dev.outpost.appliance.provision;

import dev.outpost.api.config.ConfigFile;
import dev.outpost.appliance.enroll.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A role's config file as provisioning edits it: a key it sets goes where the packaged file lists it commented out (or
 * at the end), a key already set to the same value stays as it is, and a key already set to another value is a
 * conflict, never overwritten. Every other line, an installer's edits included, is kept.
 */
final class ConfigEdit {
    private final Path file;
    private final String text;
    private final ConfigFile parsed;

    private ConfigEdit(Path file, String text) {
        this.file = file;
        this.text = text;
        this.parsed = ConfigFile.parse(file.toString(), text);
    }

    /** The file as it is, or an empty one if there is none yet; a malformed file is a {@code ConfigException}. */
    static ConfigEdit read(Path file) throws IOException {
        return new ConfigEdit(file, Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "");
    }

    Path file() {
        return file;
    }

    /** The value set in the file, if set and not blank. */
    Optional<String> value(String key) {
        return Optional.ofNullable(parsed.reader().string(key, null)).filter(v -> !v.isBlank());
    }

    /** {@code key: set to X in FILE, not Y} for every wanted key the file sets to something else. */
    List<String> conflicts(Map<String, String> wanted) {
        List<String> conflicts = new ArrayList<>();
        wanted.forEach((key, value) -> value(key).filter(v -> !v.equals(value)).ifPresent(v ->
                conflicts.add(key + " is " + v + " in " + file + ", not " + value)));
        return conflicts;
    }

    /** The text with every wanted key the file does not set yet; call only without {@link #conflicts}. */
    String with(Map<String, String> wanted) {
        List<String> lines = new ArrayList<>(text.isEmpty() ? List.of() : List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        wanted.forEach((key, value) -> {
            if (value(key).isEmpty()) {
                // the key's blank line if it has one (a second line would set it twice), else its commented-out default
                int at = find(lines, Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=\\s*$"));
                if (at < 0) {
                    at = find(lines, Pattern.compile("^\\s*#\\s*" + Pattern.quote(key) + "\\s*=.*$"));
                }
                if (at >= 0) {
                    lines.set(at, key + " = " + value);
                } else {
                    lines.add(key + " = " + value);
                }
            }
        });
        return String.join("\n", lines) + "\n";
    }

    private static int find(List<String> lines, Pattern pattern) {
        for (int i = 0; i < lines.size(); i++) {
            if (pattern.matcher(lines.get(i)).matches()) {
                return i;
            }
        }
        return -1;
    }

    boolean changedBy(String edited) {
        return !edited.equals(text);
    }

    /** Replaces the file with {@code edited} atomically, keeping its owner, group and mode (new: 0640). */
    void write(String edited) throws IOException {
        PosixFileAttributes like = Files.exists(file)
                ? Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS) : null;
        DurableFiles.write(file, edited.getBytes(StandardCharsets.UTF_8),
                like == null ? PosixFilePermissions.fromString("rw-r-----") : like.permissions(), like);
    }
}
