package dev.outpost.relay.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.outpost.api.lease.MallState;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MallStateContractTest {
    /** A mode added to the ledger but not to the contract would make every mall state answer in that mode fail. */
    @Test
    void theLedgersModesAreTheContractsModes() {
        assertEquals(MallState.MODES, Arrays.stream(Mode.values()).map(Enum::name).toList());
    }
}
