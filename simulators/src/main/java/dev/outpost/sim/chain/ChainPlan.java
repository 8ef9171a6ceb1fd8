package dev.outpost.sim.chain;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link LocalChain} runs: one relay and some sites, each an appliance and its devices.
 *
 * @param heartbeatPeriod how often appliances and devices report (short in tests, realistic in the demo)
 */
public record ChainPlan(List<Site> sites, Duration heartbeatPeriod) {

    /** A site: its appliance and devices. */
    public record Site(String siteId, List<Device> devices) {
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
