package dev.future.internal.box;

/**
 * The decoders a {@link BoxReader} uses, injected by the runtime (backed there by its Jackson
 * mappers and the registered custom codecs). Each gets exactly the committed bytes, in a fresh array
 * it may keep. Implementations must be thread-safe; a decoding failure may throw any unchecked
 * exception: the reader rethrows it as an {@link IllegalArgumentException} naming the box and format.
 */
public interface ReaderCodecs {

    /** JSON into maps, lists, strings, numbers and booleans. */
    Object json(byte[] bytes);

    /** JSON into {@code type}. */
    <T> T json(byte[] bytes, Class<T> type);

    /** CBOR into maps, lists, strings, numbers and booleans. */
    Object cbor(byte[] bytes);

    /** CBOR into {@code type}. */
    <T> T cbor(byte[] bytes, Class<T> type);

    /**
     * The custom codec registered as {@code codecName}, into {@code type}.
     *
     * @throws IllegalArgumentException naming the codec when none is registered under that name
     */
    <T> T custom(String codecName, byte[] bytes, Class<T> type);
}
