package dev.future;

/** What {@code receive} does when a bounded mailbox is full. */
public enum Overflow {
    /** Waits up to 5 s for room, then throws {@link IllegalStateException}. */
    BLOCK,
    /** Drops the new message (counted as a dead letter). */
    DROP_NEWEST,
    /** Throws {@link IllegalStateException} naming the actor and the capacity. */
    FAIL
}
