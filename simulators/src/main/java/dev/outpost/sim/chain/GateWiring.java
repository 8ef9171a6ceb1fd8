package dev.outpost.sim.chain;

import java.io.IOException;
import java.util.Map;

/** How each gate controller of a {@link LocalChain} reaches its turnstile: the turnstile and line keys of its config. */
@FunctionalInterface
public interface GateWiring {

    /** The keys for gate {@code gateId} of {@code siteId}, wiring it up first if that takes anything. */
    Map<String, String> keys(String siteId, String gateId) throws IOException;
}
