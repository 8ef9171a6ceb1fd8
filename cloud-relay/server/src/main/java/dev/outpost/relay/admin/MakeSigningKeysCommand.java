package dev.outpost.relay.admin;

import dev.outpost.api.sign.Keyring;
import dev.outpost.api.sign.SigningKey;
import dev.outpost.relay.audit.AuditEntry;
import dev.outpost.relay.manifest.ManifestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "make-signing-keys", mixinStandardHelpOptions = true,
        description = "Makes the relay's manifest publisher key and a keyring signed by the root key, in manifest.keys-dir;"
                + " prints the root public key (the devices' menu.root-key). With --root-key the root stays where it is"
                + " (keep it offline); without, a new root key is written to root.key beside them: move it offline.")
final class MakeSigningKeysCommand extends AdminCommand {
    @Option(names = "--root-key", paramLabel = "FILE", description = "the root key's seed (base64url), kept offline")
    Path rootKey;

    @Option(names = "--valid-for", defaultValue = "730d", paramLabel = "DURATION",
            description = "how long the publisher key is valid (default ${DEFAULT-VALUE})")
    String validFor;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, for the audit log")
    String reason;

    @Override
    int run(RelayStoreOptions.Opened relay) {
        Path dir = relay.config().manifest().keysDir();
        long version = 1;
        try {
            var existing = ManifestKeys.load(dir);
            if (existing.isPresent()) {
                version = existing.get().keyring().payloadAs(Keyring.class).version() + 1;
            }
            SigningKey root;
            if (rootKey != null) {
                root = SigningKey.fromBase64Url(Files.readString(rootKey, StandardCharsets.US_ASCII).strip());
            } else {
                root = SigningKey.generate(new SecureRandom());
                ManifestKeys.writeRoot(dir, root);
                err().println("a new root key is in " + dir.resolve("root.key") + ": move it offline; devices trust only"
                        + " keyrings it signs");
            }
            ManifestKeys keys = ManifestKeys.make(dir, root, version, relay.clock().instant(), duration(validFor));
            relay.audit().append(new AuditEntry(actor(), "manifest.keys.made", "relay:manifest-keys", null,
                    dev.outpost.api.json.Json.toTree(Map.of("keyring_version", version, "publisher_key",
                            keys.publisher().publicKey().keyId().value(), "root_key", root.publicKey().keyId().value())),
                    reason));
            out().println(root.publicKey().base64Url());
            err().println("keyring v" + version + " with publisher key " + keys.publisher().publicKey().keyId() + " in "
                    + dir + "; restart the relay to sign with it");
            return 0;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the root key " + rootKey + ": " + e.getMessage(), e);
        }
    }

    private static Duration duration(String text) {
        if (!text.matches("\\d+d")) {
            throw new IllegalArgumentException("--valid-for: a number of days such as 730d, was '" + text + "'");
        }
        return Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
    }
}
