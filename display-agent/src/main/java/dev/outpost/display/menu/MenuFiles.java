package dev.outpost.display.menu;

import dev.outpost.api.json.Json;
import dev.outpost.site.message.MenuShown;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The display's menus on disk, under {@code data.dir/menu}: {@code staging/{sha256}} (fetched and verified, not
 * shown yet), {@code blobs/{sha256}} (committed), {@code active.json} naming the one on screen and
 * {@code previous.json} the one it replaced (where an aborted flip goes back to; absent: the fail-safe). Every file is
 * written to a temporary name, fsynced and renamed into place, and its directory fsynced, so a crash leaves the old
 * file or the new one, never a torn one; a blob is read back only if it still hashes to its name.
 */
public final class MenuFiles {
    private static final String FAIL_SAFE_RESOURCE = "fail-safe-menu.json";

    private final String device;
    private final Path staging;
    private final Path blobs;
    private final Path active;
    private final Path previous;

    public MenuFiles(String device, Path dataDir) {
        this.device = device;
        Path root = dataDir.resolve("menu");
        this.staging = root.resolve("staging");
        this.blobs = root.resolve("blobs");
        this.active = root.resolve("active.json");
        this.previous = root.resolve("previous.json");
        try {
            Files.createDirectories(staging);
            Files.createDirectories(blobs);
        } catch (IOException e) {
            throw new UncheckedIOException("display " + device + ": menu directory " + root + ": " + e.getMessage(), e);
        }
    }

    /** The baked-in fail-safe menu, shown when nothing valid is held. */
    public static ShownMenu failSafe() {
        try (InputStream in = MenuFiles.class.getResourceAsStream(FAIL_SAFE_RESOURCE)) {
            byte[] bytes = in.readAllBytes();
            return new ShownMenu(MenuShown.FAIL_SAFE, sha256(bytes), bytes, null, null, false, 0, 0, null);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the display agent's fail-safe menu is missing from its jar", e);
        }
    }

    /**
     * The menu committed last, if its pointer reads and its blob still hashes to its name; otherwise (never committed,
     * a torn or tampered file) the fail-safe menu, saying why.
     */
    public ShownMenu loadActive() {
        return load(active);
    }

    private ShownMenu load(Path file) {
        ActivePointer pointer;
        try {
            pointer = Json.read(Files.readAllBytes(file), ActivePointer.class);
        } catch (NoSuchFileException e) {
            return failSafe();
        } catch (IOException | RuntimeException e) {
            Logger.error("display {}: {} unreadable ({}): showing the fail-safe menu", device, file, e.getMessage());
            return failSafe();
        }
        Optional<byte[]> bytes = readVerified(blobs, pointer.sha256());
        if (bytes.isEmpty()) {
            Logger.error("display {}: the last-known-good {} (sha256 {}) is missing or does not hash to its name:"
                    + " showing the fail-safe menu", device, pointer.versionId(), pointer.sha256());
            return failSafe();
        }
        return new ShownMenu(pointer.versionId(), pointer.sha256(), bytes.get(), pointer.flipId(), pointer.committedAt(),
                pointer.autonomous(), pointer.sequence(), pointer.keyringVersion(), pointer.expiresAt());
    }

    public void stage(String sha256, byte[] bytes) {
        writeDurably(staging.resolve(sha256), bytes);
    }

    public void discardStaged(String sha256) {
        try {
            Files.deleteIfExists(staging.resolve(sha256));
        } catch (IOException e) {
            Logger.warn("display {}: staged blob {} not deleted: {}", device, sha256, e.getMessage());
        }
    }

    /**
     * Moves the staged blob into {@code blobs/} and points {@code active.json} at it: the swap on disk. What was
     * active becomes {@code previous.json} first (none: the fail-safe was on screen, and previous goes).
     */
    public void commit(ShownMenu menu) {
        try {
            if (Files.exists(active)) {
                writeDurably(previous, Files.readAllBytes(active));
            } else {
                Files.deleteIfExists(previous);
            }
            Path staged = staging.resolve(menu.sha256());
            if (Files.exists(staged)) {
                Files.move(staged, blobs.resolve(menu.sha256()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                fsyncDirectory(blobs);
            } else if (readVerified(blobs, menu.sha256()).isEmpty()) {
                throw new IllegalStateException("display " + device + ": blob " + menu.sha256() + " is neither staged nor held");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("display " + device + ": committing " + menu.sha256() + ": " + e.getMessage(), e);
        }
        writeDurably(active, Json.write(new ActivePointer(menu.versionId(), menu.sha256(), menu.flipId(),
                menu.committedAt(), menu.autonomous(), menu.sequence(), menu.keyringVersion(), menu.expiresAt())));
    }

    /**
     * Goes back to the menu the last commit replaced (an aborted flip a screen had committed on its own): it becomes
     * active again, durably; the fail-safe when there was none. Returns what is on screen now.
     */
    public ShownMenu revert() {
        try {
            if (Files.exists(previous)) {
                writeDurably(active, Files.readAllBytes(previous));
                Files.delete(previous);
            } else {
                Files.deleteIfExists(active);
            }
            fsyncDirectory(active.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("display " + device + ": going back from " + active + ": " + e.getMessage(), e);
        }
        return loadActive();
    }

    Path blobPath(String sha256) {
        return blobs.resolve(sha256);
    }

    private Optional<byte[]> readVerified(Path dir, String sha256) {
        try {
            byte[] bytes = Files.readAllBytes(dir.resolve(sha256));
            return sha256(bytes).equals(sha256) ? Optional.of(bytes) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void writeDurably(Path target, byte[] bytes) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("display " + device + ": writing " + target + ": " + e.getMessage(), e);
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for fsync; the rename is still atomic there
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
