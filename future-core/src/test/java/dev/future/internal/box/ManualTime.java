package dev.future.internal.box;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock the test moves, and a scheduler that only records: lease checks run when the test calls
 * {@link BoxPool#expireLeases()}, so lease behaviour is deterministic.
 */
final class ManualTime implements LeaseScheduler {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<Long> scheduledDelays = new ArrayList<>();

    long now() {
        return nanos.get();
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public synchronized Runnable schedule(Runnable task, long delayNanos) {
        scheduledDelays.add(delayNanos);
        return () -> {};
    }

    /** A pool on this clock, backed by the default region (a memfd here). */
    BoxPool pool(int poolSize, long boxSize, LeaseListener listener) {
        return new BoxPool(poolSize, boxSize, this, this::now, listener,
                (n, size) -> SharedRegion.create("test", n, size));
    }
}
