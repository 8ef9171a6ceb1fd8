package dev.outpost.appliance.pos;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.event.EventBatchResult;
import dev.outpost.appliance.outbox.Outbox;
import dev.outpost.appliance.outbox.OutboxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosDbTest {
    @TempDir
    Path dir;

    Outbox outbox() {
        return Outbox.open(SITE, dir.resolve("outbox.db"), batch -> {
            throw new OutboxException("relay: unreachable", null);
        }, () -> T0, System::nanoTime);
    }

    @Test
    void anEventCommittedButNotHandedOverBeforeACrashGoesToTheOutboxAtTheNextOpenOnce() {
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.empty())) {
            db.inTransaction("sell", () -> {
                db.event("pos.sale.paid", T0, Map.of("transaction_id", "t-1"));
                return null;
            });
            assertEquals(1, db.unsent());
        }
        for (int open = 0; open < 2; open++) {
            try (Outbox outbox = outbox();
                 PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.of(outbox))) {
                assertEquals(0, db.unsent());
                assertEquals(1, outbox.status().pending(), "stored once, however often it is handed over");
            }
        }
    }

    @Test
    void aFailureInsideATransactionRollsBackTheChangeAndItsEvent() {
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, () -> T0, Optional.empty())) {
            assertThrows(PosException.class, () -> db.inTransaction("sell", () -> {
                db.setMeta("k", "v");
                db.event("pos.sale.paid", T0, Map.of("transaction_id", "t-1"));
                throw PosException.conflict("no");
            }));
            assertEquals(0, db.events().size());
            assertEquals(Optional.empty(), db.inTransaction("read", () -> db.meta("k")));
        }
    }
}
