package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.InvalidFieldException;
import java.util.UUID;

/**
 * The hub's answer, on {@code Topics.gateLeaseGrant(site, gate)}: after the ask's report, the gate holds
 * {@code tokens} unspent rights of lease {@code lease_id} for {@code ttl_ms}, measured on the gate's monotonic clock
 * from the moment it asked. {@code revoked} rights were taken back (a capacity cut, a mode without entries): the
 * gate stops using them at once. {@code granted} is false when the hub has no rights to give (the lease stays, with
 * {@code tokens} 0); {@code reason} says why in words either way; {@code source} is where the rights came from.
 */
@Document("gate_lease_grant")
public record GateLeaseGrant(UUID askId, UUID leaseId, boolean granted, int tokens, int revoked, long ttlMs,
                             DecisionSource source, String reason) {

    public GateLeaseGrant {
        Check.present("ask_id", askId);
        Check.present("lease_id", leaseId);
        Check.notNegative("tokens", tokens);
        Check.notNegative("revoked", revoked);
        Check.notNegative("ttl_ms", ttlMs);
        Check.present("source", source);
        Check.text("reason", reason);
        if (!granted && tokens != 0) {
            throw new InvalidFieldException("tokens", "a refusal holds no rights, was " + tokens);
        }
    }
}
