package dev.outpost.relay.manifest;

import dev.outpost.api.json.Json;
import dev.outpost.api.sign.Keyring;
import dev.outpost.api.sign.KeyringEntry;
import dev.outpost.api.sign.SignedDocument;
import dev.outpost.api.sign.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the relay signs manifests with: a publisher key ({@code publisher.key}, its seed in base64url) and the
 * keyring the root key signed for it ({@code keyring.json}). The root key itself belongs offline; its public key is
 * baked into every device, which trusts a keyring only when the root signed it.
 */
public record ManifestKeys(SignedDocument keyring, SigningKey publisher) {
    static final String KEYRING = "keyring.json";
    static final String PUBLISHER = "publisher.key";
    static final String ROOT = "root.key";
    static final String ROOT_PUBLIC = "root.pub";

    /** The keys in {@code dir}, or empty when there are none yet; a half-made or mismatched pair is an error. */
    public static Optional<ManifestKeys> load(Path dir) {
        Path keyringFile = dir.resolve(KEYRING);
        Path keyFile = dir.resolve(PUBLISHER);
        if (!Files.exists(keyringFile) && !Files.exists(keyFile)) {
            return Optional.empty();
        }
        try {
            SignedDocument keyring = Json.read(Files.readString(keyringFile), SignedDocument.class);
            SigningKey key = SigningKey.fromBase64Url(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
            KeyringEntry entry = keyring.payloadAs(Keyring.class).find(key.publicKey().keyId()).orElseThrow(() ->
                    new IllegalStateException("manifest keys in " + dir + ": the publisher key " + key.publicKey().keyId()
                            + " is not in " + KEYRING + "; make them again with ./outpost admin make-signing-keys"));
            if (!entry.hasRole(KeyringEntry.PUBLISHER)) {
                throw new IllegalStateException("manifest keys in " + dir + ": key " + entry.keyId()
                        + " is not a publisher key in " + KEYRING);
            }
            return Optional.of(new ManifestKeys(keyring, key));
        } catch (IOException e) {
            throw new IllegalStateException("manifest keys in " + dir + ": cannot read " + e.getMessage()
                    + " (both " + KEYRING + " and " + PUBLISHER + " are needed)", e);
        }
    }

    /**
     * Makes a publisher key valid for {@code validFor} and a keyring (version {@code keyringVersion}) signed by
     * {@code root}, in {@code dir}; files holding secrets are readable by the owner only.
     */
    public static ManifestKeys make(Path dir, SigningKey root, long keyringVersion, Instant now, Duration validFor) {
        SigningKey publisher = SigningKey.generate(new SecureRandom());
        SignedDocument keyring = new Keyring(keyringVersion, now, List.of(KeyringEntry.of(publisher.publicKey(),
                List.of(KeyringEntry.PUBLISHER), now.minus(Duration.ofDays(1)), now.plus(validFor)))).signedBy(root);
        write(dir, PUBLISHER, publisher.seedBase64Url() + "\n", true);
        write(dir, KEYRING, Json.writeString(keyring) + "\n", false);
        write(dir, ROOT_PUBLIC, root.publicKey().base64Url() + "\n", false);
        return new ManifestKeys(keyring, publisher);
    }

    /** Writes a new root key's seed (owner-only); it belongs offline once the keyring is signed. */
    public static void writeRoot(Path dir, SigningKey root) {
        write(dir, ROOT, root.seedBase64Url() + "\n", true);
    }

    /** fsync, then an atomic rename: a crash leaves the old file or the new one, never half of one. */
    static void write(Path dir, String name, String text, boolean secret) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".tmp");
            Files.deleteIfExists(tmp);
            if (secret) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(StandardCharsets.UTF_8.encode(text));
                out.force(true);
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("manifest keys: cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
