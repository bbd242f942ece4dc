package dev.future;

/** Where an actor is in its life. */
public enum ActorState {
    /** Spawned; its first incarnation is being set up. */
    STARTING,
    /** Alive and waiting for a message. */
    IDLE,
    /** Alive and handling a message. */
    BUSY,
    /** Its incarnation ended and its group will start a new one (after the backoff). */
    RESTARTING,
    /** Dead for good; its ref stays readable (diagnostics, termination reason). */
    TERMINATED
}
