package dev.outpost.sim.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.appliance.legacy.LegacyConfig;
import dev.outpost.appliance.legacy.LegacyStatus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The legacy gateway and the simulated device over TCP on loopback: switched off means connections refused. */
@Tag("integration")
class LegacyOverTcpIT extends LegacyLineContract {
    private int port;

    @Override
    LegacyConfig connect() throws Exception {
        port = device.serveTcp(0).getPort();
        return config(LegacyConfig.Transport.TCP, "127.0.0.1:" + port);
    }

    @Override
    void deviceDown() {
        device.goDown();
    }

    @Override
    void deviceBack() throws Exception {
        device.serveTcp(port);
    }

    /** A few hundred sales through seeded drops, NAKs and garbage, and one sale the device refuses for good. */
    @Test
    void seededFaultsStillDeliverEverySaleExactlyOnceInOrder() throws Exception {
        device.randomFaults(20261121L, 0.04, 0.08, 0.04);
        device.reject("t-77", "currency not configured on this till");
        gateway = open(connect());
        for (int i = 1; i <= 300; i++) {
            gateway.forward(sale(i));
        }
        until("every sale settled", () -> gateway.status().pending() == 0);

        List<String> expected = ids(1, 300);
        expected.remove("t-77");
        assertEquals(expected, device.taken());
        assertTrue(device.duplicates() > 0, "a dropped or garbled answer makes the gateway send a sale again: "
                + device.status());
        LegacyStatus status = gateway.status();
        assertEquals(1, status.parked());
        assertEquals("t-77", status.recentParked().getFirst().transactionId());
        assertEquals("currency not configured on this till", status.recentParked().getFirst().reason());
        assertEquals(299, status.delivered());
    }
}
