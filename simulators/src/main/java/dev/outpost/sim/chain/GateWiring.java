package dev.outpost.sim.chain;

import java.io.IOException;
import java.util.Map;

/** How each gate controller of a {@link LocalChain} reaches its turnstile: the turnstile and line keys of its config. */
@FunctionalInterface
public interface GateWiring {

    /** GPIO lines on the simulated chip, which nothing drives: the fire loop reads open, so the gates stay FIRE_OPEN. */
    GateWiring IDLE_GPIO = (siteId, gateId) -> Map.of("gpio.driver", "sim");

    /** The keys for gate {@code gateId} of {@code siteId}, wiring it up first if that takes anything. */
    Map<String, String> keys(String siteId, String gateId) throws IOException;
}
