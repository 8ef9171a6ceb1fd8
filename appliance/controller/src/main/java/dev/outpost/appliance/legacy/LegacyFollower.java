package dev.outpost.appliance.legacy;

import dev.outpost.api.event.SalePaid;
import dev.outpost.appliance.pos.SaleFollowers;
import java.time.LocalDate;
import java.util.Map;

/** Every paid POS sale goes to the store's legacy POS, through the gateway's durable queue. */
public final class LegacyFollower implements SaleFollowers.Follower {
    private final LegacyGateway gateway;

    public LegacyFollower(LegacyGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public String name() {
        return "legacy POS";
    }

    @Override
    public void paid(SalePaid sale, Map<String, String> categories) {
        try {
            gateway.forward(new SaleRecord(sale.transactionId().toString(), sale.totalMinor(), sale.currency(),
                    LocalDate.parse(sale.businessDay()), sale.paidAt()));
        } catch (IllegalArgumentException e) {
            throw new SaleFollowers.Refused("sale " + sale.transactionId() + ": " + e.getMessage(), e);
        }
    }
}
