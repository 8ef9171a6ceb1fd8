package dev.outpost.sim.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulators platform}: an order platform's menu API for a relay's order-platform channel, until Ctrl-C. */
@Command(name = "platform", description = "Runs an order platform's menu API (POST /menu) that de-duplicates by"
        + " Idempotency-Key, until Ctrl-C.")
public final class PlatformCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8490", description = "port to listen on (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--hang", defaultValue = "PT60S", description = "how long a timeout holds its request, ISO-8601"
            + " (default ${DEFAULT-VALUE})")
    Duration hang;

    @Option(names = "--script", description = "ITEM=BEHAVIOUR[,BEHAVIOUR...]: what the next new keys for ITEM get:"
            + " ACCEPT, REJECT, FAIL, TIMEOUT_BEFORE_APPLYING, TIMEOUT_AFTER_APPLYING; repeatable")
    Map<String, String> scripts = Map.of();

    @Override
    public Integer call() throws Exception {
        try (PlatformSimulator platform = PlatformSimulator.start(host, port, hang)) {
            for (var e : scripts.entrySet()) {
                List<PlatformSimulator.Behaviour> steps = new ArrayList<>();
                for (String name : e.getValue().split(",")) {
                    try {
                        steps.add(PlatformSimulator.Behaviour.valueOf(name.strip()));
                    } catch (IllegalArgumentException x) {
                        System.err.println("--script " + e.getKey() + ": unknown behaviour '" + name + "' (behaviours: "
                                + List.of(PlatformSimulator.Behaviour.values()) + ")");
                        return 2;
                    }
                }
                platform.script(e.getKey(), steps.toArray(PlatformSimulator.Behaviour[]::new));
            }
            System.out.println("order platform simulator at " + platform.endpoint());
            new CountDownLatch(1).await();
            return 0;
        }
    }
}
