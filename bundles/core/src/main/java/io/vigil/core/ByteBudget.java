package io.vigil.core;

import io.vigil.api.ingest.InFlight;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/** The in-flight budget of {@link InFlight}: a count of bytes under a lock, waiters woken as leases give bytes back. */
final class ByteBudget implements InFlight {

    private final long capacity;
    private long taken;
    private final AtomicLong refused = new AtomicLong();

    ByteBudget(long capacity) {
        this.capacity = Math.max(1, capacity);
    }

    @Override
    public synchronized Lease tryTake(long bytes) {
        long wanted = wanted(bytes);
        if (taken + wanted > capacity) {
            refused.incrementAndGet();
            return null;
        }
        taken += wanted;
        return new Taken(wanted);
    }

    @Override
    public synchronized Lease take(long bytes, Duration timeout) throws InterruptedException {
        long wanted = wanted(bytes);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (taken + wanted > capacity) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                refused.incrementAndGet();
                return null;
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
        taken += wanted;
        return new Taken(wanted);
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public synchronized long taken() {
        return taken;
    }

    /** Times bytes were not there: requests refused, datagrams dropped, consumers that waited in vain. */
    long refused() {
        return refused.get();
    }

    private long wanted(long bytes) {
        return Math.min(capacity, Math.max(0, bytes));
    }

    private synchronized void giveBack(long bytes) {
        taken -= bytes;
        notifyAll();
    }

    private final class Taken implements Lease {

        private long held;
        private boolean pending;

        Taken(long held) {
            this.held = held;
        }

        @Override
        public void keep(long bytes) {
            long over;
            synchronized (this) {
                over = Math.max(0, held - Math.max(0, bytes));
                held -= over;
            }
            if (over > 0) {
                giveBack(over);
            }
        }

        @Override
        public void closeWhen(CompletionStage<?> settled) {
            synchronized (this) {
                pending = true;
            }
            settled.whenComplete((done, failed) -> release());
        }

        @Override
        public void close() {
            synchronized (this) {
                if (pending) {
                    return;
                }
            }
            release();
        }

        private void release() {
            long back;
            synchronized (this) {
                back = held;
                held = 0;
            }
            if (back > 0) {
                giveBack(back);
            }
        }
    }
}
