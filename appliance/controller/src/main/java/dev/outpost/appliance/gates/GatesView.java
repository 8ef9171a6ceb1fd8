package dev.outpost.appliance.gates;

import dev.outpost.appliance.outbox.OutboxStatus;
import java.util.UUID;

/**
 * The site's gates at a glance, for the appliance's LAN page {@code GET /v1/gates}. The mall fields are null until
 * the relay has told the hub about the mall.
 *
 * @param mode           the mall's mode as the hub publishes it to the gates
 * @param countKnown     whether entries may resume after a fire (false until a recount)
 * @param capacity       the mall's capacity
 * @param recounts       the operator recounts of the mall, as the relay counts them
 * @param epoch          the published status's epoch
 * @param blockId        the site block, or null
 * @param blockLive      whether the hub still lends from it
 * @param block          unspent rights at the site (gate leases and pool)
 * @param pool           rights at the site not lent to a gate (negative after a revoke)
 * @param leased         rights lent to gates
 * @param used           admissions since the hub started
 * @param exited         exits credited since the hub started
 * @param relayReachable whether the last relay request got an answer
 * @param gates          gates holding a lease
 * @param outbox         the outbox towards the relay
 */
public record GatesView(String siteId, String mallId, String mode, Boolean countKnown, Long capacity, Long recounts,
                        Long epoch, UUID blockId, boolean blockLive, long block, long pool, long leased, long used,
                        long exited, boolean relayReachable, int gates, OutboxStatus outbox) {

    static GatesView of(GateHub.HubView hub, OutboxStatus outbox) {
        var status = hub.status();
        return new GatesView(hub.siteId(), hub.mallId(), status == null ? null : status.mode().name(),
                status == null ? null : status.countKnown(), status == null ? null : status.capacity(),
                status == null ? null : status.recounts(), status == null ? null : status.epoch(), hub.blockId(),
                hub.blockLive(), hub.block(), hub.pool(), hub.leased(), hub.used(), hub.exited(), hub.relayReachable(),
                hub.gates(), outbox);
    }
}
