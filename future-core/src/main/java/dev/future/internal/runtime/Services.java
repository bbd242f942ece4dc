package dev.future.internal.runtime;

import dev.future.ActorRef;
import dev.future.Fmt;
import dev.future.ResourceException;
import dev.future.SpawnOptions;
import dev.future.SupervisorConfig;
import dev.future.Task;
import dev.future.TaskBody;
import dev.future.TaskOptions;
import java.util.concurrent.Callable;

/** What the supervisor offers beyond actors: tier 2, codecs, resources, tasks, worker processes. */
final class Services {

    private final SupervisorImpl sup;
    private final SupervisorConfig config;
    private final Tier2 tier2;

    private Services(SupervisorImpl sup, SupervisorConfig config) {
        this.sup = sup;
        this.config = config;
        this.tier2 = new Tier2(sup, config);
    }

    static Services create(SupervisorImpl sup, SupervisorConfig config) {
        return new Services(sup, config);
    }

    Tier2 tier2() {
        return tier2;
    }

    ActorRef spawnProcess(GroupImpl group, ActorFactory factory, SpawnOptions options, Incarnation parent) {
        throw new UnsupportedOperationException("Isolation.PROCESS is not in this build yet");
    }

    <R> R resource(Class<R> api, Incarnation inc) {
        throw new ResourceException("resources are not wired into this build yet: " + api.getName() + " " + config);
    }

    Fmt fmt() {
        throw new UnsupportedOperationException("fmt is not wired into this build yet " + sup);
    }

    <T> Task<T> task(Callable<T> work, TaskOptions options) {
        throw new UnsupportedOperationException("tasks are not in this build yet");
    }

    <I, T> Task<T> task(Class<? extends TaskBody<I, T>> body, I input, TaskOptions options) {
        throw new UnsupportedOperationException("tasks are not in this build yet");
    }

    void onIncarnationEnded(ActorCell cell) {}

    void onActorDead(ActorCell cell) {}

    void close() {
        tier2.close();
    }
}
