package dev.future.internal.runtime;

import dev.future.Down;
import dev.future.Isolation;
import dev.future.Restart;
import dev.future.SpawnOptions;
import dev.future.TaskBody;
import dev.future.TaskOptions;
import dev.future.internal.codec.Codecs;
import dev.future.internal.process.worker.TaskActor;
import dev.future.internal.task.BaseTask;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A PROCESS task: a one-shot, temporary PROCESS actor ({@link TaskActor}) that runs the body in a
 * worker JVM, input and result crossing as CBOR. The result comes back as the actor's
 * {@code "task:ok"} / {@code "task:err"} signal; a worker that dies first fails the task with its
 * reason. A timeout or cancel terminates the actor, which is a SIGKILL of its worker.
 */
final class ProcessTask<T> extends BaseTask<T> {

    private static final AtomicLong IDS = new AtomicLong();

    private volatile ActorCell cell;

    private ProcessTask(String name) {
        super(name);
    }

    static <I, T> ProcessTask<T> start(SupervisorImpl sup, Class<? extends TaskBody<I, T>> body, I input,
            TaskOptions options) {
        String name = options.name().orElseGet(() -> "process-task-" + IDS.incrementAndGet());
        ProcessTask<T> task = new ProcessTask<>(name);
        Type result = TaskActor.typeArgument(body, 1);
        SpawnOptions spawn = SpawnOptions.builder().name(name).isolation(Isolation.PROCESS)
                .restart(Restart.TEMPORARY).hangTimeout(Duration.ZERO).build();
        ActorCell c = (ActorCell) sup.spawnInto(sup.rootGroup(), ActorFactory.of(TaskActor.class), spawn, null);
        task.cell = c;
        c.subscribe(m -> {
            switch (m.msg()) {
                case "task:ok" -> task.succeed(task.convert(m.data(), result));
                case "task:err" -> task.fail("task " + name + " failed: " + m.data());
                case "DOWN" -> task.fail("task " + name + " failed: its worker ended ("
                        + (m.data() instanceof Down d ? d.reason() : m.data()) + ")");
                default -> { }
            }
        });
        options.timeout().ifPresent(limit -> sup.schedule(limit.toNanos(), () -> task.timeOut(limit)));
        Map<String, Object> run = new HashMap<>();
        run.put("body", body.getName());
        run.put("input", input);
        c.receive("run", run);
        return task;
    }

    @SuppressWarnings("unchecked")
    private T convert(Object data, Type type) {
        try {
            return type == null || data == null ? (T) data
                    : (T) Codecs.cbor().convertValue(data, Codecs.cbor().constructType(type));
        } catch (RuntimeException e) {
            fail("task " + name() + ": its result does not convert to " + type.getTypeName() + ": " + e.getMessage());
            return null;
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
