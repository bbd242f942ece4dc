package dev.future;

/** How an actor is isolated from the rest of the system. */
public enum Isolation {
    /**
     * A virtual-thread actor in this JVM (the default). Light (hundreds of bytes when idle);
     * {@code terminate()} interrupts it, and one that will not end (a CPU loop) is declared dead and
     * fenced, but its thread keeps running: use {@link #PROCESS} for work that may spin.
     */
    THREAD,
    /** An actor in a worker JVM of its own: {@code terminate()} is a hard kill, and the OS takes back its memory. */
    PROCESS
}
