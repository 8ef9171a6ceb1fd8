package dev.outpost.appliance.menu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blobs on disk, one file per blob named by its sha256 under {@code data.dir/blobs/}. A blob is written to a
 * temporary file, fsynced, renamed over its name atomically and the directory fsynced, so a power cut leaves the
 * whole blob or none. Reading checks the hash again: a file changed on disk is never passed on.
 */
public final class BlobFiles {
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String TMP = ".tmp";

    private final Path dir;

    BlobFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The lowercase hex SHA-256 of {@code bytes}, as manifests name blobs. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Creates the directory and removes what a crash mid-write left behind. */
    void open() throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + TMP)) {
            for (Path tmp : files) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Every blob name on disk (files whose name is not a sha256 are not blobs and are left alone). */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (SHA256.matcher(name).matches()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Writes {@code bytes}, which the caller has checked hash to {@code sha256}. */
    void write(String sha256, byte[] bytes) throws IOException {
        Path tmp = dir.resolve(sha256 + TMP);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, dir.resolve(sha256), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /** The blob's bytes if the file exists and still hashes to its name; a mismatch is {@link Read#tampered()}. */
    Read read(String sha256) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(sha256));
        } catch (NoSuchFileException e) {
            return new Read(Optional.empty(), false, null);
        }
        String actual = sha256(bytes);
        return actual.equals(sha256) ? new Read(Optional.of(bytes), false, actual) : new Read(Optional.empty(), true, actual);
    }

    /** @param actual the sha256 the file has (null when missing) */
    record Read(Optional<byte[]> bytes, boolean tampered, String actual) {
    }

    void delete(String sha256) throws IOException {
        if (Files.deleteIfExists(dir.resolve(sha256))) {
            syncDirectory();
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
