package dev.future.internal.box;

/** The life of a box: {@code FREE -> WRITING -> READY -> FREE}; the epoch grows each time it is FREE again. */
public enum BoxState {
    /** Grantable. */
    FREE,
    /** Granted to one writer, who fills it (or has been reclaimed and waits for its writer to leave the fill). */
    WRITING,
    /** Committed and immutable, held by its references until they are all back or its lease expires. */
    READY
}
