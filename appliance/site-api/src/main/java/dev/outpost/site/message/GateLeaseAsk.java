package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.InvalidFieldException;
import java.util.UUID;

/**
 * A gate asks its hub, on {@code Topics.gateLeaseAsk(site, gate)}: report, and hold {@code want} unspent rights of
 * lease {@code lease_id} from now on. The gate mints the lease id once and keeps it (across restarts, in its
 * journal); {@code used} and {@code exited} are its cumulative admissions and rights given back (confirmed exits,
 * unused unlocks) on that lease, so a lost ask is made good by the next one, and a lease the hub gave up on is
 * corrected by the next report. {@code held} is how many unspent rights the gate holds as it sends the ask (never
 * more than {@code want}: what it does not ask to keep it has given up), so the hub's books follow the gate's
 * whatever was lost on the way. {@code ask_id} pairs the answer with the ask.
 *
 * <p>{@code recounts} is the latest operator recount the gate knows of ({@link MallStatus#recounts()}) and
 * {@code pre_exited} how many of {@code exited} it had counted when it learned of it (0 if it knew of it before the
 * lease began): those exits may predate the recount, so they give rights back but must not lower the recounted count.
 */
@Document("gate_lease_ask")
public record GateLeaseAsk(String deviceId, UUID askId, UUID leaseId, int want, int held, long used, long exited,
                          long recounts, long preExited)
        implements DeviceMessage {

    public GateLeaseAsk {
        Check.id("device_id", deviceId);
        Check.present("ask_id", askId);
        Check.present("lease_id", leaseId);
        if (want < 0 || want > 10_000) {
            throw new InvalidFieldException("want", "must be between 0 and 10000, was " + want);
        }
        if (held < 0 || held > want) {
            throw new InvalidFieldException("held", "must be between 0 and want (" + want + "), was " + held);
        }
        Check.notNegative("used", used);
        Check.notNegative("exited", exited);
        Check.notNegative("recounts", recounts);
        if (preExited < 0 || preExited > exited) {
            throw new InvalidFieldException("pre_exited", "must be between 0 and exited (" + exited + "), was " + preExited);
        }
    }
}
