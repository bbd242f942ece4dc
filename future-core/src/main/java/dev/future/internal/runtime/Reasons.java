package dev.future.internal.runtime;

/** The reasons an incarnation ends with, and which of them are intentional stops. */
final class Reasons {

    static final String NORMAL = "normal";
    static final String TERMINATED = "terminated";
    static final String SHUTDOWN = "shutdown";
    static final String TIMEOUT = "timeout";
    static final String LEASE_EXPIRED = "lease_expired";
    static final String LINKED_ACTOR_DIED = "linked_actor_died";
    static final String PARENT_DIED = "parent_died";
    static final String NOPROC = "noproc";
    static final String CRASHED_PREFIX = "crashed: ";

    private Reasons() {}

    static String crashed(Throwable t) {
        return CRASHED_PREFIX + t;
    }

    /** The reason without its details, for counting: {@code "crashed"} folds every exception. */
    static String kind(String reason) {
        if (reason.startsWith(CRASHED_PREFIX)) {
            return "crashed";
        }
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /** Whether {@code t} must never be handled as an ordinary crash (it passes through). */
    static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError || t instanceof LinkageError;
    }
}
