package dev.outpost.sim.load;

import dev.outpost.api.logging.LogFormat;
import dev.outpost.api.logging.LogSettings;
import dev.outpost.api.logging.Logging;
import dev.outpost.sim.chain.ChainPlan;
import dev.outpost.sim.chain.ChainProbe;
import dev.outpost.sim.chain.LocalChain;
import dev.outpost.sim.chain.Ports;
import dev.outpost.sim.pos.OfflineDay;
import dev.outpost.sim.pos.PosLoad;
import dev.outpost.sim.pos.PosSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code simulators load ingest|heartbeats|blocks|manifests}: bounded load against a relay started in this process on loopback, for
 * BENCHMARKS.md; {@code simulators load gate} times a gate's decisions on its own journal, with no relay. Simulated sites enroll with the relay's device CA and talk mutual TLS, like real ones. A benchmark,
 * never a test: it prints figures and fails only when the relay answers with an error.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        subcommands = {LoadCommand.Ingest.class, LoadCommand.Heartbeats.class, LoadCommand.Blocks.class,
                LoadCommand.Manifests.class, LoadCommand.GateDecisions.class, LoadCommand.Flips.class,
                LoadCommand.OfflineDayLoad.class, LoadCommand.Pos.class},
        description = "Bounded load against an in-process relay on loopback (event ingestion, heartbeats, site blocks,"
                + " manifests), a gate's decisions on its journal, or the commit skew of a store's screens flipping"
                + " together, or a store's POS terminals selling (offline-day, pos).")
public final class LoadCommand {

    /** The relay started here, on SQLite or PostgreSQL. */
    static final class TargetOptions {
        @Option(names = "--data", description = "SQLite under this directory (default: a new temporary directory)")
        Path data;

        @Option(names = "--jdbc-url", description = "PostgreSQL instead of SQLite: this database's JDBC URL")
        String jdbcUrl;

        @Option(names = "--db-user", description = "PostgreSQL user")
        String dbUser;

        @Option(names = "--db-password", description = "PostgreSQL password")
        String dbPassword;

        @Option(names = "--max-seconds", defaultValue = "300", description = "stop sending after this long (default: ${DEFAULT-VALUE})")
        int maxSeconds;

        @Option(names = "--pool-size", defaultValue = "16", description = "PostgreSQL connections (default: ${DEFAULT-VALUE})")
        int poolSize;

        LoadTarget open() throws Exception {
            quietLogs();
            Path dir = data != null ? data : Files.createTempDirectory("outpost-load-");
            return LoadTarget.inProcess(dir, jdbcUrl, dbUser, dbPassword, poolSize);
        }

        /** Checks the relay's options: {@link Run} calls it before the relay starts. */
        void check() {
            LoadCommand.check("--pool-size", poolSize, 1, 200);
            limit();
        }

        Duration limit() {
            LoadCommand.check("--max-seconds", maxSeconds, 1, 3600);
            return Duration.ofSeconds(maxSeconds);
        }
    }

    /**
     * What every load subcommand shares: it checks its options (a bad one prints its one-line reason and exits 2,
     * before any relay starts), starts the relay of {@link TargetOptions} and runs against it.
     */
    abstract static class Run implements Callable<Integer> {
        @Mixin
        TargetOptions target;

        /** Throws {@link IllegalArgumentException} naming the first option out of range. */
        abstract void checkOptions();

        /** The run against the started relay; returns the exit status. */
        abstract int run(LoadTarget relay) throws Exception;

        @Override
        public final Integer call() throws Exception {
            if (!optionsOk(() -> {
                target.check();
                checkOptions();
            })) {
                return 2;
            }
            try (LoadTarget relay = target.open()) {
                return run(relay);
            }
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Clients post event batches (with re-sent duplicates) to POST /v1/sites/{site}/events.")
    static final class Ingest extends Run {
        @Option(names = "--clients", defaultValue = "2", description = "client threads, one site each (default: ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--batch", defaultValue = "1000", description = "events per batch, 1–1000 (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--batches", defaultValue = "100", description = "new batches per client (default: ${DEFAULT-VALUE})")
        int batches;

        @Option(names = "--resend-every", defaultValue = "10",
                description = "re-send every n-th batch once, as an outbox retry (0 = never; default: ${DEFAULT-VALUE})")
        int resendEvery;

        @Option(names = "--seed", defaultValue = "1", description = "seeds site names and event contents (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        void checkOptions() {
            check("--clients", clients, 1, 64);
            check("--batch", batch, 1, 1000);
            check("--batches", batches, 1, 100_000);
            check("--resend-every", resendEvery, 0, 100_000);
        }

        @Override
        int run(LoadTarget relay) throws Exception {
            System.out.printf("load ingest: %s; %d clients x %d batches of %d events, re-sending every %d%n",
                    relay.description(), clients, batches, batch, resendEvery);
            IngestLoad.Report r = IngestLoad.run(relay, clients, batch, batches, resendEvery, target.limit(), seed);
            System.out.printf("load ingest: %d requests, %d accepted, %d duplicate, %d rejected in %.2f s:"
                            + " %.0f events/s (accepted + duplicate); batch latency p50 %.1f ms, p99 %.1f ms%s%n",
                    r.requests(), r.accepted(), r.duplicate(), r.rejected(), r.seconds(), r.eventsPerSecond(),
                    r.p50Millis(), r.p99Millis(), r.timedOut() ? " (stopped at --max-seconds)" : "");
            return r.rejected() == 0 ? 0 : 1;
        }
    }

    @Command(name = "heartbeats", mixinStandardHelpOptions = true,
            description = "Simulated sites post heartbeats to POST /v1/sites/{site}/heartbeat.")
    static final class Heartbeats extends Run {
        @Option(names = "--sites", defaultValue = "10000", description = "simulated sites (default: ${DEFAULT-VALUE})")
        int sites;

        @Option(names = "--rounds", defaultValue = "3", description = "measured heartbeats per site (default: ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--concurrency", defaultValue = "16", description = "requests in flight (default: ${DEFAULT-VALUE})")
        int concurrency;

        @Override
        void checkOptions() {
            check("--sites", sites, 1, 1_000_000);
            check("--rounds", rounds, 1, 100);
            check("--concurrency", concurrency, 1, 256);
        }

        @Override
        int run(LoadTarget relay) throws Exception {
            System.out.printf("load heartbeats: %s; %d sites x %d rounds (+1 warm-up), %d in flight%n",
                    relay.description(), sites, rounds, concurrency);
            HeartbeatLoad.Report r = HeartbeatLoad.run(relay, sites, rounds, concurrency, target.limit());
            System.out.printf("load heartbeats: %d requests (one mutual-TLS connection each) in %.2f s: %.0f requests/s; latency p50 %.2f ms,"
                            + " p99 %.2f ms, max %.2f ms; fleet view shows %d sites%s%n",
                    r.requests(), r.seconds(), r.requestsPerSecond(), r.p50Millis(), r.p99Millis(), r.maxMillis(),
                    r.fleetSites(), r.timedOut() ? " (stopped at --max-seconds)" : "");
            return 0;
        }
    }

    @Command(name = "manifests", mixinStandardHelpOptions = true,
            description = "Simulated sites fetch and poll GET /v1/sites/{site}/manifest on kept-alive connections.")
    static final class Manifests extends Run {
        @Option(names = "--sites", defaultValue = "10000", description = "simulated sites (default: ${DEFAULT-VALUE})")
        int sites;

        @Option(names = "--open", defaultValue = "5000", description = "connections open at a time: the sites go in blocks of"
                + " this many (default: ${DEFAULT-VALUE})")
        int open;

        @Option(names = "--polls", defaultValue = "9", description = "If-None-Match polls per site after its fetch"
                + " (default: ${DEFAULT-VALUE})")
        int polls;

        @Option(names = "--concurrency", defaultValue = "16", description = "requests in flight (default: ${DEFAULT-VALUE})")
        int concurrency;

        @Override
        void checkOptions() {
            check("--sites", sites, 1, 1_000_000);
            check("--open", open, 1, 100_000);
            check("--polls", polls, 0, 1000);
            check("--concurrency", concurrency, 1, 256);
        }

        @Override
        int run(LoadTarget relay) throws Exception {
            System.out.printf("load manifests: %s; %d sites on kept-alive mutual-TLS connections (%d open at a"
                    + " time), each a fetch and %d polls, %d in flight%n", relay.description(), sites, Math.min(open, sites),
                    polls, concurrency);
            ManifestLoad.Report r = ManifestLoad.run(relay, sites, open, polls, concurrency, target.limit());
            print("handshakes", r.handshakes());
            print("fetches (signed, 200)", r.fetches());
            print("polls (If-None-Match, 304)", r.polls());
            print("ceiling: GET /healthz", r.ceiling());
            if (r.timedOut()) {
                System.out.println("load manifests: stopped at --max-seconds");
            }
            return 0;
        }

        private static void print(String what, ManifestLoad.Phase phase) {
            System.out.printf("load manifests: %-28s %7d in %7.2f s: %6.0f/s; p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what,
                    phase.latencies().count(), phase.seconds(), phase.perSecond(), phase.latencies().percentileMillis(50),
                    phase.latencies().percentileMillis(99), phase.latencies().percentileMillis(100));
        }
    }

    @Command(name = "gate", mixinStandardHelpOptions = true,
            description = "A gate's admit and exit decisions on its fsynced SQLite journal, the hub answering, then silent.")
    static final class GateDecisions implements Callable<Integer> {
        @Option(names = "--people", defaultValue = "5000", description = "passages per phase (default: ${DEFAULT-VALUE})")
        int people;

        @Option(names = "--data", description = "the journal's directory, on the disk to measure (default: a new temporary"
                + " directory)")
        Path data;

        @Override
        public Integer call() throws Exception {
            if (!optionsOk(() -> check("--people", people, 10, 1_000_000))) {
                return 2;
            }
            quietLogs();
            Path dir = data != null ? data : Files.createTempDirectory("outpost-gate-load-");
            System.out.printf("load gate: journal in %s; %d passages with the hub answering, then %d exits with it silent%n",
                    dir, people, people);
            GateLoad.Report r = GateLoad.run(dir, people);
            print("admit (passage -> journal entry + right -> unlock)", r.admits());
            print("exit, hub answering", r.exits());
            System.out.printf("load gate: hub silent: the gate went %s%n", r.stateHubDown());
            print("exit, hub and relay out of reach", r.exitsHubDown());
            print("admit on an exit's right, hub out of reach (exit -> next tick -> unlock)", r.admitsHubDown());
            return 0;
        }

        private static void print(String what, Latencies l) {
            System.out.printf("load gate: %s: %d, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, l.count(),
                    l.percentileMillis(50), l.percentileMillis(99), l.percentileMillis(100));
        }
    }

    @Command(name = "flips", mixinStandardHelpOptions = true,
            description = "A relay, a store's appliance and its screens, each its own process: flips planned some seconds"
                    + " apart, and each flip's commit skew (latest minus earliest screen commit, site time).")
    static final class Flips implements Callable<Integer> {
        @Option(names = "--root", required = true, description = "the repository root, where the built jars are")
        Path root;

        @Option(names = "--screens", defaultValue = "10", description = "display agents, 1–60 (default: ${DEFAULT-VALUE})")
        int screens;

        @Option(names = "--flips", defaultValue = "50", description = "flips, 1–100 (default: ${DEFAULT-VALUE})")
        int flips;

        @Option(names = "--every", defaultValue = "5", description = "seconds between flips, 3–60 (default: ${DEFAULT-VALUE})")
        int every;

        @Override
        public Integer call() throws Exception {
            if (!optionsOk(() -> {
                check("--screens", screens, 1, 60);
                check("--flips", flips, 1, 100);
                check("--every", every, 3, 60);
            })) {
                return 2;
            }
            quietLogs();
            Path dir = Files.createTempDirectory("outpost-flips-load-");
            System.out.printf("load flips: %d screens, %d flips %d s apart; processes' logs in %s%n", screens, flips, every,
                    dir.resolve("logs"));
            ChainPlan plan = FlipsLoad.plan(screens);
            try (LocalChain chain = LocalChain.start(root.toAbsolutePath(), dir, plan, new Ports(false), (site, gate) -> Map.of())) {
                ChainProbe probe = new ChainProbe(chain);
                probe.awaitRunning(Duration.ofMinutes(2));
                probe.awaitFleet(plan, Duration.ofMinutes(2), "RUNNING");
                List<FlipsLoad.Flip> done = FlipsLoad.run(chain, flips, Duration.ofSeconds(every), InstantSource.system(), System.out);
                Latencies skews = new Latencies(flips);
                for (FlipsLoad.Flip f : done) {
                    System.out.printf("load flips: %s %s, %d screens committed (%d on their own), skew %s%n", f.versionId(),
                            f.state(), f.committed(), f.autonomous(), f.skewMs() == null ? "none" : f.skewMs() + " ms");
                    if (f.skewMs() != null) {
                        skews.add(f.skewMs() * 1_000_000L);
                    }
                }
                System.out.printf("load flips: %d screens, %d flips with a skew: p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
                        + " %d flips not COMMITTED, %d screen commits on their own%n", screens, skews.count(),
                        skews.percentileMillis(50), skews.percentileMillis(99), skews.percentileMillis(100),
                        done.stream().filter(f -> !f.state().equals("COMMITTED")).count(),
                        done.stream().mapToInt(FlipsLoad.Flip::autonomous).sum());
            }
            return 0;
        }
    }

    @Command(name = "blocks", mixinStandardHelpOptions = true,
            description = "Sites of one mall acquire, renew and release site blocks (POST /v1/sites/{site}/blocks...).")
    static final class Blocks extends Run {
        @Option(names = "--sites", defaultValue = "8", description = "sites of the mall, one thread each (default: ${DEFAULT-VALUE})")
        int sites;

        @Option(names = "--tokens", defaultValue = "10", description = "tokens a site asks for per block, 1–1000 (default: ${DEFAULT-VALUE})")
        int tokens;

        @Option(names = "--capacity", defaultValue = "1000000000",
                description = "the mall's capacity: large, so nothing is refused (default: ${DEFAULT-VALUE})")
        long capacity;

        @Option(names = "--seconds", defaultValue = "30", description = "how long to measure, at most --max-seconds (default: ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--seed", defaultValue = "1", description = "seeds the sites' reports (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        void checkOptions() {
            check("--sites", sites, 1, 256);
            check("--tokens", tokens, 1, 1000);
            check("--capacity", capacity, 1, 1_000_000_000_000L);
            check("--seconds", seconds, 1, target.limit().toSeconds());
        }

        @Override
        int run(LoadTarget relay) throws Exception {
            System.out.printf("load blocks: %s; mall %s, capacity %d, %d sites asking for %d tokens a block, for %d s%n",
                    relay.description(), BlocksLoad.MALL, capacity, sites, tokens, seconds);
            BlocksLoad.Report r = BlocksLoad.run(relay, sites, tokens, capacity, Duration.ofSeconds(seconds), seed);
            System.out.printf("load blocks: %d cycles (acquire, renew, release), %d requests, %d refused in %.2f s:"
                            + " %.0f grants/s (acquire + renew), %.0f requests/s; latency p50 %.2f ms, p99 %.2f ms%n",
                    r.cycles(), r.requests(), r.refused(), r.seconds(), r.grantsPerSecond(), r.requestsPerSecond(),
                    r.p50Millis(), r.p99Millis());
            System.out.printf("load blocks: ledger after: capacity %d, count %d (sites reported %d), leased out %d: %s%n",
                    r.after().capacity(), r.after().count(), r.inside(), r.after().leasedOut(),
                    r.consistent() ? "consistent" : "INCONSISTENT");
            return r.consistent() ? 0 : 1;
        }
    }

    /** The store of the POS commands: its terminals, sales, catalog, seed and where it keeps its files. */
    static final class StoreOptions {
        @Option(names = "--terminals", defaultValue = "5", description = "terminals selling at once, 1–50 (default: ${DEFAULT-VALUE})")
        int terminals;

        @Option(names = "--seed", defaultValue = "1", description = "seeds the catalog and the baskets (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--data", description = "the relay's and appliance's files (default: a new temporary directory)")
        Path data;

        @Option(names = "--drain-seconds", defaultValue = "600",
                description = "how long the relay may take to hold every sale, 1–3600 (default: ${DEFAULT-VALUE})")
        int drainSeconds;

        void check(int sales, int skus) {
            LoadCommand.check("--terminals", terminals, 1, 50);
            LoadCommand.check("--sales", sales, 1, 1_000_000);
            LoadCommand.check("--skus", skus, 50, 1_000_000);
            LoadCommand.check("--drain-seconds", drainSeconds, 1, 3600);
        }

        PosSite open(int skus) throws Exception {
            quietLogs();
            Path dir = data != null ? data : Files.createTempDirectory("outpost-pos-load-");
            long t0 = System.nanoTime();
            PosSite site = PosSite.start(dir, terminals, skus, seed);
            System.out.printf("load pos: store %s in %s, %d SKUs applied in %.1f s, %d terminals%n", PosSite.SITE, dir,
                    skus, (System.nanoTime() - t0) / 1e9, terminals);
            return site;
        }
    }

    @Command(name = "offline-day", mixinStandardHelpOptions = true,
            description = "A store's day with the WAN down: the terminals sell, the WAN comes back, and the relay's daily"
                    + " totals must equal every acknowledged sale, each event stored once and in order.")
    static final class OfflineDayLoad implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--sales", defaultValue = "10000", description = "sales with the WAN down (default: ${DEFAULT-VALUE})")
        int sales;

        @Option(names = "--skus", defaultValue = "500", description = "SKUs in the catalog (default: ${DEFAULT-VALUE})")
        int skus;

        @Override
        public Integer call() throws Exception {
            if (!optionsOk(() -> store.check(sales, skus))) {
                return 2;
            }
            try (PosSite site = store.open(skus)) {
                OfflineDay.Day day = OfflineDay.run(site, List.of(), store.terminals, sales, store.seed,
                        Duration.ofSeconds(store.drainSeconds), System::nanoTime);
                printDay(day);
            }
            return 0;
        }
    }

    @Command(name = "pos", mixinStandardHelpOptions = true,
            description = "The POS figures: terminals selling with the WAN up (add item, finalize), barcode lookups in a"
                    + " large catalog, then an offline day for the outbox catch-up to the relay on loopback.")
    static final class Pos implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--sales", defaultValue = "2000", description = "sales with the WAN up, and again with it down"
                + " (default: ${DEFAULT-VALUE})")
        int sales;

        @Option(names = "--skus", defaultValue = "50000", description = "SKUs in the catalog (default: ${DEFAULT-VALUE})")
        int skus;

        @Option(names = "--lookups", defaultValue = "20000", description = "barcode lookups, 1–10000000 (default: ${DEFAULT-VALUE})")
        int lookups;

        @Override
        public Integer call() throws Exception {
            if (!optionsOk(() -> {
                store.check(sales, skus);
                check("--lookups", lookups, 1, 10_000_000);
            })) {
                return 2;
            }
            try (PosSite site = store.open(skus)) {
                PosLoad.Report r = PosLoad.run(site, store.terminals, sales, lookups, store.seed,
                        Duration.ofSeconds(store.drainSeconds), System::nanoTime);
                System.out.printf("load pos: WAN up: %d sales in %.2f s (%.0f sales/s)%n", r.online().sales().size(),
                        r.online().elapsed().toNanos() / 1e9, r.online().sales().size() / (r.online().elapsed().toNanos() / 1e9));
                printPercentiles("add item (POST .../items), WAN up", r.online().addItem());
                printPercentiles("finalize, WAN up", r.online().finalizeSale());
                printPercentiles("barcode lookup (catalog store, " + store.terminals + " threads)", r.lookups());
                printDay(r.day());
            }
            return 0;
        }
    }

    private static void printDay(OfflineDay.Day day) {
        System.out.printf("load pos: WAN down: %d sales in %.2f s (%.0f sales/s); the status said relay reachable %s,"
                        + " offline %s, %d events waiting%n", day.offline().sales().size(),
                day.offline().elapsed().toNanos() / 1e9, day.salesPerSecond(), day.offlineStatus().relayReachable(),
                day.offlineStatus().offline(), day.offlineStatus().outboxPending());
        printPercentiles("add item (POST .../items), WAN down", day.offline().addItem());
        printPercentiles("finalize, WAN down", day.offline().finalizeSale());
        System.out.printf("load pos: WAN healed: the relay held all %d events, once each and in order, %.2f s later"
                        + " (outbox backoff included); catch-up %d events in %.2f s: %.0f events/s%n", day.events(),
                day.drain().toNanos() / 1e9, day.caughtUp(), day.catchUp().toNanos() / 1e9, day.catchUpEventsPerSecond());
    }

    private static void printPercentiles(String what, Latencies l) {
        System.out.printf("load pos: %s: %d, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, l.count(),
                l.percentileMillis(50), l.percentileMillis(95), l.percentileMillis(99), l.percentileMillis(100));
    }

    /** Runs the option checks; a bad option prints its one-line reason, and the command exits 2 before it starts. */
    private static boolean optionsOk(Runnable checks) {
        try {
            checks.run();
            return true;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return false;
        }
    }

    /** Warnings only: the info lines (every connection, every migration, every gate decision) would drown the figures. */
    private static void quietLogs() {
        Logging.configure(new LogSettings(LogFormat.TEXT, LogSettings.LogLevel.WARN), "load", null, null);
    }

    static void check(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("load: " + option + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
