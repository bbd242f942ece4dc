package dev.future;

/**
 * Turns values into bytes and back. The built-in ones come from {@link Fmt}; custom ones are
 * registered on the config with {@code codec(name, codec)} and used by {@link Write#with}.
 */
public interface Codec {

    /** Encodes {@code value}. */
    byte[] encode(Object value);

    /** Decodes bytes into this codec's natural value (a tree, a string, bytes). */
    Object decode(byte[] bytes);

    /** Decodes bytes into a {@code type}. */
    default <T> T decode(byte[] bytes, Class<T> type) {
        return type.cast(decode(bytes));
    }
}
