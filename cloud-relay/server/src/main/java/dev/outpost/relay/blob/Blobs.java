package dev.outpost.relay.blob;

import dev.outpost.relay.store.Tx;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Content-addressed blobs in the relay's store: immutable, named by the lowercase hex sha256 of their bytes, so
 * storing the same bytes twice stores them once and a name can never come to mean other bytes.
 */
public final class Blobs {
    private Blobs() {
    }

    /** One blob: its bytes and what they are. */
    public record Blob(String sha256, String mediaType, byte[] content) {
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Stores {@code content} in the caller's transaction (once, whoever stores it first) and returns its name. */
    public static String put(Tx tx, String mediaType, byte[] content, Instant now) throws SQLException {
        String name = sha256(content);
        tx.update("INSERT INTO blob (sha256, media_type, size, content, created_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (sha256) DO NOTHING", name, mediaType, (long) content.length, content, now.toString());
        return name;
    }

    public static Optional<Blob> get(Tx tx, String sha256) throws SQLException {
        return tx.queryOne("SELECT sha256, media_type, content FROM blob WHERE sha256 = ?",
                rs -> new Blob(rs.getString(1), rs.getString(2), rs.getBytes(3)), sha256);
    }
}
