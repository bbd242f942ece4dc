package dev.future;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What an actor may do from its handler. Every call counts as progress for the hang watchdog.
 * Once the actor has been killed, {@link #isCancelled()} is true and every other call throws
 * {@link IllegalStateException}.
 */
public interface ActorContext {

    /** This actor's id. */
    ActorId id();

    /** Tells the hang watchdog this handler is alive, and extends every box lease the actor holds. */
    void heartbeat();

    /** Ends this actor with reason {@code "normal"} once the handler returns; it is not restarted. */
    void terminate();

    /** Whether this actor has been killed (a handler should stop its work). Never throws. */
    boolean isCancelled();

    /** Waits for the next message (Erlang-style receive inside a handler); empty on timeout. */
    Optional<Message> receive(Duration timeout) throws InterruptedException;

    /** Waits for the next message whose key is {@code msgKey}; others stay queued, in order. */
    Optional<Message> receive(String msgKey, Duration timeout) throws InterruptedException;

    /** Writes a tier-2 box and delivers it per its {@link Share}; waits for a free box up to the write timeout. */
    Result<Handle> write(Write write);

    /** Writes a tier-2 box in place: {@code fill} gets a writable segment of exactly {@code size} bytes. */
    Result<Handle> write(String msg, FmtType type, Share share, long size, Consumer<MemorySegment> fill);

    /** Reads a tier-2 message delivered to this actor; empty when refused (stale, forged or unauthorized). */
    Optional<Reader> read(Message message);

    /** Gives back the reference a delivery of {@code handle} holds. */
    void release(Handle handle);

    /** A validating proxy of the registered resource {@code api}. */
    <R> R resource(Class<R> api);

    /** Links this actor and {@code other}. */
    void link(ActorRef other);

    /** Removes a link. */
    void unlink(ActorRef other);

    /** This actor monitors {@code other}. */
    void monitor(ActorRef other);

    /** Removes a monitor. */
    void demonitor(ActorRef other);

    /** Spawns a child: it joins this actor's group and ends (reason {@code "parent_died"}) when this actor ends. */
    ActorRef spawn(Actor actor);

    /** Spawns a child with options. */
    ActorRef spawn(Actor actor, SpawnOptions options);

    /** Spawns a child from a class (a fresh instance per incarnation). */
    ActorRef spawn(Class<? extends Actor> actorClass, SpawnOptions options);

    /** Encoding helpers. */
    Fmt fmt();
}
