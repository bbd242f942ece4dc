package dev.future.internal.box;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the pool's lease checks later. The pool owns at most one pending check; tests replace the
 * timer with a manual one so lease expiry is deterministic.
 */
@FunctionalInterface
interface LeaseScheduler {

    /** Runs {@code task} after {@code delayNanos}; returns what cancels it (a no-op once it ran). */
    Runnable schedule(Runnable task, long delayNanos);

    /** A scheduler over a shared executor; a shut-down executor schedules nothing (a shutdown race). */
    static LeaseScheduler of(ScheduledExecutorService timer) {
        Objects.requireNonNull(timer, "timer");
        return (task, delayNanos) -> {
            try {
                ScheduledFuture<?> f = timer.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            } catch (RejectedExecutionException e) {
                return () -> {};
            }
        };
    }
}
