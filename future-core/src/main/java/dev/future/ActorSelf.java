package dev.future;

/**
 * The actor itself, as seen from its handler. {@link #send} emits a tier-1 signal to the actor's
 * subscribers and the supervisor's; the runtime sets {@code from} to this actor's id, and nobody
 * can forge it.
 *
 * <p>Calls made after the actor was killed throw {@link IllegalStateException}; sends made by a
 * fenced runaway are dropped.
 */
public interface ActorSelf {

    /** This actor's id. */
    ActorId id();

    /** Sends a signal with no data to this actor's subscribers and the supervisor's. */
    void send(String msg);

    /** Sends a signal carrying {@code data} to this actor's subscribers and the supervisor's. */
    void send(String msg, Object data);
}
