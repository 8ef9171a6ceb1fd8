package dev.outpost.site.broker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.site.topic.Topics;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SiteAclTest {

    private final Map<String, Role> roles = Map.of("hub", Role.APPLIANCE, "board-1", Role.DEVICE, "gate-1", Role.DEVICE);
    private final SiteAcl acl = new SiteAcl("s-1", u -> Optional.ofNullable(roles.get(u)));

    @Test
    void aDevicePublishesOnlyItsOwnTopicsAndClockRequests() {
        assertTrue(acl.canWrite("outpost/s-1/devices/board-1/presence", "board-1"));
        assertTrue(acl.canWrite("outpost/s-1/devices/board-1/heartbeat", "board-1"));
        assertTrue(acl.canWrite("outpost/s-1/clock/request/board-1", "board-1"));
        assertFalse(acl.canWrite("outpost/s-1/devices/gate-1/presence", "board-1"));
        assertFalse(acl.canWrite("outpost/s-1/clock/request/gate-1", "board-1"));
        assertFalse(acl.canWrite("outpost/s-1/clock/reply/board-1", "board-1"));
        assertFalse(acl.canWrite("outpost/s-1/state/mode", "board-1"));
        assertFalse(acl.canWrite("outpost/s-2/devices/board-1/presence", "board-1"));
        assertFalse(acl.canWrite("outpost/s-1/devices/board-1", "board-1"), "the device level itself is not its subtree");
        assertFalse(acl.canWrite("outpost/s-1/devices/board-1/+", "board-1"));
    }

    @Test
    void aDeviceSubscribesToStateItsRepliesAndItsOwnSubtreeOnly() {
        assertTrue(acl.canRead("outpost/s-1/state/mode", "board-1"));
        assertTrue(acl.canRead("outpost/s-1/state/#", "board-1"));
        assertTrue(acl.canRead("outpost/s-1/state/+", "board-1"));
        assertTrue(acl.canRead("outpost/s-1/clock/reply/board-1", "board-1"));
        assertTrue(acl.canRead("outpost/s-1/devices/board-1/#", "board-1"));
        assertFalse(acl.canRead("outpost/s-1/clock/reply/gate-1", "board-1"));
        assertFalse(acl.canRead("outpost/s-1/clock/reply/+", "board-1"));
        assertFalse(acl.canRead("outpost/s-1/devices/+/presence", "board-1"));
        assertFalse(acl.canRead("outpost/s-1/#", "board-1"));
        assertFalse(acl.canRead("#", "board-1"));
        assertFalse(acl.canRead("$share/g/outpost/s-1/state/mode", "board-1"));
    }

    @Test
    void aGatePublishesItsAsksAndJournalAndReadsItsGrantsAcksAndTheMallStatus() {
        assertTrue(acl.canWrite(Topics.gateLeaseAsk("s-1", "gate-1"), "gate-1"));
        assertTrue(acl.canWrite(Topics.gateJournal("s-1", "gate-1"), "gate-1"));
        assertTrue(acl.canRead(Topics.gateLeaseGrant("s-1", "gate-1"), "gate-1"));
        assertTrue(acl.canRead(Topics.gateJournalAck("s-1", "gate-1"), "gate-1"));
        assertTrue(acl.canRead(Topics.mode("s-1"), "gate-1"));
        assertFalse(acl.canWrite(Topics.gateLeaseAsk("s-1", "board-1"), "gate-1"), "not in another device's name");
        assertFalse(acl.canRead(Topics.gateLeaseGrant("s-1", "board-1"), "gate-1"));
        assertFalse(acl.canRead(Topics.allGateLeaseAsks("s-1"), "gate-1"));
        assertFalse(acl.canWrite(Topics.mode("s-1"), "gate-1"), "only the hub sets the mall status");
        assertTrue(acl.canRead(Topics.allGateLeaseAsks("s-1"), "hub"));
        assertTrue(acl.canRead(Topics.allGateJournals("s-1"), "hub"));
        assertTrue(acl.canWrite(Topics.gateLeaseGrant("s-1", "gate-1"), "hub"));
        assertTrue(acl.canWrite(Topics.gateJournalAck("s-1", "gate-1"), "hub"));
    }

    @Test
    void theApplianceHasTheWholeSiteAndNothingElse() {
        assertTrue(acl.canWrite("outpost/s-1/state/mode", "hub"));
        assertTrue(acl.canWrite("outpost/s-1/clock/reply/gate-1", "hub"));
        assertTrue(acl.canRead("outpost/s-1/#", "hub"));
        assertTrue(acl.canRead("outpost/s-1/devices/+/presence", "hub"));
        assertFalse(acl.canRead("outpost/+/devices/+/presence", "hub"));
        assertFalse(acl.canRead("#", "hub"));
        assertFalse(acl.canWrite("outpost/s-2/state/mode", "hub"));
    }

    @Test
    void unknownUsersMayDoNothing() {
        assertFalse(acl.canWrite("outpost/s-1/devices/ghost/presence", "ghost"));
        assertFalse(acl.canRead("outpost/s-1/state/mode", "ghost"));
        assertFalse(acl.canRead("outpost/s-1/state/mode", null));
    }

    @Test
    void clientIdsMustBeTheUsernameForDevicesAndMayCarryASuffixForTheAppliance() {
        assertTrue(acl.clientIdAllowed("board-1", "board-1"));
        assertFalse(acl.clientIdAllowed("board-1", "gate-1"));
        assertFalse(acl.clientIdAllowed("board-1", "board-1.x"));
        assertTrue(acl.clientIdAllowed("hub", "hub"));
        assertTrue(acl.clientIdAllowed("hub", "hub.flip"));
        assertFalse(acl.clientIdAllowed("hub", "board-1"), "the appliance must not take over a device's session");
        assertFalse(acl.clientIdAllowed("hub", "hub."));
        assertFalse(acl.clientIdAllowed("ghost", "ghost"));
    }

    @Test
    void aDisplayHearsOnlyItsOwnFlipsAndAnswersOnlyForItself() {
        assertTrue(acl.canRead(Topics.flipPrepare("s-1", "board-1"), "board-1"));
        assertTrue(acl.canRead(Topics.flipDecision("s-1", "board-1"), "board-1"));
        assertFalse(acl.canRead(Topics.flipDecision("s-1", "gate-1"), "board-1"));
        assertTrue(acl.canWrite(Topics.flipAnswer("s-1", "board-1"), "board-1"));
        assertTrue(acl.canWrite(Topics.flipReport("s-1", "board-1"), "board-1"));
        assertTrue(acl.canWrite(Topics.menuShown("s-1", "board-1"), "board-1"));
        assertFalse(acl.canWrite(Topics.flipAnswer("s-1", "gate-1"), "board-1"));
        assertTrue(acl.canRead(Topics.allFlipAnswers("s-1"), "hub"));
        assertTrue(acl.canWrite(Topics.flipDecision("s-1", "board-1"), "hub"));
    }
}
