package dev.future.internal.task;

import dev.future.Task;
import java.util.List;

/** A task made of other tasks (a combinator): killing it kills every input still running. */
public final class DerivedTask<T> extends BaseTask<T> {

    private final List<? extends Task<?>> inputs;
    private volatile Runnable onKill = () -> {};

    public DerivedTask(String name, List<? extends Task<?>> inputs) {
        super(name);
        this.inputs = List.copyOf(inputs);
    }

    /** Extra work when killed (e.g. stop a retry loop). */
    public void onKill(Runnable r) {
        this.onKill = r;
    }

    @Override
    protected void kill(String reason) {
        for (Task<?> t : inputs) {
            t.cancel();
        }
        onKill.run();
    }

    /** Makes {@link BaseTask#settle} reachable for the combinators. */
    public boolean complete(dev.future.TaskState state, dev.future.Result<T> result) {
        boolean won = settle(state, result);
        if (won && state != dev.future.TaskState.SUCCEEDED) {
            kill(state.name());
        }
        return won;
    }

    /** Completes without killing anything (the inputs are done already). */
    public boolean completeQuietly(dev.future.TaskState state, dev.future.Result<T> result) {
        return settle(state, result);
    }
}
