package dev.outpost.relay.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for what a relay does on its own timers (a retry whose backoff passed) and gives no event to block on:
 * checks every 20 ms, fails after 10 s saying what was awaited.
 */
public final class Eventually {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** A check; it may read over HTTP. */
    public interface Check {
        boolean holds() throws Exception;
    }

    private Eventually() {
    }

    public static void until(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": not true within " + DEADLINE.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
