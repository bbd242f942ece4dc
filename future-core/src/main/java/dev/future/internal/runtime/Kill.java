package dev.future.internal.runtime;

/**
 * Why and how an incarnation is being ended.
 *
 * @param reason the termination reason
 * @param intentional an asked-for stop: never restarts, never fires links
 * @param interrupt whether to interrupt the handler's thread (not when the actor stops itself)
 * @param fatal a fatal error (a {@code VirtualMachineError}) escaped: no strategy applies, no restart
 */
record Kill(String reason, boolean intentional, boolean interrupt, boolean fatal) {

    Kill(String reason, boolean intentional, boolean interrupt) {
        this(reason, intentional, interrupt, false);
    }

    static final Kill TERMINATE = new Kill(Reasons.TERMINATED, true, true);
    static final Kill SHUTDOWN = new Kill(Reasons.SHUTDOWN, true, true);
    static final Kill SELF = new Kill(Reasons.NORMAL, true, false);
    static final Kill TIMEOUT = new Kill(Reasons.TIMEOUT, false, true);
    static final Kill LEASE_EXPIRED = new Kill(Reasons.LEASE_EXPIRED, false, true);
    static final Kill LINKED = new Kill(Reasons.LINKED_ACTOR_DIED, false, true);
    static final Kill PARENT_DIED = new Kill(Reasons.PARENT_DIED, false, true);

    static Kill crash(Throwable t) {
        return new Kill(Reasons.crashed(t), false, false, Reasons.isFatal(t));
    }
}
