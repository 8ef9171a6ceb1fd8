package dev.outpost.sim.turnstile;

import dev.outpost.sim.chain.GateWiring;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated turnstile I/O module for every gate of a chain, in this process, each on its own line: the chain's gate
 * controllers reach them over Modbus RTU as they would a real module. {@link #overTcp()} serves each on a loopback
 * port, as a serial device server would; a test may serve them on pseudo-terminals instead.
 */
public final class SimulatedTurnstiles implements GateWiring, AutoCloseable {

    /** Serves {@code module} on a new line and returns the gate's {@code serial.*} keys for it. */
    @FunctionalInterface
    public interface Line {
        Map<String, String> serve(TurnstileModule module, String name) throws IOException;
    }

    private final Line line;
    private final Map<String, TurnstileModule> modules = new LinkedHashMap<>();

    public SimulatedTurnstiles(Line line) {
        this.line = line;
    }

    /** Each module on a free loopback port; the gate reaches it with {@code serial.driver=tcp}. */
    public static SimulatedTurnstiles overTcp() {
        return new SimulatedTurnstiles((module, name) -> {
            InetSocketAddress address = module.serveTcp(0);
            return Map.of("serial.driver", "tcp", "serial.port", "127.0.0.1:" + address.getPort());
        });
    }

    @Override
    public synchronized Map<String, String> keys(String siteId, String gateId) throws IOException {
        TurnstileModule module = TurnstileModule.create(1);
        modules.put(siteId + "/" + gateId, module);
        Map<String, String> keys = new LinkedHashMap<>(line.serve(module, siteId + "-" + gateId));
        keys.put("turnstile.driver", "modbus");
        return keys;
    }

    /** The module of one gate. */
    public synchronized TurnstileModule module(String siteId, String gateId) {
        TurnstileModule module = modules.get(siteId + "/" + gateId);
        if (module == null) {
            throw new IllegalArgumentException("no simulated turnstile for gate " + gateId + " of " + siteId
                    + " (have " + modules.keySet() + ")");
        }
        return module;
    }

    /** The modules of a site's gates, in the order they were wired. */
    public synchronized List<TurnstileModule> at(String siteId) {
        List<TurnstileModule> at = new ArrayList<>();
        modules.forEach((key, module) -> {
            if (key.startsWith(siteId + "/")) {
                at.add(module);
            }
        });
        return at;
    }

    @Override
    public synchronized void close() {
        modules.values().forEach(TurnstileModule::close);
    }
}
