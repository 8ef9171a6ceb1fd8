package dev.outpost.api.event;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;
import java.time.Instant;
import java.util.List;

/**
 * The payload of {@code pos.stock.low}: a SKU's available stock (on hand less the units in unpaid sales) went down to
 * or below its low-stock level, by a paid sale or a manager's adjustment or count. Raised once per crossing: the SKU
 * alerts again only after its stock was above the level in between.
 *
 * @param cause what took it there: {@code sale}, {@code adjustment} or {@code count}
 */
@Document(StockLow.TYPE)
public record StockLow(String sku, long onHand, long available, long level, String cause, Instant at) {
    /** The event type of this payload. */
    public static final String TYPE = "pos.stock.low";

    public static final List<String> CAUSES = List.of("sale", "adjustment", "count");

    public StockLow {
        Fields.nonBlank("sku", sku);
        Fields.notNegative("level", level);
        Fields.oneOf("cause", cause, CAUSES);
        Fields.present("at", at);
    }
}
