package dev.outpost.appliance.enroll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes that survive a power cut whole or not at all: a temporary file, fsync, atomic rename, fsync of the directory. */
public final class DurableFiles {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private DurableFiles() {
    }

    /** Writes {@code bytes} to {@code file}, readable and writable by this user only (0600). */
    public static void writePrivate(Path file, byte[] bytes) throws IOException {
        write(file, bytes, PRIVATE, null);
    }

    /**
     * Writes {@code bytes} to {@code file} with {@code mode} and, when {@code ownedAs} is given, its owner and group
     * (set on the temporary file, so the file is never seen with other owners).
     */
    public static void write(Path file, byte[] bytes, Set<PosixFilePermission> mode, PosixFileAttributes ownedAs)
            throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PRIVATE));
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        if (ownedAs != null) {
            own(tmp, ownedAs);
        }
        Files.setPosixFilePermissions(tmp, mode);
        rename(tmp, file);
    }

    /** Gives {@code file} the owner and group of {@code like} where they differ (changing an owner takes root). */
    public static void own(Path file, PosixFileAttributes like) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        PosixFileAttributes now = view.readAttributes();
        if (!now.owner().equals(like.owner())) {
            view.setOwner(like.owner());
        }
        if (!now.group().equals(like.group())) {
            view.setGroup(like.group());
        }
    }

    /** Replaces {@code to} with {@code from} atomically, then fsyncs the directory so the rename itself is durable. */
    static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(to.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
