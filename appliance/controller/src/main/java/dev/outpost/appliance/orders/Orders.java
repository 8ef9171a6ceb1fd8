package dev.outpost.appliance.orders;

import dev.outpost.site.clock.SiteScheduler;
import dev.outpost.site.message.KitchenStation;
import dev.outpost.site.message.LobbyBoard;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.tinylog.Logger;

/**
 * The site's restaurant orders, their kitchen tickets and lobby board; the appliance is their source of truth.
 *
 * <p>Design: every change is validated against the order's state, written to {@code orders.db} (one transaction,
 * fsync) and only then answered and published: each kitchen station's {@link KitchenStation} and the
 * {@link LobbyBoard}, retained, so a screen that (re)starts shows the truth at once. The timers (an unpaid order
 * cancelled, a ready one completed) are deadlines on the injected clock, run by a {@link SiteScheduler}; each runs
 * {@link #sweep()}, which acts on whatever is due by then, so a deadline passed while the appliance was down is
 * acted on at the next start. A recall takes back the station's last bump (highest bump sequence, durable) whose
 * order is not closed; a READY order goes back to PREPARING.
 */
public final class Orders implements AutoCloseable {
    /** Where the station states and the lobby board go: the site broker, retained. */
    public interface Screens {
        void station(KitchenStation station);

        void lobby(LobbyBoard board);
    }

    private final String site;
    private final OrdersConfig config;
    private final InstantSource clock;
    private final OrderStore store;
    private final Screens screens;
    private final SiteScheduler scheduler;

    private Orders(String site, OrdersConfig config, InstantSource clock, OrderStore store, Screens screens) {
        this.site = site;
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.screens = screens;
        this.scheduler = SiteScheduler.start("orders-" + site, clock, Duration.ofMillis(20));
    }

    /** Opens {@code dataDir/orders.db}, acts on deadlines passed meanwhile and publishes every station and the lobby. */
    public static Orders open(String site, OrdersConfig config, Path dataDir, InstantSource clock, Screens screens) {
        Orders orders = new Orders(site, config, clock, OrderStore.open(dataDir.resolve("orders.db")), screens);
        synchronized (orders) {
            for (Order order : orders.store.active()) {
                orders.schedule(order);
            }
            orders.sweep();
            orders.publish();
        }
        return orders;
    }

    /** A new DRAFT order, numbered in the store's business day, each line routed to its station. */
    public synchronized Order create(OrderRequests.NewOrder request) {
        Order order = drafted(request, now());
        store.save(order, true);
        Logger.info("site {}: order {} (number {} of {}) created with {} lines", site, order.id(), order.number(),
                order.businessDay(), order.lines().size());
        return order;
    }

    /**
     * A sale the POS took payment for, straight to the kitchen: created, numbered and PREPARING in one write, its
     * tickets open. The same transaction again answers the order it made (the POS hands a sale over again after a
     * crash).
     */
    public synchronized Order placePaid(String transactionId, OrderRequests.NewOrder request) {
        Optional<Order> placed = store.byTransaction(transactionId);
        if (placed.isPresent()) {
            return placed.get();
        }
        Instant now = now();
        Order order = drafted(request, now).moved(OrderState.PENDING_PAYMENT, now).paid(transactionId, now);
        store.save(order, true);
        Logger.info("site {}: order {} (number {} of {}) paid by sale {}, to the kitchen", site, order.id(),
                order.number(), order.businessDay(), transactionId);
        schedule(order);
        publish();
        return order;
    }

    private Order drafted(OrderRequests.NewOrder request, Instant now) {
        LocalDate day = now.atZone(config.zone()).toLocalDate();
        List<Order.Line> lines = request.lines().stream().map(l -> new Order.Line(l.sku(), l.name(), l.category(),
                l.quantity(), l.note(), config.stationOf(l.category()))).toList();
        return new Order(UUID.randomUUID(), day, store.nextNumber(day), OrderState.DRAFT, now, null, null, null,
                null, null, null, lines, List.of());
    }

    /** DRAFT → PENDING_PAYMENT: the guest is paying; unpaid after {@code orders.unpaid-after} it is cancelled. */
    public synchronized Order submit(UUID id) {
        Order order = get(id).moved(OrderState.PENDING_PAYMENT, now());
        return changed(order);
    }

    /**
     * PENDING_PAYMENT → PREPARING, paid by POS transaction {@code transactionId}: a ticket opens at every station its
     * lines go to. The same transaction again is answered with the order as it is (a retry); another is refused.
     */
    public synchronized Order paid(UUID id, String transactionId) {
        Order order = get(id);
        if (transactionId.equals(order.transactionId())) {
            return order;
        }
        if (order.state() != OrderState.PENDING_PAYMENT) {
            throw new OrderRefused("order " + id + " (number " + order.number() + "): is " + order.state()
                    + ", cannot be paid" + (order.transactionId() == null ? "" : " again (paid by transaction "
                    + order.transactionId() + ")"));
        }
        store.byTransaction(transactionId).ifPresent(other -> {
            throw new OrderRefused("order " + id + ": transaction " + transactionId + " already paid order "
                    + other.id() + " (number " + other.number() + ")");
        });
        return changed(order.paid(transactionId, now()));
    }

    /** DRAFT or PENDING_PAYMENT → CANCELLED; a paid order is cancelled by voiding or refunding its sale at the POS. */
    public synchronized Order cancel(UUID id, String reason) {
        Order order = get(id);
        if (order.transactionId() != null && !order.state().closed()) {
            throw new OrderRefused("order " + id + " (number " + order.number() + "): is " + order.state()
                    + ", paid by transaction " + order.transactionId() + "; a paid order is cancelled by voiding or"
                    + " refunding its sale at the POS");
        }
        return changed(order.cancelled(reason, now()));
    }

    /**
     * The POS voided or refunded the sale that paid an order: the order is CANCELLED and leaves the kitchen and the
     * lobby. Idempotent by transaction: an order already closed (cancelled, or picked up) stays as it is, and a sale
     * that paid no order changes nothing.
     */
    public synchronized Optional<Order> cancelSale(String transactionId, String why) {
        Optional<Order> paid = store.byTransaction(transactionId);
        if (paid.isEmpty() || paid.get().state().closed()) {
            return paid;
        }
        Order cancelled = changed(paid.get().cancelled(why, now()));
        Logger.info("site {}: order {} (number {}) cancelled: {} (transaction {})", site, cancelled.id(),
                cancelled.number(), why, transactionId);
        return Optional.of(cancelled);
    }

    /** READY → COMPLETED: picked up (also by itself after {@code orders.complete-after}). */
    public synchronized Order complete(UUID id) {
        return changed(get(id).moved(OrderState.COMPLETED, now()));
    }

    /** Station {@code station} is done with the order's ticket; the last station's bump makes the order READY. */
    public synchronized KitchenStation bump(String station, UUID id) {
        Order order = get(id);
        Order.Ticket ticket = order.ticket(station).orElseThrow(() -> new OrderRefused("station " + station + ": order "
                + id + " (number " + order.number() + ") has no ticket here (its stations: "
                + order.tickets().stream().map(Order.Ticket::station).toList() + ")"));
        if (order.state() != OrderState.PREPARING || !ticket.open()) {
            throw new OrderRefused("station " + station + ": order " + id + " (number " + order.number() + ") is "
                    + order.state() + (ticket.open() ? "" : ", its ticket here already bumped at " + ticket.bumpedAt())
                    + ": nothing to bump");
        }
        Instant now = now();
        Order bumped = order.withTicket(new Order.Ticket(station, now, store.nextBumpSeq()));
        if (bumped.tickets().stream().noneMatch(Order.Ticket::open)) {
            bumped = bumped.moved(OrderState.READY, now);
        }
        changed(bumped);
        return station(station);
    }

    /** Brings back the station's last bumped ticket whose order is not closed; a READY order is PREPARING again. */
    public synchronized KitchenStation recall(String station) {
        Order order = lastBumpedOf(station, store.active()).stream().findFirst().orElseThrow(() -> new OrderRefused("station " + station
                + ": nothing to recall (no bumped ticket of an order still preparing or ready)"));
        Order recalled = order.withTicket(new Order.Ticket(station, null, 0));
        if (recalled.state() == OrderState.READY) {
            recalled = recalled.moved(OrderState.PREPARING, now());
        }
        changed(recalled);
        Logger.info("site {}: station {} recalled order {} (number {})", site, station, order.id(), order.number());
        return station(station);
    }

    public synchronized Order get(UUID id) {
        return store.find(id).orElseThrow(() -> new NoSuchOrder("site " + site + ": no order " + id));
    }

    /** The orders of the current business day, oldest first. */
    public synchronized List<Order> today() {
        return store.day(now().atZone(config.zone()).toLocalDate());
    }

    /** What a station has to cook now, as it is published. */
    public synchronized KitchenStation station(String station) {
        return stationOf(station, store.active(), now());
    }

    public synchronized LobbyBoard lobby() {
        return lobbyOf(store.active(), now());
    }

    /** Cancels every order unpaid past its deadline and completes every one ready past its deadline. */
    public synchronized void sweep() {
        Instant now = now();
        for (Order order : store.active()) {
            if (order.state() == OrderState.PENDING_PAYMENT && !now.isBefore(order.submittedAt().plus(config.unpaidAfter()))) {
                changed(order.cancelled("unpaid for " + minutes(config.unpaidAfter()), now));
                Logger.info("site {}: order {} (number {}) cancelled: unpaid for {}", site, order.id(), order.number(),
                        minutes(config.unpaidAfter()));
            } else if (order.state() == OrderState.READY && !now.isBefore(order.readyAt().plus(config.completeAfter()))) {
                changed(order.moved(OrderState.COMPLETED, now));
            }
        }
    }

    /** Tells the screens every station and the lobby again (the broker connection came back after a loss). */
    public synchronized void republish() {
        publish();
    }

    private Order changed(Order order) {
        store.save(order, false);
        schedule(order);
        publish();
        return order;
    }

    private void schedule(Order order) {
        Instant due = switch (order.state()) {
            case PENDING_PAYMENT -> order.submittedAt().plus(config.unpaidAfter());
            case READY -> order.readyAt().plus(config.completeAfter());
            default -> null;
        };
        if (due != null) {
            scheduler.at(due, this::sweep);
        }
    }

    private void publish() {
        List<Order> active = store.active();
        Instant now = now();
        SortedSet<String> stations = new TreeSet<>(config.stations());
        active.forEach(o -> o.tickets().forEach(t -> stations.add(t.station())));
        try {
            for (String station : stations) {
                screens.station(stationOf(station, active, now));
            }
            screens.lobby(lobbyOf(active, now));
        } catch (RuntimeException e) {
            Logger.warn(e, "site {}: kitchen and lobby screens not told of a change: {}", site, e.getMessage());
        }
    }

    private KitchenStation stationOf(String station, List<Order> active, Instant now) {
        List<KitchenStation.Ticket> tickets = new ArrayList<>();
        Map<String, int[]> allDay = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Order order : active) {
            if (order.state() != OrderState.PREPARING || order.ticket(station).filter(Order.Ticket::open).isEmpty()) {
                continue;
            }
            List<KitchenStation.Line> lines = order.linesFor(station).stream()
                    .map(l -> new KitchenStation.Line(l.sku(), l.name(), l.quantity(), l.note())).toList();
            tickets.add(new KitchenStation.Ticket(order.id(), order.number(), order.paidAt(), lines));
            for (KitchenStation.Line line : lines) {
                allDay.computeIfAbsent(line.sku(), k -> new int[1])[0] += line.quantity();
                names.putIfAbsent(line.sku(), line.name());
            }
        }
        tickets.sort(Comparator.comparing(KitchenStation.Ticket::startedAt).thenComparing(KitchenStation.Ticket::number));
        List<KitchenStation.AllDay> counts = allDay.entrySet().stream()
                .map(e -> new KitchenStation.AllDay(e.getKey(), names.get(e.getKey()), e.getValue()[0]))
                .sorted(Comparator.comparingInt(KitchenStation.AllDay::quantity).reversed()
                        .thenComparing(KitchenStation.AllDay::name))
                .toList();
        List<KitchenStation.Bumped> recall = lastBumpedOf(station, active).stream()
                .map(o -> new KitchenStation.Bumped(o.id(), o.number(), o.ticket(station).orElseThrow().bumpedAt()))
                .toList();
        return new KitchenStation(station, tickets, counts, recall, config.warnAfter().toSeconds(),
                config.lateAfter().toSeconds(), now);
    }

    /** The order whose ticket at {@code station} was bumped last, if still preparing or ready: none or one. */
    private static List<Order> lastBumpedOf(String station, List<Order> active) {
        return active.stream().filter(o -> o.ticket(station).filter(t -> !t.open()).isPresent())
                .max(Comparator.comparingLong(o -> o.ticket(station).orElseThrow().bumpSeq())).stream().toList();
    }

    private static LobbyBoard lobbyOf(List<Order> active, Instant now) {
        return new LobbyBoard(numbers(active, OrderState.PREPARING), numbers(active, OrderState.READY), now);
    }

    private static List<Integer> numbers(List<Order> active, OrderState state) {
        return active.stream().filter(o -> o.state() == state).map(Order::number).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String minutes(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + "m" : duration.toSeconds() + "s";
    }

    @Override
    public void close() {
        scheduler.close();
        synchronized (this) {
            store.close();
        }
    }
}
