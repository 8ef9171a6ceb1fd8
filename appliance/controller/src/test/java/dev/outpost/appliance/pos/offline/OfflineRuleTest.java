package dev.outpost.appliance.pos.offline;

import static dev.outpost.appliance.pos.Catalogs.SITE;
import static dev.outpost.appliance.pos.Catalogs.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.outpost.api.event.EventEnvelope;
import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineRuleTest {
    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final AtomicReference<Optional<Instant>> delivered = new AtomicReference<>(Optional.empty());

    @Test
    void after24HoursWithoutADeliveryNewSalesNeedAManagersOverrideUntilTheNextDelivery() {
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, now::get, Optional.empty())) {
            OfflineRule rule = new OfflineRule(db, delivered::get, Duration.ofHours(24), now::get);
            delivered.set(Optional.of(T0.plusSeconds(60)));
            now.set(T0.plus(Duration.ofHours(24)).plusSeconds(60));
            rule.checkNewSale("new sale on till-1");
            assertEquals(409, assertThrows(PosException.class, () -> rule.override("till-1", "m-1", "not offline"))
                    .status());
            now.set(now.get().plusMillis(1));
            PosException refused = assertThrows(PosException.class, () -> rule.checkNewSale("new sale on till-1"));
            assertEquals("new sale on till-1: refused, no delivery to the relay since " + T0.plusSeconds(60)
                    + " (more than 24 h): new sales need a manager's override (POST /v1/pos/offline-override)",
                    refused.getMessage());
            rule.override("till-1", "m-1", "WAN cut by road works");
            rule.checkNewSale("new sale on till-1");
            assertEquals(List.of("pos.offline.override"), db.events().stream().map(EventEnvelope::type).toList());
            assertEquals("m-1", db.events().getFirst().payload().get("manager_id").asText());

            delivered.set(Optional.of(now.get()));
            now.set(now.get().plus(Duration.ofHours(25)));
            assertThrows(PosException.class, () -> rule.checkNewSale("new sale"), "an override ends with the next delivery");
        }
        // the last delivery survives a restart, while the outbox knows of none yet
        delivered.set(Optional.empty());
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, now::get, Optional.empty())) {
            OfflineRule rule = new OfflineRule(db, delivered::get, Duration.ofHours(24), now::get);
            assertEquals(true, rule.state().offline());
        }
    }

    @Test
    void aSiteThatNeverDeliveredShowsNoLastDeliveryAndCountsFromWhenItsPosBegan() {
        try (PosDb db = PosDb.open(dir.resolve("pos.db"), SITE, now::get, Optional.empty())) {
            OfflineRule rule = new OfflineRule(db, delivered::get, Duration.ofHours(24), now::get);
            now.set(T0.plus(Duration.ofHours(1)));
            assertEquals(Optional.empty(), rule.state().lastDelivery(), "no last sync to show");
            assertEquals(T0, rule.state().since());
            assertEquals("offline override: refused, the POS began at " + T0 + ", within 24 h; nothing to override",
                    assertThrows(PosException.class, () -> rule.override("till-1", "m-1", "early")).getMessage());
            now.set(T0.plus(Duration.ofHours(24)).plusMillis(1));
            assertEquals("new sale: refused, no delivery to the relay since " + T0 + " (more than 24 h): new sales need"
                    + " a manager's override (POST /v1/pos/offline-override)",
                    assertThrows(PosException.class, () -> rule.checkNewSale("new sale")).getMessage());
        }
    }
}
