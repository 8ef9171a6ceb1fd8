package dev.outpost.appliance.orders;

import dev.outpost.api.event.SalePaid;
import dev.outpost.api.json.InvalidFieldException;
import dev.outpost.appliance.pos.SaleFollowers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every paid POS sale becomes a kitchen order, PREPARING at once, by its transaction id: a restaurant's counter sells
 * and the kitchen cooks. Each line goes to the station of its catalog category; a quantity above what one order line
 * holds is split over several lines. A sale voided or refunded cancels its order, off the kitchen and lobby screens.
 */
public final class KitchenFollower implements SaleFollowers.Follower {
    /** The category of a line whose sku the catalog no longer names; it goes to {@code orders.default-station}. */
    static final String UNCATEGORISED = "uncategorised";

    private final Orders orders;

    public KitchenFollower(Orders orders) {
        this.orders = orders;
    }

    @Override
    public String name() {
        return "kitchen";
    }

    @Override
    public void paid(SalePaid sale, Map<String, String> categories) {
        List<OrderRequests.NewLine> lines = new ArrayList<>();
        for (SalePaid.Line line : sale.lines()) {
            String category = categories.getOrDefault(line.sku(), UNCATEGORISED);
            for (long left = line.quantity(); left > 0; left -= OrderRequests.MAX_QUANTITY) {
                lines.add(new OrderRequests.NewLine(line.sku(), line.name(), category,
                        (int) Math.min(left, OrderRequests.MAX_QUANTITY), ""));
            }
        }
        try {
            orders.placePaid(sale.transactionId().toString(), new OrderRequests.NewOrder(lines));
        } catch (InvalidFieldException | OrderRefused e) {
            throw new SaleFollowers.Refused("sale " + sale.transactionId() + ": not an order: " + e.getMessage(), e);
        }
    }

    @Override
    public void reversed(UUID transactionId, String why) {
        orders.cancelSale(transactionId.toString(), why);
    }
}
