package dev.outpost.appliance.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.client.RelayException;
import org.junit.jupiter.api.Test;

class HubServiceTest {

    @Test
    void aRefusalReachesTheHubInTheRelaysOwnWordsShortEnoughForAGrant() {
        RelayException suspended = new RelayException(409, "relay https://relay.example.com:8473: POST /v1/sites/s-1/blocks:"
                + " 409 mall m-1: admissions suspended, mode is EVACUATE; no tokens for site s-1 until a safety officer sets"
                + " NORMAL", null);
        String reason = HubService.refusal(suspended, 409);
        assertEquals("mall m-1: admissions suspended, mode is EVACUATE; no tokens for site s-1 until a safety officer sets NORMAL",
                reason);
        String long409 = "relay https://r: POST /x: 409 " + "x".repeat(300);
        String cut = HubService.refusal(new RelayException(409, long409, null), 409);
        assertEquals(HubService.MAX_REFUSAL, cut.length());
        assertTrue(cut.endsWith("..."), cut);
        assertEquals("HTTP 403", HubService.refusal(new RelayException(403, "relay https://r: POST /x: 403 ", null), 403));
    }
}
