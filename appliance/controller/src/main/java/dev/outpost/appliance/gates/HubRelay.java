package dev.outpost.appliance.gates;

import dev.outpost.api.client.RelayClient;
import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.api.lease.MallState;
import java.time.Duration;
import java.util.function.Supplier;

/** The relay as the hub uses it. Calls block; a failure is a {@code RelayException}. */
public interface HubRelay {

    /**
     * Sends a {@link LeaseAcquire} or {@link LeaseRenew} (answered with a {@code LeaseGrant}) or a
     * {@link LeaseRelease} (answered with a {@code LeaseSettled}).
     */
    Object send(Object request);

    /** The site's mall state once its version is above {@code afterVersion}, or unchanged after {@code wait}. */
    MallState mall(long afterVersion, Duration wait);

    /** Over the site's relay client (which enrolls the site first if need be). */
    static HubRelay over(String siteId, Supplier<RelayClient> client) {
        return new HubRelay() {
            @Override
            public Object send(Object request) {
                RelayClient relay = client.get();
                return switch (request) {
                    case LeaseAcquire acquire -> relay.acquireBlock(siteId, acquire);
                    case LeaseRenew renew -> relay.renewBlock(siteId, renew);
                    case LeaseRelease release -> relay.releaseBlock(siteId, release);
                    default -> throw new IllegalArgumentException("hub " + siteId + ": no relay call for a "
                            + request.getClass().getSimpleName());
                };
            }

            @Override
            public MallState mall(long afterVersion, Duration wait) {
                return client.get().mallState(siteId, afterVersion, wait);
            }
        };
    }
}
