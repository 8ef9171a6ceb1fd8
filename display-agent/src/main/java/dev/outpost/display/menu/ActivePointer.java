package dev.outpost.display.menu;

import dev.outpost.api.json.Document;
import java.time.Instant;
import java.util.UUID;

/** {@code data.dir/menu/active.json}: which committed blob the screen shows, written with fsync and rename. */
@Document("display_active_menu")
record ActivePointer(String versionId, String sha256, UUID flipId, Instant committedAt, boolean autonomous,
                     long sequence, long keyringVersion, Instant expiresAt) {
}
