package dev.future;

import dev.future.internal.task.BaseTask;
import dev.future.internal.task.DerivedTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Task combinators. Losers and timed-out work are killed, not abandoned: each combinator cancels
 * the tasks it no longer needs, and cancelling a task kills its work.
 */
public final class Tasks {

    private Tasks() {}

    /** Every result in order; the first Err kills the rest and is the result. */
    public static <T> Task<List<T>> all(List<? extends Task<T>> tasks) {
        List<Task<T>> in = copy(tasks);
        DerivedTask<List<T>> out = new DerivedTask<>("all", in);
        if (in.isEmpty()) {
            out.completeQuietly(TaskState.SUCCEEDED, Result.ok(List.of()));
            return out;
        }
        AtomicInteger left = new AtomicInteger(in.size());
        for (Task<T> t : in) {
            BaseTask.outcomeOf(t).thenAccept(r -> {
                if (r.isErr()) {
                    out.complete(TaskState.FAILED, Result.err(r.error()));
                } else if (left.decrementAndGet() == 0) {
                    out.completeQuietly(TaskState.SUCCEEDED, Result.ok(values(in)));
                }
            });
        }
        return out;
    }

    /** Every result in order, or an Err listing every error once all have finished. */
    public static <T> Task<List<T>> allCollectingErrors(List<? extends Task<T>> tasks) {
        List<Task<T>> in = copy(tasks);
        DerivedTask<List<T>> out = new DerivedTask<>("allCollectingErrors", in);
        whenAll(in, () -> {
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                Result<T> r = BaseTask.outcomeOf(in.get(i)).join();
                if (r.isErr()) {
                    errors.add("[" + i + "] " + r.error());
                }
            }
            if (errors.isEmpty()) {
                out.completeQuietly(TaskState.SUCCEEDED, Result.ok(values(in)));
            } else {
                out.completeQuietly(TaskState.FAILED, Result.err(errors.size() + " of " + in.size()
                        + " tasks failed: " + String.join("; ", errors)));
            }
        });
        return out;
    }

    /** Every result, Ok or Err, in order, once all have finished. */
    public static <T> Task<List<Result<T>>> settle(List<? extends Task<T>> tasks) {
        List<Task<T>> in = copy(tasks);
        DerivedTask<List<Result<T>>> out = new DerivedTask<>("settle", in);
        whenAll(in, () -> {
            List<Result<T>> results = new ArrayList<>();
            for (Task<T> t : in) {
                results.add(BaseTask.outcomeOf(t).join());
            }
            out.completeQuietly(TaskState.SUCCEEDED, Result.ok(List.copyOf(results)));
        });
        return out;
    }

    /** The first Ok; the others are killed. If all fail, the last Err to arrive. */
    public static <T> Task<T> race(List<? extends Task<T>> tasks) {
        List<Task<T>> in = copy(tasks);
        DerivedTask<T> out = new DerivedTask<>("race", in);
        if (in.isEmpty()) {
            out.completeQuietly(TaskState.FAILED, Result.err("race of no tasks"));
            return out;
        }
        AtomicInteger left = new AtomicInteger(in.size());
        for (Task<T> t : in) {
            BaseTask.outcomeOf(t).thenAccept(r -> {
                if (r.isOk()) {
                    if (out.completeQuietly(TaskState.SUCCEEDED, r)) {
                        for (Task<T> other : in) {
                            if (other != t) {
                                other.cancel();
                            }
                        }
                    }
                } else if (left.decrementAndGet() == 0) {
                    out.completeQuietly(TaskState.FAILED, r);
                }
            });
        }
        return out;
    }

    /**
     * Runs {@code attempt} until it succeeds, at most {@code retry.max() + 1} times, waiting the
     * retry's backoff between attempts; the last Err when every attempt failed.
     */
    public static <T> Task<T> retry(Supplier<Task<T>> attempt, Retry retry) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(retry, "retry");
        DerivedTask<T> out = new DerivedTask<>("retry", List.of());
        AtomicReference<Task<T>> current = new AtomicReference<>();
        Thread loop = Thread.ofVirtual().unstarted(() -> {
            int attempts = retry.restarts() ? (retry.isUnlimited() ? Integer.MAX_VALUE : retry.max() + 1) : 1;
            Result<T> last = Result.err("no attempt made");
            for (int n = 1; n <= attempts && !out.isDone(); n++) {
                Task<T> t;
                try {
                    t = Objects.requireNonNull(attempt.get(), "the attempt supplier returned null");
                } catch (RuntimeException e) {
                    last = Result.err("attempt " + n + " could not start: " + e);
                    continue;
                }
                current.set(t);
                try {
                    last = t.await();
                } catch (InterruptedException e) {
                    t.cancel();
                    return;
                }
                if (last.isOk()) {
                    out.completeQuietly(TaskState.SUCCEEDED, last);
                    return;
                }
                if (n < attempts) {
                    try {
                        Thread.sleep(retry.delayBefore(n));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            out.completeQuietly(TaskState.FAILED, Result.err("failed after " + attempts + " attempts: " + last.error()));
        });
        out.onKill(() -> {
            Task<T> t = current.get();
            if (t != null) {
                t.cancel();
            }
            loop.interrupt();
        });
        loop.start();
        return out;
    }

    /** {@code task}, killed with an Err saying so if it has not finished within {@code timeout}. */
    public static <T> Task<T> withTimeout(Task<T> task, Duration timeout) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: timeout=" + timeout);
        }
        DerivedTask<T> out = new DerivedTask<>(task instanceof BaseTask<?> b ? b.name() : task.toString(), List.of(task));
        CompletableFuture<Result<T>> inner = BaseTask.outcomeOf(task);
        inner.thenAccept(r -> out.completeQuietly(r.isOk() ? TaskState.SUCCEEDED : task.state() == TaskState.CANCELLED
                ? TaskState.CANCELLED : task.state() == TaskState.TIMED_OUT ? TaskState.TIMED_OUT : TaskState.FAILED, r));
        CompletableFuture.delayedExecutor(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)
                .execute(() -> out.timeOut(timeout));
        return out;
    }

    private static <T> List<Task<T>> copy(List<? extends Task<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<Task<T>> in = new ArrayList<>(tasks.size());
        for (Task<T> t : tasks) {
            in.add(Objects.requireNonNull(t, "tasks contains null"));
        }
        return in;
    }

    private static <T> List<T> values(List<Task<T>> in) {
        List<T> out = new ArrayList<>(in.size());
        for (Task<T> t : in) {
            out.add(BaseTask.outcomeOf(t).join().value());
        }
        return java.util.Collections.unmodifiableList(out);
    }

    private static <T> void whenAll(List<Task<T>> in, Runnable then) {
        CompletableFuture<?>[] all = in.stream().map(BaseTask::outcomeOf).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(all).thenRun(then);
    }
}
