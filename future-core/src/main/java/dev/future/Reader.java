package dev.future;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A view of one committed tier-2 box, holding one reference to it until {@link #close()} (or a
 * {@code release} of its handle, or the lease's expiry). The bytes are immutable: the zero-copy
 * views are read-only, and every decoder reads exactly the committed length.
 *
 * <p>Decoding errors throw {@link IllegalArgumentException} naming the format and, where the parser
 * knows it, the offset. Reading after {@code close()} throws {@link IllegalStateException}.
 */
public interface Reader extends AutoCloseable {

    /** The payload decoded from JSON (or CBOR, when the box holds CBOR) into {@code type}. */
    <T> T json(Class<T> type);

    /** The payload decoded from JSON into maps, lists, strings, numbers and booleans. */
    Object json();

    /** The payload as UTF-8 text. */
    String string();

    /** A copy of the payload's bytes. */
    byte[] binary();

    /** The payload decoded from CBOR into {@code type}. */
    <T> T cbor(Class<T> type);

    /** The payload decoded with the custom codec registered as {@code codecName}. */
    <T> T decode(String codecName, Class<T> type);

    /** A zero-copy, read-only view of the payload; valid until this reader is closed. */
    MemorySegment segment();

    /** A zero-copy, read-only buffer over the payload; valid until this reader is closed. */
    ByteBuffer buffer();

    /** The payload's exact length in bytes. */
    long size();

    /** Gives this reader's reference back, once; later calls do nothing. */
    @Override
    void close();
}
