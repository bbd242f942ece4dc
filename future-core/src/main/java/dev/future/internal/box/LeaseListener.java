package dev.future.internal.box;

import dev.future.Handle;

/**
 * Told when a lease runs out where the pool cannot act alone. Called on the lease timer's thread,
 * outside the pool's lock (so it may call back into the pool); it must not block.
 */
@FunctionalInterface
public interface LeaseListener {

    /** Does nothing. */
    LeaseListener NONE = (writer, handle) -> {};

    /**
     * A writer was still WRITING when its lease expired: the runtime kills it with reason
     * {@code lease_expired} (the kill then calls {@link BoxPool#holderEnded(long)}). Called once per grant.
     */
    void onWriterLeaseExpired(long writer, Handle handle);

    /** A READY box was held past its lease and force-freed (for diagnostics; the pool already acted). */
    default void onReadyLeaseExpired(long writer, Handle handle) {}
}
