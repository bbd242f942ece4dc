package dev.future.internal.resource;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling a resource: supplied by the runtime for each actor (or the main thread) that asks for
 * a proxy. The registry calls it from the caller's own thread.
 */
public interface ResourceCaller {

    /** The caller as errors should name it: the actor's name if it has one, else its id. */
    String describe();

    /** The resources this caller may use; empty: all of them. */
    Optional<Set<Class<?>>> allowed();

    /** Called before every resource call; it counts as a heartbeat for the hang watchdog. */
    void onCall();
}
