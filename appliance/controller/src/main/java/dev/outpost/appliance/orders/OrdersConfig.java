package dev.outpost.appliance.orders;

import dev.outpost.api.config.ConfigReader;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Restaurant orders, their kitchen stations and lobby board. Every key, its default and unit is in the README's
 * configuration reference.
 *
 * @param enabled        orders.enabled: the orders API, kitchen stations and lobby board run (data.dir/orders.db)
 * @param zone           orders.zone: the store's IANA time zone; order numbers start again at 1 each local day
 * @param routes         orders.routes: category → kitchen station
 * @param defaultStation orders.default-station: the station of every category not routed
 * @param unpaidAfter    orders.unpaid-after: an order pending payment this long is cancelled
 * @param completeAfter  orders.complete-after: a ready order is completed (picked up) after this long
 * @param warnAfter      orders.warn-after: a ticket open this long shows the warning colour
 * @param lateAfter      orders.late-after: a ticket open this long shows as late
 */
public record OrdersConfig(boolean enabled, ZoneId zone, Map<String, String> routes, String defaultStation,
                           Duration unpaidAfter, Duration completeAfter, Duration warnAfter, Duration lateAfter) {
    private static final Pattern STATION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public OrdersConfig {
        routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    /** The station that cooks {@code category}. */
    public String stationOf(String category) {
        return routes.getOrDefault(category, defaultStation);
    }

    /** Every station, routed or default, sorted. */
    public SortedSet<String> stations() {
        SortedSet<String> all = new TreeSet<>(routes.values());
        all.add(defaultStation);
        return all;
    }

    public static OrdersConfig read(ConfigReader in) {
        String enabled = in.string("orders.enabled", "false");
        boolean on = switch (enabled) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                in.problem("orders.enabled must be true or false, was '" + enabled + "'");
                yield false;
            }
        };
        String zoneText = in.string("orders.zone", "UTC");
        ZoneId zone = ZoneOffset.UTC;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            in.problem("orders.zone must be an IANA time zone such as America/New_York, was '" + zoneText + "'");
        }
        Map<String, String> routes = routes(in, in.string("orders.routes", ""));
        String defaultStation = in.id("orders.default-station", "kitchen");
        Duration unpaid = in.duration("orders.unpaid-after", Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(1));
        Duration complete = in.duration("orders.complete-after", Duration.ofMinutes(10), Duration.ofMinutes(1),
                Duration.ofHours(2));
        Duration warn = in.duration("orders.warn-after", Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(1));
        Duration late = in.duration("orders.late-after", Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(2));
        if (late.compareTo(warn) <= 0) {
            in.problem("orders.late-after must be longer than orders.warn-after (" + warn.toMinutes() + "m), was "
                    + late.toMinutes() + "m");
        }
        return new OrdersConfig(on, zone, routes, defaultStation, unpaid, complete, warn, late);
    }

    /** {@code category=station} pairs, comma-separated; a category routed twice or a bad station is a problem. */
    private static Map<String, String> routes(ConfigReader in, String text) {
        Map<String, String> routes = new LinkedHashMap<>();
        if (text.isBlank()) {
            return routes;
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=", -1);
            String category = parts[0].strip();
            String station = parts.length == 2 ? parts[1].strip() : "";
            if (parts.length != 2 || category.isEmpty() || !STATION.matcher(station).matches()) {
                in.problem("orders.routes must be category=station pairs separated by commas (a station is an id such as"
                        + " grill), was '" + pair.strip() + "' in '" + text + "'");
            } else if (routes.put(category, station) != null) {
                in.problem("orders.routes routes category '" + category + "' twice, in '" + text + "'");
            }
        }
        return routes;
    }
}
