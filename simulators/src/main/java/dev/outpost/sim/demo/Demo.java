package dev.outpost.sim.demo;

import dev.outpost.sim.chain.ChainPlan;
import dev.outpost.sim.chain.ChainPlan.Device;
import dev.outpost.sim.chain.ChainProbe;
import dev.outpost.sim.chain.LocalChain;
import dev.outpost.sim.chain.Ports;
import dev.outpost.sim.turnstile.Crowd;
import dev.outpost.sim.turnstile.SimulatedTurnstiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./outpost demo}: a relay, a store (appliance, menu board, kiosk, POS, kitchen screen, lobby board) and a mall (appliance and three gates on
 * simulated turnstile I/O modules, with a crowd walking through them). Commands on stdin cut and heal the mall's WAN
 * and raise or clear a gate's fire loop ({@link DemoConsole}).
 */
public final class Demo {
    static final String STORE = "store-0001";
    static final String MALL = "mall-0001";
    static final int MALL_CAPACITY = 60;
    static final String STORE_ZONE = "America/New_York";

    public static final ChainPlan PLAN = new ChainPlan(List.of(
            new ChainPlan.Site(STORE, List.of(
                    Device.display("board-1", "board"),
                    Device.display("kiosk-1", "kiosk"),
                    Device.display("pos-1", "pos"),
                    Device.display("kds-1", "kds"),
                    Device.display("lobby-1", "lobby"))),
            ChainPlan.Site.mall(MALL, new ChainPlan.Mall(MALL, MALL_CAPACITY), List.of(
                    Device.gate("gate-1"),
                    Device.gate("gate-2"),
                    Device.gate("gate-3")))),
            Duration.ofSeconds(5))
            // a WAN cut longer than a minute shows the mall admitting at its exit rate
            .withKeys(MALL, Map.of("gates.block-ttl", "60s", "gates.block-size", "20", "gates.block-low-water", "5"))
            // the store sells at its counter and cooks every order at one kitchen station
            .withKeys(STORE, DemoStore.applianceKeys(STORE_ZONE))
            .withKeys(STORE + "-kds-1", Map.of("display.station", DemoStore.STATION));

    /** Enough people, staying long enough, that the mall fills up and its gates show FULL now and then. */
    static final Crowd.Settings CROWD = new Crowd.Settings(List.of(0.3, 0.3, 0.2), Duration.ofSeconds(200), 0, 20,
            System.nanoTime());

    private Demo() {
    }

    public static int run(Path root, Path dir) throws Exception {
        System.out.println("Outpost demo: starting the relay, " + STORE + " (5 screens) and " + MALL
                + " (3 gates on simulated turnstiles); state in " + dir);
        long started = System.nanoTime();
        SimulatedTurnstiles turnstiles = SimulatedTurnstiles.overTcp();
        LocalChain chain = LocalChain.start(root, dir, PLAN, new Ports(true), turnstiles);
        Crowd crowd = new Crowd(turnstiles.at(MALL), CROWD);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Outpost demo: stopping every process...");
            crowd.close();
            chain.close();
            turnstiles.close();
            System.out.println("Outpost demo: stopped.");
            stopped.countDown();
        }, "demo-shutdown"));
        ChainProbe probe = new ChainProbe(chain);
        try {
            probe.awaitRunning(Duration.ofSeconds(60));
            probe.awaitFleet(PLAN, Duration.ofSeconds(30), "RUNNING");
        } catch (TimeoutException | IllegalStateException e) {
            System.err.println("Outpost demo: " + e.getMessage() + "\n  logs: " + dir.resolve("logs"));
            return 1;
        }
        Map<String, String> pins;
        try {
            DemoMenus.seed(chain, STORE, InstantSource.system());
            pins = DemoStore.seed(chain, STORE, dir.resolve(STORE));
        } catch (IOException e) {
            System.err.println("Outpost demo: " + e.getMessage() + "\n  logs: " + dir.resolve("logs"));
            return 1;
        }
        crowd.walk(Duration.ofMillis(100));
        System.out.println();
        System.out.println("  Console:    " + chain.relayUrl() + "/   (Malls shows " + MALL + " live; Menus the menu "
                + STORE + " shows)");
        for (String user : LocalChain.STAFF) {
            System.out.printf("  Login:      %s / %s   (%s; also in %s)%n", user, chain.password(user),
                    LocalChain.purpose(user), chain.passwordFile(user));
        }
        System.out.println("  Fleet API:  " + chain.relayUrl() + "/v1/fleet/freshness");
        System.out.println("  Occupancy:  " + chain.relayUrl() + "/v1/malls/" + MALL + "/occupancy   (capacity "
                + MALL_CAPACITY + ")");
        System.out.println("  Devices:    " + chain.relayHttpsUrl() + "   (mutual TLS; each appliance enrolled with a one-time token)");
        chain.health().forEach((name, url) -> System.out.printf("  %-22s %s%n", name, url));
        System.out.println("  Menus:      " + chain.health().get(STORE).resolve("/v1/menus") + "   (what " + STORE
                + " holds for its screens, each blob at /blobs/sha256/{hex})");
        System.out.println("  Screens:    " + chain.health().get(STORE + "-board-1").resolve("/") + "   (the menu board: it"
                + " flips to the demo menu " + DemoMenus.FIRST_FLIP.toSeconds() + " s after it is planned, with the kiosk and"
                + " the POS; each screen's /status says what it shows; flips at " + chain.health().get(STORE)
                .resolve("/v1/flips") + ")");
        System.out.println("  POS:        " + chain.health().get(STORE + "-pos-1").resolve("/") + "   (the cashier's page;"
                + " cashier " + DemoStore.CASHIER + " PIN " + pins.get(DemoStore.CASHIER) + ", manager " + DemoStore.MANAGER
                + " PIN " + pins.get(DemoStore.MANAGER) + "; barcodes 2000000000015 burger, 2000000000039 fries,"
                + " 2000000000046 cola)");
        System.out.println("  Kitchen:    " + chain.health().get(STORE + "-kds-1").resolve("/") + "   (every paid sale"
                + " as a ticket; Bump when it is cooked)");
        System.out.println("  Lobby:      " + chain.health().get(STORE + "-lobby-1").resolve("/") + "   (order numbers,"
                + " preparing and ready; 'wan cut " + STORE + "' changes nothing at the counter but its OFFLINE badge)");
        System.out.println("  Gate hub:   " + chain.health().get(MALL).resolve("/v1/gates") + "   gate status: "
                + "each gate's health URL with /status");
        System.out.println("  Logs:       " + dir.resolve("logs"));
        System.out.println();
        System.out.printf("All %d devices reported to the relay %.1f s after start. Ctrl-C stops everything.%n",
                PLAN.deviceCount(), (System.nanoTime() - started) / 1e9);
        DemoConsole console = new DemoConsole(chain, turnstiles, crowd, MALL);
        System.out.println(console.help());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            System.out.println(console.execute(line));
        }
        stopped.await(); // stdin ended (run in the background): serve until stopped
        return 0;
    }
}
