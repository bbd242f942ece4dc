package dev.future;

/**
 * The identity of an actor, unique within its JVM. {@link #SYSTEM} is the sender of messages that
 * come from outside any actor (main-thread code, the runtime itself).
 *
 * @param value a positive number for actors, 0 for {@link #SYSTEM}
 */
public record ActorId(long value) {

    /** The sender of messages from outside any actor. */
    public static final ActorId SYSTEM = new ActorId(0);

    public ActorId {
        if (value < 0) {
            throw new IllegalArgumentException("an actor id is never negative: value=" + value);
        }
    }

    /** {@code "system"} for {@link #SYSTEM}, {@code "actor-<n>"} otherwise. */
    @Override
    public String toString() {
        return value == 0 ? "system" : "actor-" + value;
    }
}
