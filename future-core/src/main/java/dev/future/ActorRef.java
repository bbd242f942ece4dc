package dev.future;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A handle on an actor, valid for its whole life: across restarts it keeps its id, its
 * subscriptions, its links and monitors, and messages sent to it reach the new incarnation.
 * After the actor's final end it stays readable ({@link #diagnostics()}, termination reason), and
 * {@link #receive} becomes a silent no-op counted as a dead letter.
 */
public interface ActorRef {

    /** The actor's id. */
    ActorId id();

    /** The actor's name, or its id as text when it has none. */
    String name();

    /**
     * Queues {@code message} for the actor. {@code from} is replaced with the real sender (the
     * calling actor, or {@link ActorId#SYSTEM}).
     *
     * @throws IllegalStateException when a bounded mailbox is full and its overflow policy is
     *     {@link Overflow#FAIL} (or {@link Overflow#BLOCK} after 5 s), naming the actor and capacity
     */
    void receive(Message message);

    /** Queues a tier-1 message {@code msg} carrying {@code data} (which may be null). */
    void receive(String msg, Object data);

    /** Delivers the actor's signals ({@link ActorSelf#send}), its tier-2 commits and its lifecycle messages. */
    Subscription subscribe(Consumer<Message> subscriber);

    /** Kills the actor (reason {@code "terminated"}); it is not restarted. Returns at once; idempotent. */
    void terminate();

    /** Whether the actor has not ended for good (a restarting actor is alive). */
    boolean isAlive();

    /** Where the actor is in its life. */
    ActorState state();

    /**
     * Waits until the actor has ended for good.
     *
     * @return whether it ended within {@code timeout}
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Reads a tier-2 message delivered to this actor's subscribers; empty when refused. */
    Optional<Reader> read(Message message);

    /** Gives back the reference a delivery of {@code handle} holds; refused handles are ignored (and counted). */
    void release(Handle handle);

    /** The actor's diagnostics; readable after its death. */
    ActorDiagnostics diagnostics();

    /** Links this actor and {@code other}: when one dies abnormally, so does the other (or it gets EXIT). */
    void link(ActorRef other);

    /** Removes a link. */
    void unlink(ActorRef other);

    /** This actor monitors {@code other}: it gets a {@code "DOWN"} message when {@code other} dies for good. */
    void monitor(ActorRef other);

    /** Removes a monitor. */
    void demonitor(ActorRef other);
}
