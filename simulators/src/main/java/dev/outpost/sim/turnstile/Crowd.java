package dev.outpost.sim.turnstile;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * People at a mall's turnstiles, and the ground truth of who is inside. Each gate has its own arrival rate (a Poisson
 * stream); arrivals queue at that gate's entry and pass one at a time when its module lets them ({@link
 * TurnstileModule#enterOne}); with the tailgating rate a second person slips through behind one, uncounted by the
 * sensors. Everyone inside stays for an exponentially distributed dwell, then leaves by any gate, drawn at random:
 * the exit is free in hardware, so nobody ever waits to leave. A queue longer than {@code maxQueue} turns arrivals
 * away.
 *
 * <p>Deterministic for a seed and a sequence of {@link #step} calls; {@link #walk} steps it on the system clock for
 * tests over real processes and for the demo. Thread-safe: every method takes the crowd's lock.
 */
public final class Crowd implements AutoCloseable {

    /**
     * @param arrivalsPerSecond per gate, in the order of the modules; 0 for a gate nobody walks in through
     * @param meanDwell         how long people stay on average
     * @param tailgateRate      the share of passages a second person follows uncounted (0 for truthful sensors)
     * @param maxQueue          people waiting at one entry before newcomers give up
     * @param seed              for every draw
     */
    public record Settings(List<Double> arrivalsPerSecond, Duration meanDwell, double tailgateRate, int maxQueue,
                           long seed) {
        public Settings {
            arrivalsPerSecond = List.copyOf(arrivalsPerSecond);
            if (arrivalsPerSecond.stream().anyMatch(r -> !(r >= 0))) {
                throw new IllegalArgumentException("crowd: arrival rates must be 0 or more per second, were "
                        + arrivalsPerSecond);
            }
            if (meanDwell.isNegative() || meanDwell.isZero()) {
                throw new IllegalArgumentException("crowd: the mean dwell must be positive, was " + meanDwell);
            }
            if (!(tailgateRate >= 0 && tailgateRate <= 1)) {
                throw new IllegalArgumentException("crowd: the tailgating rate must be between 0 and 1, was "
                        + tailgateRate);
            }
            if (maxQueue < 1) {
                throw new IllegalArgumentException("crowd: the longest queue must be at least 1, was " + maxQueue);
            }
        }
    }

    /** What the crowd did so far; {@code inside} is the truth, whatever the gates counted. */
    public record Truth(long inside, long maxInside, long entered, long tailgated, long exited, long turnedAway,
                        int waiting) {
    }

    private final List<TurnstileModule> gates;
    private final Settings settings;
    private final Random random;
    private final int[] queues;
    private final PriorityQueue<Long> leaving = new PriorityQueue<>();
    private long now;
    private boolean arriving = true;
    private long entered;
    private long tailgated;
    private long exited;
    private long turnedAway;
    private long maxInside;
    private ScheduledExecutorService walker;

    public Crowd(List<TurnstileModule> gates, Settings settings) {
        if (gates.isEmpty() || gates.size() != settings.arrivalsPerSecond().size()) {
            throw new IllegalArgumentException("crowd: one arrival rate per gate: " + gates.size() + " gates, "
                    + settings.arrivalsPerSecond().size() + " rates");
        }
        this.gates = List.copyOf(gates);
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.queues = new int[gates.size()];
    }

    /**
     * Moves the crowd on by {@code elapsed}: new arrivals join the queues, people whose dwell is over leave, and at
     * each unlocked entry the first in the queue passes (one per step and gate, as a turnstile arm turns once).
     */
    public synchronized void step(Duration elapsed) {
        now += elapsed.toNanos();
        double seconds = elapsed.toNanos() / 1e9;
        for (int g = 0; g < gates.size(); g++) {
            int arrivals = arriving ? poisson(settings.arrivalsPerSecond().get(g) * seconds) : 0;
            int room = settings.maxQueue() - queues[g];
            queues[g] += Math.min(arrivals, room);
            turnedAway += Math.max(0, arrivals - room);
        }
        while (!leaving.isEmpty() && leaving.peek() - now <= 0) {
            leaving.poll();
            gates.get(random.nextInt(gates.size())).exitOne();
            exited++;
        }
        for (int g = 0; g < gates.size(); g++) {
            if (queues[g] > 0 && gates.get(g).enterOne()) {
                queues[g]--;
                entered++;
                stay();
                if (queues[g] > 0 && random.nextDouble() < settings.tailgateRate()) {
                    gates.get(g).tailgate();
                    queues[g]--;
                    tailgated++;
                    stay();
                }
            }
        }
        maxInside = Math.max(maxInside, inside());
    }

    /** Nobody new arrives and the queues go home; those inside leave as they would have. */
    public synchronized void stopArrivals() {
        arriving = false;
        for (int g = 0; g < queues.length; g++) {
            turnedAway += queues[g];
            queues[g] = 0;
        }
    }

    public synchronized Truth truth() {
        int waiting = 0;
        for (int queue : queues) {
            waiting += queue;
        }
        return new Truth(inside(), maxInside, entered, tailgated, exited, turnedAway, waiting);
    }

    /** Steps the crowd every {@code period} of real time until {@link #close()}. */
    public synchronized void walk(Duration period) {
        if (walker != null) {
            throw new IllegalStateException("crowd: already walking");
        }
        walker = Executors.newSingleThreadScheduledExecutor(task -> Thread.ofPlatform().daemon().name("crowd")
                .unstarted(task));
        long[] last = {System.nanoTime()};
        walker.scheduleAtFixedRate(() -> {
            long t = System.nanoTime();
            step(Duration.ofNanos(t - last[0]));
            last[0] = t;
        }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops walking; the people inside stay where they are. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = walker;
        }
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                stopping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long inside() {
        return entered + tailgated - exited;
    }

    private void stay() {
        double dwell = -Math.log(1 - random.nextDouble()) * settings.meanDwell().toNanos();
        leaving.add(now + (long) dwell);
    }

    /** Knuth's method: fine for the small means of one step. */
    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            n++;
            product *= random.nextDouble();
        }
        return n;
    }
}
