package dev.future;

/** What a running task body may ask of the runtime. */
public interface TaskContext {

    /** Whether the task was cancelled or timed out; the body should stop. */
    boolean isCancelled();

    /** Tells the hang watchdog the task is alive. */
    void heartbeat();
}
