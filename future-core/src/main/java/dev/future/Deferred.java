package dev.future;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A value someone will provide later: resolve or reject it from any thread (the first call wins),
 * and await it with a timeout.
 *
 * {@snippet :
 * Deferred<String> reply = Deferred.create();
 * actor.subscribe(m -> { if (m.msg().equals("reply")) reply.resolve((String) m.data()); });
 * Result<String> r = reply.await(Duration.ofSeconds(1));
 * }
 */
public final class Deferred<T> {

    private final CompletableFuture<T> future = new CompletableFuture<>();

    private Deferred() {}

    /** An unsettled deferred value. */
    public static <T> Deferred<T> create() {
        return new Deferred<>();
    }

    /** Settles with {@code value}; false when already settled. */
    public boolean resolve(T value) {
        return future.complete(value);
    }

    /** Settles with a failure; false when already settled. */
    public boolean reject(Throwable error) {
        Objects.requireNonNull(error, "error");
        return future.completeExceptionally(error);
    }

    /** Whether it is settled. */
    public boolean isDone() {
        return future.isDone();
    }

    /** Waits up to {@code timeout}: Ok with the value, Err with the rejection, or Err saying it timed out. */
    public Result<T> await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: timeout=" + timeout);
        }
        try {
            return Result.ok(future.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Result.err("deferred value not settled within " + timeout);
        } catch (ExecutionException e) {
            return Result.err("rejected: " + e.getCause());
        }
    }

    /** A future view (completing it does not settle this deferred). */
    public CompletableFuture<T> toCompletableFuture() {
        return future.copy();
    }

    @Override
    public String toString() {
        return "Deferred[" + (future.isDone() ? "settled" : "pending") + "]";
    }
}
