package dev.outpost.api.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The format of the data a process keeps in its state directory, recorded in {@code data.dir/FORMAT}, so that an older
 * release never runs on data a newer one wrote (a package downgrade, an old image over a newer disk): it refuses to
 * start, names both versions and says what to do. Each process keeps its own number and raises it in the release
 * whose data an older release would misread.
 */
public final class DataFormat {
    public static final String FILE = "FORMAT";

    /** An older release found data a newer one wrote. */
    public static final class NewerDataException extends RuntimeException {
        public NewerDataException(String message) {
            super(message);
        }
    }

    /** What {@code FORMAT} says. */
    public record Recorded(int format, String writtenBy) {
    }

    private DataFormat() {
    }

    /**
     * Checks {@code dataDir/FORMAT} against what this release understands and records this release there (creating the
     * directory if need be).
     *
     * @param understood the newest format this release reads and writes
     * @param version    this release's version, recorded for the next reader's message
     * @throws NewerDataException if the data is of a newer format; then nothing is written
     */
    public static void claim(String process, Path dataDir, int understood, String version) throws IOException {
        Path file = dataDir.resolve(FILE);
        Recorded found = read(process, file);
        if (found != null && found.format() > understood) {
            throw new NewerDataException(process + ": the data in " + dataDir + " is format " + found.format()
                    + ", written by outpost " + process + " " + found.writtenBy() + "; this release (" + version
                    + ") understands format " + understood + " at most. Install " + found.writtenBy()
                    + " or newer again, or move " + dataDir + " away to start with no data");
        }
        if (found == null || found.format() != understood || !found.writtenBy().equals(version)) {
            write(process, dataDir, file, understood, version);
        }
    }

    /** What {@code file} records, or null if there is none. */
    static Recorded read(String process, Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && eq > 0) {
                values.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
            }
        }
        try {
            return new Recorded(Integer.parseInt(values.getOrDefault("format", "")),
                    values.getOrDefault("written-by", "an unknown release"));
        } catch (NumberFormatException e) {
            throw new NewerDataException(process + ": " + file + " does not say which format the data is in (expected a "
                    + "line 'format = N'); it was not written by this release. Restore it, or move " + file.getParent()
                    + " away to start with no data");
        }
    }

    private static void write(String process, Path dataDir, Path file, int format, String version) throws IOException {
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        String text = "# The format of the data in this directory, written by outpost " + process + " " + version + ".\n"
                + "# An older release refuses to start on a newer format. Do not edit.\n"
                + "format = " + format + "\n"
                + "written-by = " + version + "\n";
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(StandardCharsets.UTF_8.encode(text));
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(dataDir, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be synced; the rename is still atomic
        }
    }
}
