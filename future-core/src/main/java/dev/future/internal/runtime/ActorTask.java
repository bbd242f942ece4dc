package dev.future.internal.runtime;

import dev.future.Actor;
import dev.future.ActorContext;
import dev.future.Restart;
import dev.future.SpawnOptions;
import dev.future.TaskContext;
import dev.future.TaskOptions;
import dev.future.internal.task.BaseTask;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A THREAD task: a one-shot, temporary actor of the root group (so it counts against maxActors and
 * shows in diagnostics) whose handler runs the work once. A cancellation or timeout terminates that
 * actor: its thread is interrupted and, if it will not end, fenced after the kill grace like any
 * actor. A failure is the task's Err, never a restart. The hang watchdog is off for tasks: their
 * limit is their timeout.
 */
final class ActorTask<T> extends BaseTask<T> {

    private static final AtomicLong IDS = new AtomicLong();

    /** The work, given the task context. */
    interface Work<T> {
        T run(TaskContext ctx) throws Exception;
    }

    private volatile ActorCell cell;

    private ActorTask(String name) {
        super(name);
    }

    static <T> ActorTask<T> start(SupervisorImpl sup, Callable<T> work, TaskOptions options) {
        return start(sup, ctx -> work.call(), options);
    }

    static <T> ActorTask<T> start(SupervisorImpl sup, Work<T> work, TaskOptions options) {
        String name = options.name().orElseGet(() -> "task-" + IDS.incrementAndGet());
        ActorTask<T> task = new ActorTask<>(name);
        Actor body = (self, msg, ctx) -> task.runOnce(work, ctx);
        SpawnOptions spawn = SpawnOptions.builder().name(name).restart(Restart.TEMPORARY)
                .hangTimeout(Duration.ZERO).build();
        ActorCell c = (ActorCell) sup.spawnInto(sup.rootGroup(), ActorFactory.of(body), spawn, null);
        task.cell = c;
        options.timeout().ifPresent(limit -> sup.schedule(limit.toNanos(), () -> task.timeOut(limit)));
        c.receive("run", null);
        return task;
    }

    private void runOnce(Work<T> work, ActorContext ctx) {
        TaskContext tc = new TaskContext() {
            @Override
            public boolean isCancelled() {
                return ctx.isCancelled() || isDone();
            }

            @Override
            public void heartbeat() {
                ctx.heartbeat();
            }
        };
        try {
            T value = work.run(tc);
            succeed(value);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError e) {
                fail("task " + name() + " failed: " + t);
                throw e;
            }
            fail("task " + name() + " failed: " + t);
        } finally {
            if (!ctx.isCancelled()) {
                ctx.terminate();
            }
        }
    }

    @Override
    protected void kill(String reason) {
        ActorCell c = cell;
        if (c != null) {
            c.terminate();
        }
    }
}
