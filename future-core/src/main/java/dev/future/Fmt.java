package dev.future;

/**
 * Encoding helpers, inside an actor ({@link ActorContext#fmt()}) and on the main thread
 * ({@link Supervisor#fmt()}). JSON and CBOR go through Jackson; records, maps, lists and
 * {@code java.time} values round-trip.
 */
public interface Fmt {

    /** Auto-detects: a {@code byte[]} passes through, a String becomes UTF-8, anything else JSON. */
    byte[] encode(Object value);

    /** The reverse of {@link #encode}: JSON when the bytes parse as JSON, else UTF-8 text. */
    Object decode(byte[] bytes);

    /** The JSON codec. */
    Codec json();

    /** The UTF-8 text codec. */
    Codec string();

    /** The CBOR codec. */
    Codec cbor();

    /** A zeroed scratch buffer of {@code size} bytes. */
    byte[] alloc(int size);
}
