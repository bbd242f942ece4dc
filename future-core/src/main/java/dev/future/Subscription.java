package dev.future;

/** A subscriber's registration; {@link #close()} stops delivery (idempotent). */
public interface Subscription extends AutoCloseable {

    /** Stops delivery to this subscriber. Messages already being delivered may still arrive once. */
    @Override
    void close();
}
