package dev.outpost.relay.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.relay.stores.StoreProfile;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlanTest {
    static Plan plan(String salt, int stage, String state) {
        return new Plan("p", "main", 1, Plan.PLAN, null, LocalDateTime.parse("2026-03-29T02:30"), Targets.ALL,
                List.of(10, 50, 100), stage, salt, state, List.of("FR"), Map.of(), "user:pat", Instant.EPOCH,
                Guardrail.DEFAULT);
    }

    static StoreProfile store(String id) {
        return new StoreProfile(id, "EU", "FR", "Europe/Paris", List.of());
    }

    @Test
    void raisingTheStageOnlyAddsStoresAndEachStageHoldsAboutItsShare() {
        Random random = new Random(7);
        for (int run = 0; run < 20; run++) {
            String salt = Long.toHexString(random.nextLong());
            int[] in = new int[3];
            for (int i = 0; i < 5000; i++) {
                StoreProfile s = store("store-" + i);
                boolean before = false;
                for (int stage = 0; stage < 3; stage++) {
                    boolean now = plan(salt, stage, Plan.ACTIVE).covers(s);
                    assertTrue(now || !before, "store-" + i + " left the plan at stage " + stage + " (salt " + salt + ")");
                    before = now;
                    in[stage] += now ? 1 : 0;
                }
            }
            assertTrue(Math.abs(in[0] - 500) < 100, "10% of 5000 stores, was " + in[0]);
            assertTrue(Math.abs(in[1] - 2500) < 200, "50% of 5000 stores, was " + in[1]);
            assertEquals(5000, in[2]);
        }
    }

    @Test
    void anotherSaltPicksOtherStoresForTheFirstStage() {
        int same = 0;
        for (int i = 0; i < 1000; i++) {
            StoreProfile s = store("store-" + i);
            if (plan("a1", 0, Plan.ACTIVE).covers(s) && plan("b2", 0, Plan.ACTIVE).covers(s)) {
                same++;
            }
        }
        assertTrue(same < 30, "the first 10% of two plans overlap by chance only (~1%), was " + same);
    }

    @Test
    void onlyALivePlanCoversAStoreAndALocalTimeInAGapMovesForward() {
        assertTrue(!plan("a1", 2, Plan.AWAITING_SIGNOFF).covers(store("store-1")));
        assertTrue(!plan("a1", 2, Plan.ABORTED).covers(store("store-1")));
        assertTrue(plan("a1", 2, Plan.PAUSED).covers(store("store-1")), "a pause stops the rollout, not its stores");
        // 02:30 does not exist in Paris on 2026-03-29 (clocks go from 02:00 to 03:00): it goes live at 03:30 CEST
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), plan("a1", 2, Plan.ACTIVE).activationAt(store("store-1")));
    }
}
