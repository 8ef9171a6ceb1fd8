package dev.outpost.appliance.gates;

import dev.outpost.api.config.ConfigReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The gate hub's configuration: present only when {@code gates.mall-id} is set. Every key, its default and unit is in
 * the README's configuration reference; {@link HubSettings} judges the combinations.
 *
 * @param mallId   gates.mall-id: the mall this site's gates admit into, as the relay knows it
 * @param settings the gates.* leasing keys
 */
public record GatesConfig(String mallId, HubSettings settings) {
    private static final List<String> SETTINGS = List.of("gates.block-size", "gates.block-low-water", "gates.block-ttl",
            "gates.gate-ttl", "gates.margin", "gates.relay-timeout", "gates.relay-retry", "gates.report-every");

    /** Reads the gates.* keys; empty when gates.mall-id is not set (a gates.* key without it is a problem). */
    public static Optional<GatesConfig> read(ConfigReader in) {
        boolean mallIdSet = in.string("gates.mall-id", null) != null;
        String mallId = in.id("gates.mall-id", null);
        List<String> set = SETTINGS.stream().filter(key -> in.string(key, null) != null).toList();
        HubSettings d = HubSettings.defaults();
        // wide bounds here: HubSettings holds the rules that matter and names the key itself
        int blockSize = in.intIn("gates.block-size", d.blockSize(), 0, 100_000);
        int lowWater = in.intIn("gates.block-low-water", d.blockLowWater(), 0, 100_000);
        Duration blockTtl = in.duration("gates.block-ttl", d.blockTtl(), Duration.ZERO, Duration.ofDays(1));
        Duration gateTtl = in.duration("gates.gate-ttl", d.gateTtl(), Duration.ZERO, Duration.ofDays(1));
        Duration margin = in.duration("gates.margin", d.margin(), Duration.ZERO, Duration.ofMinutes(10));
        Duration relayTimeout = in.duration("gates.relay-timeout", d.relayTimeout(), Duration.ofMillis(100), Duration.ofMinutes(5));
        Duration relayRetry = in.duration("gates.relay-retry", d.relayRetry(), Duration.ofMillis(100), Duration.ofMinutes(10));
        Duration reportEvery = in.duration("gates.report-every", d.reportEvery(), Duration.ofMillis(100), Duration.ofMinutes(10));
        HubSettings settings;
        try {
            settings = new HubSettings(blockSize, lowWater, blockTtl, gateTtl, margin, relayTimeout, relayRetry, reportEvery);
        } catch (IllegalArgumentException e) {
            in.problem(e.getMessage());
            return Optional.empty();
        }
        if (mallId == null) {
            if (!mallIdSet && !set.isEmpty()) {
                in.problem(String.join(", ", set) + (set.size() == 1 ? " is" : " are") + " set but gates.mall-id is not:"
                        + " the gate hub runs only for a mall; set gates.mall-id or remove the gates.* keys");
            }
            return Optional.empty();
        }
        return Optional.of(new GatesConfig(mallId, settings));
    }
}
