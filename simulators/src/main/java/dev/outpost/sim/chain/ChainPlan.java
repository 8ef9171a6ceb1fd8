package dev.outpost.sim.chain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link LocalChain} runs: one relay and some sites, each an appliance and its devices.
 *
 * @param heartbeatPeriod how often appliances and devices report (short in tests, realistic in the demo)
 * @param keys            extra config keys by process name ({@code relay}, a site id, or {@code site-device}): added
 *                        to what the chain writes, or replacing it
 */
public record ChainPlan(List<Site> sites, Duration heartbeatPeriod, Map<String, Map<String, String>> keys) {

    public ChainPlan {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("chain plan: needs at least one site");
        }
        sites = List.copyOf(sites);
        keys = Map.copyOf(keys);
    }

    public ChainPlan(List<Site> sites, Duration heartbeatPeriod) {
        this(sites, heartbeatPeriod, Map.of());
    }

    /** This plan with {@code more} keys for the process called {@code name}. */
    public ChainPlan withKeys(String name, Map<String, String> more) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>(keys);
        Map<String, String> merged = new LinkedHashMap<>(all.getOrDefault(name, Map.of()));
        merged.putAll(more);
        all.put(name, merged);
        return new ChainPlan(sites, heartbeatPeriod, all);
    }

    Map<String, String> keysOf(String name) {
        return keys.getOrDefault(name, Map.of());
    }

    /**
     * A site: its appliance and devices.
     *
     * @param mall the mall its gates admit into (the appliance's {@code gates.mall-id}), or empty for a store
     */
    public record Site(String siteId, Optional<Mall> mall, List<Device> devices) {
        public Site(String siteId, List<Device> devices) {
            this(siteId, Optional.empty(), devices);
        }

        /** A mall's site: the chain registers the mall in the relay's ledger before the site's appliance starts. */
        public static Site mall(String siteId, Mall mall, List<Device> devices) {
            return new Site(siteId, Optional.of(mall), devices);
        }
    }

    /** A mall in the relay's occupancy ledger, bound to the one site that holds it. */
    public record Mall(String mallId, int capacity) {
    }

    /**
     * A device of a site.
     *
     * @param process display or gate
     * @param role    the display role (board, kiosk, pos, kds, lobby), or "gate"
     */
    public record Device(String deviceId, String process, String role) {
        public static Device display(String deviceId, String role) {
            return new Device(deviceId, "display", role);
        }

        public static Device gate(String deviceId) {
            return new Device(deviceId, "gate", "gate");
        }
    }

    public int deviceCount() {
        return sites.stream().mapToInt(s -> s.devices().size()).sum();
    }
}
