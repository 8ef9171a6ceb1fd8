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
 * restart does not reset the count; a site that never delivered counts from when {@code pos.db} was created (and
 * shows no last delivery). An override (audited, {@code pos.offline.override}) holds until the next delivery.
 */
public final class OfflineRule {
    static final String LAST_DELIVERY = "last_delivery";
    static final String BEGAN = "began";
    static final String OVERRIDE = "offline_override";

    /** The payload of {@code pos.offline.override}; {@code lastDelivery} is when {@code pos.db} began if never. */
    public record Override(String terminalId, String managerId, String reason, Instant lastDelivery, Instant at) {
    }

    /**
     * The rule at a glance.
     *
     * @param lastDelivery the last delivery to the relay, empty when there was none
     * @param since        what the limit counts from: the last delivery, or when {@code pos.db} began
     */
    public record State(Optional<Instant> lastDelivery, Instant since, boolean offline, boolean overridden,
                        Duration limit) {
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
            if (db.meta(BEGAN).isEmpty()) {
                db.setMeta(BEGAN, clock.instant().toString());
            }
            return null;
        });
    }

    public State state() {
        return db.inTransaction("read the offline state", this::state0);
    }

    private State state0() throws SQLException {
        Optional<Instant> last = db.meta(LAST_DELIVERY).map(Instant::parse);
        Optional<Instant> now = delivered.get();
        if (now.isPresent() && (last.isEmpty() || now.get().isAfter(last.get()))) {
            last = now;
            db.setMeta(LAST_DELIVERY, now.get().toString());
        }
        Instant since = last.orElse(Instant.parse(db.meta(BEGAN).orElseThrow()));
        boolean offline = Duration.between(since, clock.instant()).compareTo(limit) > 0;
        Optional<Instant> override = db.meta(OVERRIDE).map(Instant::parse);
        boolean overridden = override.isPresent() && override.get().isAfter(since);
        return new State(last, since, offline, overridden, limit);
    }

    /** Throws 409 when a new sale must wait for a manager's override. */
    public void checkNewSale(String what) {
        State state = state();
        if (state.offline() && !state.overridden()) {
            throw PosException.conflict(what + ": refused, no delivery to the relay since " + state.since()
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
                throw PosException.conflict("offline override: refused, " + state.lastDelivery()
                        .map(last -> "the site delivered to the relay at " + last)
                        .orElse("the POS began at " + state.since()) + ", within " + limit.toHours()
                        + " h; nothing to override");
            }
            Override o = new Override(terminal, manager, reason, state.since(), at);
            db.setMeta(OVERRIDE, at.toString());
            db.audit(terminal, manager, "offline-override", reason + " (no delivery since " + state.since() + ")");
            db.event("pos.offline.override", at, o);
            return o;
        });
    }
}
