package dev.outpost.sim.demo;

import dev.outpost.sim.chain.ChainPlan;
import dev.outpost.sim.chain.ChainPlan.Device;
import dev.outpost.sim.chain.ChainProbe;
import dev.outpost.sim.chain.LocalChain;
import dev.outpost.sim.chain.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/** {@code ./outpost demo}: a relay, a store (appliance and three screens) and a mall (appliance and two gates). */
public final class Demo {
    public static final ChainPlan PLAN = new ChainPlan(List.of(
            new ChainPlan.Site("store-0001", List.of(
                    Device.display("board-1", "board"),
                    Device.display("kiosk-1", "kiosk"),
                    Device.display("pos-1", "pos"))),
            new ChainPlan.Site("mall-0001", List.of(
                    Device.gate("gate-1"),
                    Device.gate("gate-2")))),
            Duration.ofSeconds(5));

    static final String MALL = "mall-0001";
    static final int MALL_CAPACITY = 1200;

    private Demo() {
    }

    /** The demo mall's ledger entry: mall-0001's appliance holds its site blocks. A second run finds it there already. */
    private static void registerMall(LocalChain chain, ChainProbe probe) {
        int status = probe.postAsStaff(chain.relayUrl().resolve("/v1/malls"),
                Map.of("id", MALL, "capacity", MALL_CAPACITY, "sites", List.of(MALL)), "demo: register the demo mall");
        if (status != 201 && status != 409) {
            System.err.println("Outpost demo: could not register " + MALL + " in the occupancy ledger: " + probe.lastSeen());
        }
    }

    public static int run(Path root, Path dir) throws Exception {
        System.out.println("Outpost demo: starting the relay, store-0001 (3 screens) and mall-0001 (2 gates); state in " + dir);
        long started = System.nanoTime();
        LocalChain chain = LocalChain.start(root, dir, PLAN, new Ports(true));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Outpost demo: stopping every process...");
            chain.close();
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
        registerMall(chain, probe);
        System.out.println();
        System.out.println("  Console:    " + chain.relayUrl() + "/");
        System.out.println("  Login:      " + LocalChain.ADMIN + " / " + chain.adminPassword() + "   (also in " + chain.adminPasswordFile() + ")");
        System.out.println("  Fleet API:  " + chain.relayUrl() + "/v1/fleet/freshness");
        System.out.println("  Occupancy:  " + chain.relayUrl() + "/v1/malls/" + MALL + "/occupancy   (ledger only: the gates do not lease yet)");
        System.out.println("  Devices:    " + chain.relayHttpsUrl() + "   (mutual TLS; each appliance enrolled with a one-time token)");
        chain.health().forEach((name, url) -> System.out.printf("  %-22s %s%n", name, url));
        System.out.println("  Logs:       " + dir.resolve("logs"));
        System.out.println();
        System.out.printf("All %d devices reported to the relay %.1f s after start. Ctrl-C stops everything.%n",
                PLAN.deviceCount(), (System.nanoTime() - started) / 1e9);
        stopped.await();
        return 0;
    }
}
