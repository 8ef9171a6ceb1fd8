package dev.outpost.appliance.flip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.event.EventBatchResult;
import dev.outpost.api.event.EventEnvelope;
import dev.outpost.api.event.EventTypes;
import dev.outpost.api.event.FlipResult;
import dev.outpost.api.event.MenuDownloaded;
import dev.outpost.appliance.Eventually;
import dev.outpost.appliance.outbox.Outbox;
import dev.outpost.site.message.FlipOutcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flip's reports are durable before anyone is told: each commits with the change it reports in flips.db, and one
 * the outbox never got (the appliance died in between) is handed over again after a restart, and reaches the relay
 * once.
 */
class FlipReportTest {
    static final String SITE = "store-1";
    static final String SHA = "cd".repeat(32);
    static final Instant T = Instant.parse("2027-03-01T12:00:00Z");
    @TempDir
    Path dir;
    final InstantSource clock = () -> T.minusSeconds(30);
    final List<EventEnvelope> relay = new CopyOnWriteArrayList<>();

    private Outbox outbox() {
        return Outbox.open(SITE, dir.resolve("outbox.db"), batch -> {
            relay.addAll(batch.events());
            return new EventBatchResult(batch.events().stream().map(EventEnvelope::eventId).toList(), List.of(),
                    List.of());
        }, clock, System::nanoTime);
    }

    private FlipStore store() {
        return FlipStore.open(dir.resolve("flips.db"), SITE, clock);
    }

    @Test
    void anAbortWrittenButNotYetInTheOutboxWhenTheApplianceDiesReachesTheRelayOnceAfterTheRestart() {
        UUID flip = UUID.randomUUID();
        try (FlipStore store = store()) {
            store.insert(new FlipView.Flip(flip, "main", "en-US", "main/v2", SHA, T, "PREPARING", null, T.minusSeconds(60),
                    null, null, List.of()));
            store.answered(flip, "board-1", FlipOutcome.PREPARED, null, Optional.empty());
            store.answered(flip, "board-2", FlipOutcome.ABORT, "blob hash mismatch", Optional.empty());
            FlipResult aborted = new FlipResult(flip, "main", "en-US", "main/v2", SHA, T, FlipResult.ABORTED,
                    "1 of 2 screens prepared", 2, 1, 0, 0, List.of("board-2 (aborted: blob hash mismatch)"), List.of(),
                    List.of());
            store.decided(flip, "ABORTED", aborted.reason(), T, Optional.of(aborted));
            assertEquals(List.of(), store.owed(), "an abort owes nothing more");
        } // died here: the report is in flips.db, not in the outbox

        try (FlipStore store = store(); Outbox outbox = outbox()) {
            List<EventEnvelope> unsent = store.unsent();
            assertEquals(1, unsent.size());
            EventEnvelope event = unsent.getFirst();
            assertEquals("flip.abort", event.type());
            assertEquals(FlipStore.DEVICE, event.deviceId());
            assertEquals(1, event.sequence());
            FlipResult read = (FlipResult) EventTypes.payload(event.type(), event.payload()).orElseThrow();
            assertEquals(List.of("board-2 (aborted: blob hash mismatch)"), read.notTakingPart());
            outbox.append(FlipStore.DEVICE, unsent);
            // died again before marking it: handed over once more after the next restart, stored once
            assertTrue(outbox.append(FlipStore.DEVICE, store.unsent()).stored().isEmpty(), "the outbox knows its id");
            store.enqueued(unsent);
            assertEquals(List.of(), store.unsent());
            Eventually.until("the relay has it", () -> relay.size() == 1);
            assertEquals(event.eventId(), relay.getFirst().eventId());
        }
    }

    @Test
    void aMilestoneIsReportedOnceAndTheStreamCountsOn() {
        UUID flip = UUID.randomUUID();
        MenuDownloaded blob = new MenuDownloaded("main", "en-US", "main/v2", SHA, T);
        try (FlipStore store = store()) {
            assertTrue(store.downloaded(blob));
            assertFalse(store.downloaded(blob), "once per slot, version and activation");
            store.insert(new FlipView.Flip(flip, "main", "en-US", "main/v2", SHA, T, "PREPARING", null, T, null, null,
                    List.of()));
            store.decided(flip, "COMMITTED", "all 1 screens prepared", T, Optional.empty());
            assertEquals(List.of(flip), store.owed(), "committed: its outcome is owed until every screen reports");
        }
        try (FlipStore store = store()) {
            assertEquals(List.of("downloaded|main/en-US|main/v2|" + T), store.downloadedMilestones());
            assertEquals(List.of(flip), store.owed(), "still owed after a restart");
            store.committed(flip, "board-1", T.plusMillis(3), false);
            FlipResult done = new FlipResult(flip, "main", "en-US", "main/v2", SHA, T, FlipResult.COMMITTED,
                    "all 1 screens prepared", 1, 1, 1, 0, List.of(), List.of(),
                    List.of(new FlipResult.DeviceCommit("board-1", T.plusMillis(3), false)));
            store.decided(flip, "COMMITTED", done.reason(), T, Optional.of(done));
            store.decided(flip, "COMMITTED", done.reason(), T, Optional.of(done));
            assertEquals(List.of(), store.owed());
            assertEquals(List.of("menu.downloaded/1", "flip.commit/2"), store.unsent().stream()
                    .map(e -> e.type() + "/" + e.sequence()).toList(), "the outcome once, next in the stream");
        }
    }

    @Test
    void flipsOfTheReleaseBeforeReportsOweNoneAfterTheUpgrade() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("flips.db"));
             Statement s = db.createStatement()) { // what the previous release wrote: schema 1
            s.execute("CREATE TABLE flip (flip_id TEXT PRIMARY KEY, variant TEXT NOT NULL, locale TEXT NOT NULL,"
                    + " version_id TEXT NOT NULL, sha256 TEXT NOT NULL, activate_ms INTEGER NOT NULL,"
                    + " state TEXT NOT NULL, reason TEXT, prepared_ms INTEGER, decided_ms INTEGER,"
                    + " UNIQUE (variant, locale, version_id, activate_ms))");
            s.execute("CREATE TABLE flip_device (flip_id TEXT NOT NULL REFERENCES flip, device_id TEXT NOT NULL,"
                    + " answer TEXT, reason TEXT, committed_at TEXT, autonomous INTEGER, PRIMARY KEY (flip_id, device_id))");
            s.execute("INSERT INTO flip VALUES ('" + UUID.randomUUID() + "', 'main', 'en-US', 'main/v1', '" + SHA + "', "
                    + T.toEpochMilli() + ", 'COMMITTED', 'all 1 screens prepared', 0, 0)");
            s.execute("PRAGMA user_version = 1");
        }
        try (FlipStore store = store()) {
            assertEquals(1, store.recent(10).size());
            assertEquals(List.of(), store.owed(), "an old flip is not reported after the upgrade");
            assertEquals(List.of(), store.unsent());
        }
    }
}
