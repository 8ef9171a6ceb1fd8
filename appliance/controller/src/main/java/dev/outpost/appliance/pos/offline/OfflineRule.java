package dev.outpost.appliance.pos.offline;

import dev.outpost.appliance.pos.PosDb;
import dev.outpost.appliance.pos.PosException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * After {@code pos.offline-limit} (24 h) without a successful delivery to the relay, new sales are refused unless a
 * manager overrides. The last delivery the outbox reports is remembered in {@code pos.db} ({@code pos_meta}), so a
 * restart does not reset the count; a site that never delivered counts from when {@code pos.db} was created. An
 * override (audited, {@code pos.offline.override}) holds until the next delivery.
 */
public final class OfflineRule {
    static final String LAST_DELIVERY = "last_delivery";
    static final String OVERRIDE = "offline_override";

    /** The payload of {@code pos.offline.override}. */
    public record Override(String terminalId, String managerId, String reason, Instant lastDelivery, Instant at) {
    }

    /** The rule at a glance. */
    public record State(Instant lastDelivery, boolean offline, boolean overridden, Duration limit) {
    }

    private final PosDb db;
    private final Supplier<Optional<Instant>> delivered;
    private final Duration limit;
    private final InstantSource clock;

    /** @param delivered when the outbox last delivered to the relay, as it reports it (empty: not since it started) */
    public OfflineRule(PosDb db, Supplier<Optional<Instant>> delivered, Duration limit, InstantSource clock) {
        this.db = db;
        this.delivered = delivered;
        this.limit = limit;
        this.clock = clock;
        db.inTransaction("note when the pos store began", () -> {
            if (db.meta(LAST_DELIVERY).isEmpty()) {
                db.setMeta(LAST_DELIVERY, clock.instant().toString());
            }
            return null;
        });
    }

    public State state() {
        return db.inTransaction("read the offline state", this::state0);
    }

    private State state0() throws SQLException {
        Instant last = Instant.parse(db.meta(LAST_DELIVERY).orElseThrow());
        Optional<Instant> now = delivered.get();
        if (now.isPresent() && now.get().isAfter(last)) {
            last = now.get();
            db.setMeta(LAST_DELIVERY, last.toString());
        }
        boolean offline = Duration.between(last, clock.instant()).compareTo(limit) > 0;
        Optional<Instant> override = db.meta(OVERRIDE).map(Instant::parse);
        boolean overridden = override.isPresent() && override.get().isAfter(last);
        return new State(last, offline, overridden, limit);
    }

    /** Throws 409 when a new sale must wait for a manager's override. */
    public void checkNewSale(String what) {
        State state = state();
        if (state.offline() && !state.overridden()) {
            throw PosException.conflict(what + ": refused, no delivery to the relay since " + state.lastDelivery()
                    + " (more than " + limit.toHours() + " h): new sales need a manager's override"
                    + " (POST /v1/pos/offline-override)");
        }
    }

    /** A manager's override, audited with its event in one transaction; 409 while the site is not offline. */
    public Override override(String terminal, String manager, String reason) {
        if (reason == null || reason.isBlank()) {
            throw PosException.badInput("offline override: reason: must not be blank");
        }
        Instant at = clock.instant();
        return db.inTransaction("record an offline override", () -> {
            State state = state0();
            if (!state.offline()) {
                throw PosException.conflict("offline override: refused, the site delivered to the relay at "
                        + state.lastDelivery() + ", within " + limit.toHours() + " h; nothing to override");
            }
            Override o = new Override(terminal, manager, reason, state.lastDelivery(), at);
            db.setMeta(OVERRIDE, at.toString());
            db.audit(terminal, manager, "offline-override", reason + " (no delivery since " + state.lastDelivery() + ")");
            db.event("pos.offline.override", at, o);
            return o;
        });
    }
}
