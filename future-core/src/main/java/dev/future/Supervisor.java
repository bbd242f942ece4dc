package dev.future;

import dev.future.internal.runtime.SupervisorImpl;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The orchestrator: it spawns actors, watches their health, restarts them by strategy, routes
 * their messages, owns the tier-2 pool and the resources, and shuts everything down.
 *
 * {@snippet :
 * try (Supervisor supervisor = Supervisor.create()) {
 *     ActorRef echo = supervisor.spawn((self, msg, ctx) -> self.send("echo", msg.data()));
 *     echo.subscribe(m -> System.out.println(m.msg() + " " + m.data()));
 *     echo.receive("hello", 42);
 * }
 * }
 *
 * <p>The supervisor is its own root group ({@link #root()}), whose strategy and budget come from
 * the config. After {@link #shutdown()}, {@code spawn}, {@code createGroup} and {@code task} throw
 * {@link IllegalStateException}, and {@code receive} on any of its refs is a silent no-op.
 */
public interface Supervisor extends AutoCloseable {

    /** A supervisor with the default config. */
    static Supervisor create() {
        return create(SupervisorConfig.builder().build());
    }

    /** A supervisor with {@code config}. */
    static Supervisor create(SupervisorConfig config) {
        return SupervisorImpl.create(config);
    }

    /** Spawns an actor into the root group. */
    ActorRef spawn(Actor actor);

    /**
     * Spawns an actor into the root group with options.
     *
     * @throws IllegalStateException when {@code maxActors} actors are alive (naming the cap), or after shutdown
     */
    ActorRef spawn(Actor actor, SpawnOptions options);

    /** Spawns an actor from a class (a public class with a no-arg constructor; required for PROCESS). */
    ActorRef spawn(Class<? extends Actor> actorClass, SpawnOptions options);

    /** Creates a top-level group. */
    Group createGroup(GroupConfig config);

    /** The root group ({@code "root"}): where {@link #spawn} puts actors. */
    Group root();

    /** Kills an actor by id (reason {@code "terminated"}); false when no live actor has that id. */
    boolean terminateActor(ActorId id);

    /** Delivers every actor's signals, tier-2 commits, lifecycle messages and {@code "ESCALATED"}. */
    Subscription subscribe(Consumer<Message> subscriber);

    /** Reads a tier-2 message on the main thread; empty when refused. */
    Optional<Reader> read(Message message);

    /** Gives back the reference a delivery of {@code handle} holds. */
    void release(Handle handle);

    /** Encoding helpers for main-thread code. */
    Fmt fmt();

    /** The supervisor's diagnostics. */
    SupervisorDiagnostics diagnostics();

    /** Runs {@code work} as a killable task. */
    <T> Task<T> task(Callable<T> work);

    /** Runs {@code work} as a killable task with options. */
    <T> Task<T> task(Callable<T> work, TaskOptions options);

    /** Runs a task body from its class (required for PROCESS tasks). */
    <I, T> Task<T> task(Class<? extends TaskBody<I, T>> body, I input, TaskOptions options);

    /**
     * Stops every actor in reverse start order (groups depth-first), each given its grace, then
     * fenced; runs the resources' release hooks; unmaps the pool. Idempotent, bounded in time.
     */
    void shutdown();

    /** The same as {@link #shutdown()}. */
    @Override
    void close();
}
