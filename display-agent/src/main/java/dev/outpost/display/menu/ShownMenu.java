package dev.outpost.display.menu;

import java.time.Instant;
import java.util.UUID;

/**
 * What the screen shows: the pointer a swap replaces in one write. {@code flipId}, {@code committedAt} and the
 * manifest fields are null for the baked-in fail-safe menu.
 *
 * @param sequence       the sequence of the manifest that listed it (the agent's replay floor)
 * @param keyringVersion that manifest's keyring version (the agent's keyring floor)
 * @param expiresAt      when that manifest expires: past it the menu is EXPIRED
 */
public record ShownMenu(String versionId, String sha256, byte[] bytes, UUID flipId, Instant committedAt,
                        boolean autonomous, long sequence, long keyringVersion, Instant expiresAt) {

    public boolean failSafe() {
        return flipId == null;
    }
}
