package dev.outpost.appliance.gates;

import dev.outpost.api.client.RelayException;
import dev.outpost.api.lease.LeaseAcquire;
import dev.outpost.api.lease.LeaseGrant;
import dev.outpost.api.lease.LeaseRelease;
import dev.outpost.api.lease.LeaseRenew;
import dev.outpost.api.lease.LeaseSettled;
import dev.outpost.api.lease.MallState;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A relay for the hub that grants what it is asked unless told otherwise, and holds the mall-state poll like the
 * real one: it answers when the state moves past the version the hub has, or when the wait runs out.
 */
final class ScriptedRelay implements HubRelay {
    final AtomicInteger requests = new AtomicInteger();
    final AtomicReference<Function<Object, Object>> answer = new AtomicReference<>(ScriptedRelay::grantAll);
    private MallState mall;

    static Object grantAll(Object request) {
        return switch (request) {
            case LeaseAcquire a -> new LeaseGrant(a.idempotencyKey(), UUID.randomUUID(), a.mallId(), a.holderId(), a.tokens(), 0,
                    a.ttl());
            case LeaseRenew r -> new LeaseGrant(r.idempotencyKey(), r.leaseId(), r.mallId(), r.holderId(), r.tokens(), 0, r.ttl());
            case LeaseRelease r -> new LeaseSettled(r.idempotencyKey(), r.leaseId(), r.mallId(), r.holderId(), "CLOSED", 0, 0);
            default -> throw new IllegalArgumentException(request.toString());
        };
    }

    @Override
    public Object send(Object request) {
        requests.incrementAndGet();
        return answer.get().apply(request);
    }

    /** The mall moves: the next poll hears of it. */
    synchronized void mall(String mallId, long capacity, String mode, String state) {
        mall(mallId, capacity, mode, state, mall == null ? 0 : mall.recounts());
    }

    /** The mall moves, with {@code recounts} operator recounts so far. */
    synchronized void mall(String mallId, long capacity, String mode, String state, long recounts) {
        long version = mall == null ? 1 : mall.version() + 1;
        mall = new MallState(mallId, capacity, mode, state, recounts, version, Instant.now());
        notifyAll();
    }

    @Override
    public synchronized MallState mall(long afterVersion, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (mall == null || mall.version() <= afterVersion) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RelayException("scripted relay: interrupted", e);
        }
        if (mall == null) {
            throw new RelayException(404, "scripted relay: 404 site bound to no mall", null);
        }
        return mall;
    }
}
