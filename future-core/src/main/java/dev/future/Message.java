package dev.future;

import dev.future.internal.codec.Codecs;
import java.util.Objects;

/**
 * A message: a dispatch key, tier-1 data or a tier-2 handle, and the sender.
 *
 * <p>Tier 1 carries {@code data} by reference within the JVM. Tier 2 carries a {@link Handle} to an
 * immutable box in the shared pool, with its {@link FmtType}; read it with
 * {@link ActorContext#read(Message)} (inside an actor) or {@link ActorRef#read(Message)} (main thread).
 *
 * <p>{@code from} is set by the runtime when the message is delivered: whatever a sender puts there
 * is replaced with its real id ({@link ActorId#SYSTEM} outside any actor).
 *
 * @param msg the dispatch key, never null
 * @param type the tier-2 format, or null for a tier-1 message
 * @param data the tier-1 payload, or null
 * @param handle the tier-2 box, or null
 * @param from the sender, set by the runtime
 */
public record Message(String msg, FmtType type, Object data, Handle handle, ActorId from) {

    public Message {
        Objects.requireNonNull(msg, "msg");
    }

    /** A tier-1 message with no data. */
    public static Message of(String msg) {
        return new Message(msg, null, null, null, ActorId.SYSTEM);
    }

    /** A tier-1 message carrying {@code data}. */
    public static Message of(String msg, Object data) {
        return new Message(msg, null, data, null, ActorId.SYSTEM);
    }

    /** Whether this message carries a tier-2 handle. */
    public boolean hasHandle() {
        return handle != null;
    }

    /**
     * The tier-1 data as a {@code type}: returned as it is when it already is one, else converted
     * with the library's JSON mapper (a Map to a record, say).
     *
     * @throws IllegalArgumentException when the data cannot be converted, naming both types
     */
    public <T> T data(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return Codecs.convert(data, type);
    }

    /** The same message with {@code from} replaced; used by the runtime when it delivers. */
    public Message withFrom(ActorId sender) {
        Objects.requireNonNull(sender, "sender");
        // compared by value directly: the record's generated equals is an indy call on every send
        return from != null && from.value() == sender.value() ? this : new Message(msg, type, data, handle, sender);
    }
}
