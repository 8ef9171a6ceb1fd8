package dev.outpost.hal.serial;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/** One direction of a simulated wire: an unbounded byte FIFO a reader can wait on. */
final class ByteQueue {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private byte[] ring = new byte[256];
    private int head;
    private int size;

    void put(byte[] data, int offset, int length) {
        lock.lock();
        try {
            if (size + length > ring.length) {
                grow(size + length);
            }
            for (int i = 0; i < length; i++) {
                ring[(head + size + i) % ring.length] = data[offset + i];
            }
            size += length;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutNanos} for data, or until {@code stop} is true when woken.
     *
     * @return bytes taken; 0 on timeout; -1 if stopped
     */
    int take(byte[] buffer, int offset, int length, long timeoutNanos, BooleanSupplier stop)
            throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (size == 0) {
                if (stop.getAsBoolean()) {
                    return -1;
                }
                if (left <= 0) {
                    return 0;
                }
                left = arrived.awaitNanos(left);
            }
            if (stop.getAsBoolean()) {
                return -1;
            }
            int n = Math.min(length, size);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = ring[(head + i) % ring.length];
            }
            head = (head + n) % ring.length;
            size -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    int clear() {
        lock.lock();
        try {
            int dropped = size;
            head = 0;
            size = 0;
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    void wake() {
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void grow(int needed) {
        byte[] bigger = new byte[Math.max(needed, ring.length * 2)];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        ring = bigger;
        head = 0;
    }
}
