package dev.future.internal.task;

import dev.future.Result;
import dev.future.Task;
import dev.future.TaskState;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The common life of a task: one outcome, set once ({@link #settle}), and a way to kill the work
 * ({@link #kill}) that every cancellation and timeout goes through, so the work is stopped, never
 * just abandoned.
 *
 * <p>Threads: {@code state} moves once from RUNNING to a final state (CAS); whoever wins completes
 * {@code outcome} and, when the outcome is a cancellation or timeout, kills the work.
 */
public abstract class BaseTask<T> implements Task<T> {

    private final String name;
    private final AtomicReference<TaskState> state = new AtomicReference<>(TaskState.RUNNING);
    private final CompletableFuture<Result<T>> outcome = new CompletableFuture<>();

    protected BaseTask(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    /** Stops the work (interrupt, fence, SIGKILL, or cancel the inputs). Called at most once. */
    protected abstract void kill(String reason);

    /** Sets the outcome once; true when this call did it. */
    protected boolean settle(TaskState finalState, Result<T> result) {
        if (!state.compareAndSet(TaskState.RUNNING, finalState)) {
            return false;
        }
        outcome.complete(result);
        return true;
    }

    protected boolean succeed(T value) {
        return settle(TaskState.SUCCEEDED, Result.ok(value));
    }

    protected boolean fail(String error) {
        return settle(TaskState.FAILED, Result.err(error));
    }

    /** Times the task out: kills the work; the outcome says it timed out. */
    public boolean timeOut(Duration after) {
        if (settle(TaskState.TIMED_OUT, Result.err("task " + name + " timed out after " + after + "; it was killed"))) {
            kill("timeout");
            return true;
        }
        return false;
    }

    @Override
    public Result<T> await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            return Result.err("task " + name + " failed: " + e.getCause());
        }
    }

    @Override
    public Result<T> await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: timeout=" + timeout);
        }
        try {
            return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            timeOut(timeout);
            return outcome.getNow(Result.err("task " + name + " timed out after " + timeout));
        } catch (ExecutionException e) {
            return Result.err("task " + name + " failed: " + e.getCause());
        }
    }

    @Override
    public boolean cancel() {
        if (settle(TaskState.CANCELLED, Result.err("task " + name + " was cancelled"))) {
            kill("cancelled");
            return true;
        }
        return false;
    }

    @Override
    public boolean isDone() {
        return state.get() != TaskState.RUNNING;
    }

    @Override
    public TaskState state() {
        return state.get();
    }

    /** The outcome as a future of results (never completed exceptionally). */
    public CompletableFuture<Result<T>> outcome() {
        return outcome;
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> view = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                BaseTask.this.cancel();
                return super.cancel(mayInterruptIfRunning);
            }
        };
        outcome.whenComplete((r, t) -> {
            switch (r) {
                case Result.Ok<T>(T v) -> view.complete(v);
                case Result.Err<T>(String e) -> view.completeExceptionally(new TaskFailedException(e, state()));
            }
        });
        return view;
    }

    @Override
    public String toString() {
        return "Task[" + name + ", " + state.get() + "]";
    }

    /** Adapts any {@link Task} to its outcome future. */
    public static <T> CompletableFuture<Result<T>> outcomeOf(Task<T> task) {
        if (task instanceof BaseTask<T> b) {
            return b.outcome();
        }
        CompletableFuture<Result<T>> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(task.await());
            } catch (InterruptedException e) {
                f.complete(Result.err("interrupted while waiting for " + task));
            }
        });
        return f;
    }

    /** The exception a task's {@code toCompletableFuture()} completes with when the task did not succeed. */
    public static final class TaskFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** How the task ended. */
        @SuppressWarnings("serial") // an enum: serializable
        private final TaskState state;

        public TaskFailedException(String message, TaskState state) {
            super(message);
            this.state = state;
        }

        public TaskState state() {
            return state;
        }
    }
}
