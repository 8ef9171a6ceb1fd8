package dev.outpost.appliance.orders;

import static dev.outpost.appliance.Eventually.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.outpost.api.json.ContractException;
import dev.outpost.api.json.Json;
import dev.outpost.site.message.KitchenStation;
import dev.outpost.site.message.LobbyBoard;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restaurant orders on an injected clock and a real SQLite file: every transition validated (refusals name the state
 * and change nothing), numbers per store-local business day, lines routed to stations, bump to READY, recall back to
 * PREPARING surviving a restart, and the two timers (unpaid → CANCELLED, READY → COMPLETED) run by the scheduler.
 */
class OrdersTest {
    /** 23:50 in New York on 2027-03-01: ten minutes before the store's day turns. */
    static final Instant T0 = Instant.parse("2027-03-02T04:50:00Z");
    static final OrdersConfig CONFIG = new OrdersConfig(true, ZoneId.of("America/New_York"),
            Map.of("burgers", "grill", "drinks", "bar"), "kitchen", Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(5), Duration.ofMinutes(10));

    @TempDir
    Path dir;
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final Map<String, KitchenStation> stations = new ConcurrentHashMap<>();
    final AtomicReference<LobbyBoard> lobby = new AtomicReference<>();
    Orders orders;

    @AfterEach
    void close() {
        if (orders != null) {
            orders.close();
        }
    }

    Orders open() {
        orders = Orders.open("store-1", CONFIG, dir, now::get, new Orders.Screens() {
            @Override
            public void station(KitchenStation station) {
                stations.put(station.station(), station);
            }

            @Override
            public void lobby(LobbyBoard board) {
                lobby.set(board);
            }
        });
        return orders;
    }

    static OrderRequests.NewOrder burgerAndCola() {
        return new OrderRequests.NewOrder(List.of(
                new OrderRequests.NewLine("b-1", "Cheeseburger", "burgers", 2, "no onions"),
                new OrderRequests.NewLine("d-1", "Cola", "drinks", 1, ""),
                new OrderRequests.NewLine("b-2", "Veggie burger", "burgers", 1, "")));
    }

    Order paidOrder(String transaction) {
        Order order = orders.create(burgerAndCola());
        orders.submit(order.id());
        return orders.paid(order.id(), transaction);
    }

    @Test
    void aPaidOrderOpensATicketPerStationWithItsLinesAndTheLastBumpMakesItReady() {
        open();
        Order order = paidOrder("tx-1");
        assertEquals(OrderState.PREPARING, order.state());
        assertEquals(List.of("bar", "grill"), order.tickets().stream().map(Order.Ticket::station).toList());

        KitchenStation grill = stations.get("grill");
        assertEquals(1, grill.tickets().size());
        assertEquals(List.of("Cheeseburger", "Veggie burger"),
                grill.tickets().get(0).lines().stream().map(KitchenStation.Line::name).toList());
        assertEquals("no onions", grill.tickets().get(0).lines().get(0).note());
        assertEquals(List.of("Cola"), stations.get("bar").tickets().get(0).lines().stream().map(KitchenStation.Line::name)
                .toList());
        assertTrue(stations.get("kitchen").tickets().isEmpty(), "nothing routed to the default station");
        assertEquals(List.of(order.number()), lobby.get().preparing());

        orders.bump("grill", order.id());
        assertEquals(OrderState.PREPARING, orders.get(order.id()).state(), "the bar has not bumped yet");
        assertTrue(stations.get("grill").tickets().isEmpty());
        assertEquals(order.id(), stations.get("grill").recall().get(0).orderId());
        OrderRefused twice = assertThrows(OrderRefused.class, () -> orders.bump("grill", order.id()));
        assertTrue(twice.getMessage().startsWith("station grill: order " + order.id()), twice.getMessage());

        orders.bump("bar", order.id());
        assertEquals(OrderState.READY, orders.get(order.id()).state());
        assertEquals(List.of(), lobby.get().preparing());
        assertEquals(List.of(order.number()), lobby.get().ready());
    }

    @Test
    void aVoidedOrRefundedSaleCancelsItsOrderOnceAndTheKitchenAndLobbyDropIt() {
        open();
        Order order = paidOrder("tx-1");
        Order ready = paidOrder("tx-2");
        orders.bump("grill", ready.id());
        orders.bump("bar", ready.id());
        assertEquals(List.of(order.number()), lobby.get().preparing());

        Order cancelled = orders.cancelSale("tx-1", "sale voided: wrong item").orElseThrow();
        assertEquals(List.of(OrderState.CANCELLED, "sale voided: wrong item"), List.of(cancelled.state(),
                cancelled.reason()));
        assertTrue(stations.get("grill").tickets().isEmpty(), "the grill's ticket is gone");
        assertTrue(stations.get("bar").tickets().isEmpty());
        assertEquals(List.of(), lobby.get().preparing());
        assertEquals(cancelled, orders.cancelSale("tx-1", "sale voided: wrong item").orElseThrow(),
                "the same void again changes nothing");

        orders.cancelSale("tx-2", "sale refunded: cold"); // a READY order too
        assertEquals(OrderState.CANCELLED, orders.get(ready.id()).state());
        assertEquals(List.of(), lobby.get().ready());
        assertTrue(stations.get("grill").recall().isEmpty(), "nothing left to recall");
        assertEquals(Optional.empty(), orders.cancelSale("tx-9", "sale voided: x"), "a sale with no order");
    }

    @Test
    void allDayCountsAddQuantitiesPerItemAcrossOpenTickets() {
        open();
        Order first = paidOrder("tx-1");
        paidOrder("tx-2");
        KitchenStation grill = stations.get("grill");
        assertEquals(List.of(new KitchenStation.AllDay("b-1", "Cheeseburger", 4),
                new KitchenStation.AllDay("b-2", "Veggie burger", 2)), grill.allDay());
        orders.bump("grill", first.id());
        assertEquals(2, stations.get("grill").allDay().get(0).quantity(), "a bumped ticket no longer counts");
    }

    @Test
    void recallBringsBackTheLastBumpedTicketAndItsOrderIsPreparingAgainAfterARestart() {
        open();
        Order first = paidOrder("tx-1");
        Order second = paidOrder("tx-2");
        orders.bump("bar", first.id());
        orders.bump("grill", first.id());
        orders.bump("grill", second.id());
        assertEquals(OrderState.READY, orders.get(first.id()).state());

        orders.close();
        stations.clear();
        open();
        assertEquals(second.id(), stations.get("grill").recall().get(0).orderId(), "published again at start");
        orders.recall("grill");
        assertEquals(List.of(second.id()), stations.get("grill").tickets().stream().map(KitchenStation.Ticket::orderId).toList());
        orders.recall("grill");
        assertEquals(OrderState.PREPARING, orders.get(first.id()).state(), "recalled from READY");
        assertNull(orders.get(first.id()).readyAt());
        assertEquals(List.of(first.number(), second.number()), lobby.get().preparing());
        OrderRefused none = assertThrows(OrderRefused.class, () -> orders.recall("grill"));
        assertEquals("station grill: nothing to recall (no bumped ticket of an order still preparing or ready)",
                none.getMessage());

        orders.close();
        open();
        assertEquals(2, orders.station("grill").tickets().size(), "the recall is durable");
    }

    @Test
    void everyTransitionIsValidatedAndARefusalNamesTheStateAndChangesNothing() {
        open();
        Order draft = orders.create(burgerAndCola());
        OrderRefused unpaid = assertThrows(OrderRefused.class, () -> orders.paid(draft.id(), "tx-1"));
        assertEquals("order " + draft.id() + " (number 1): is DRAFT, cannot be paid", unpaid.getMessage());
        OrderRefused complete = assertThrows(OrderRefused.class, () -> orders.complete(draft.id()));
        assertEquals("order " + draft.id() + " (number 1): is DRAFT, cannot become COMPLETED", complete.getMessage());
        assertEquals(OrderState.DRAFT, orders.get(draft.id()).state());

        orders.submit(draft.id());
        Order paid = orders.paid(draft.id(), "tx-1");
        assertEquals(paid, orders.paid(draft.id(), "tx-1"), "the same payment again is a retry");
        OrderRefused again = assertThrows(OrderRefused.class, () -> orders.paid(draft.id(), "tx-2"));
        assertTrue(again.getMessage().contains("is PREPARING, cannot be paid again (paid by transaction tx-1)"),
                again.getMessage());
        OrderRefused cancel = assertThrows(OrderRefused.class, () -> orders.cancel(draft.id(), "guest left"));
        assertTrue(cancel.getMessage().endsWith("is PREPARING, paid by transaction tx-1; a paid order is cancelled by"
                + " voiding or refunding its sale at the POS"), cancel.getMessage());

        Order other = orders.create(burgerAndCola());
        orders.submit(other.id());
        OrderRefused reused = assertThrows(OrderRefused.class, () -> orders.paid(other.id(), "tx-1"));
        assertTrue(reused.getMessage().contains("transaction tx-1 already paid order " + draft.id()), reused.getMessage());
        assertEquals(OrderState.PENDING_PAYMENT, orders.get(other.id()).state());
        assertThrows(NoSuchOrder.class, () -> orders.get(UUID.randomUUID()));
    }

    @Test
    void numbersStartAgainAtOneOnTheStoresNextLocalDay() {
        open();
        assertEquals(1, orders.create(burgerAndCola()).number());
        assertEquals(2, orders.create(burgerAndCola()).number());
        now.set(T0.plus(Duration.ofMinutes(11))); // 00:01 in New York, still 2027-03-02 in UTC as before
        Order next = orders.create(burgerAndCola());
        assertEquals(1, next.number());
        assertEquals("2027-03-02", next.businessDay().toString());
        assertEquals(List.of(next.id()), orders.today().stream().map(Order::id).toList());
    }

    @Test
    void anUnpaidOrderIsCancelledAfterFiveMinutesAndAReadyOneCompletedAfterTen() {
        open();
        Order unpaid = orders.create(burgerAndCola());
        orders.submit(unpaid.id());
        Order ready = paidOrder("tx-1");
        orders.bump("grill", ready.id());
        orders.bump("bar", ready.id());

        now.set(T0.plus(Duration.ofMinutes(5)).minusMillis(1));
        orders.sweep();
        assertEquals(OrderState.PENDING_PAYMENT, orders.get(unpaid.id()).state(), "not before its deadline");
        now.set(T0.plus(Duration.ofMinutes(5)));
        until("the unpaid order cancelled by the scheduler", () -> orders.get(unpaid.id()).state() == OrderState.CANCELLED);
        assertEquals("unpaid for 5m", orders.get(unpaid.id()).reason());
        assertEquals(OrderState.READY, orders.get(ready.id()).state());

        now.set(T0.plus(Duration.ofMinutes(10)));
        until("the ready order completed by the scheduler", () -> orders.get(ready.id()).state() == OrderState.COMPLETED);
        assertEquals(List.of(), lobby.get().ready());
    }

    @Test
    void aDeadlinePassedWhileTheApplianceWasDownIsActedOnAtStart() {
        open();
        Order unpaid = orders.create(burgerAndCola());
        orders.submit(unpaid.id());
        orders.close();
        now.set(T0.plus(Duration.ofHours(1)));
        open();
        assertEquals(OrderState.CANCELLED, orders.get(unpaid.id()).state());
    }

    @Test
    void badInputNamesTheField() {
        ContractException quantity = assertThrows(ContractException.class, () -> Json.read(
                "{\"lines\":[{\"sku\":\"b-1\",\"name\":\"Burger\",\"category\":\"burgers\",\"quantity\":0,\"note\":\"\"}]}",
                OrderRequests.NewOrder.class));
        assertTrue(quantity.getMessage().contains("quantity") && quantity.getMessage().contains("between 1 and 99, was 0"),
                quantity.getMessage());
        ContractException empty = assertThrows(ContractException.class, () -> Json.read("{\"lines\":[]}",
                OrderRequests.NewOrder.class));
        assertTrue(empty.getMessage().contains("lines") && empty.getMessage().contains("1 to 100 lines"), empty.getMessage());
    }
}
