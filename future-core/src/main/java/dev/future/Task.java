package dev.future;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A killable unit of work with a result. Unlike {@code CompletableFuture.orTimeout}, a timeout here
 * kills the work (THREAD: cancel, interrupt, fence; PROCESS: SIGKILL), it does not only stop waiting.
 */
public interface Task<T> {

    /** Waits for the result: Ok with the value, or Err naming the failure, cancellation or timeout. */
    Result<T> await() throws InterruptedException;

    /** Waits up to {@code timeout}; when it passes, the task is killed and the result is an Err saying so. */
    Result<T> await(Duration timeout) throws InterruptedException;

    /** Kills the task; true when this call stopped it (false when it had already finished). */
    boolean cancel();

    /** Whether the task has finished, whatever the outcome. */
    boolean isDone();

    /** Where the task is. */
    TaskState state();

    /** A future completed with the value, or exceptionally with the failure; cancelling it kills the task. */
    CompletableFuture<T> toCompletableFuture();
}
