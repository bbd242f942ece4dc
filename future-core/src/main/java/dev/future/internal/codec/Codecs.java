package dev.future.internal.codec;

import dev.future.Codec;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;
import tools.jackson.dataformat.cbor.CBORWriteFeature;

/**
 * The library's shared Jackson mappers, the built-in codecs and the conversions built on them.
 *
 * <p>Both mappers are immutable and thread-safe. Jackson 3 reads and writes records, {@code Optional}
 * and {@code java.time} natively (ISO-8601 strings, not timestamps). Two date/time settings are
 * changed from Jackson's defaults so that every value round-trips to an {@code equals} copy:
 * <ul>
 *   <li>{@code ADJUST_DATES_TO_CONTEXT_TIME_ZONE} off: an {@code OffsetDateTime} or
 *       {@code ZonedDateTime} keeps its offset instead of coming back in UTC;</li>
 *   <li>{@code WRITE_DATES_WITH_ZONE_ID} on: a {@code ZonedDateTime} keeps its region
 *       ({@code [Europe/Paris]}), not only its current offset.</li>
 * </ul>
 *
 * <p>CBOR is written with the self-describe tag 55799 (RFC 8949 section 3.4.6, the three bytes
 * {@code d9 d9 f7}). Those bytes are never valid UTF-8, so {@link FmtImpl#decode} can tell CBOR from
 * JSON and text without guessing; untagged CBOR from elsewhere still decodes through {@link #cborCodec()}.
 */
public final class Codecs {

    /**
     * The JSON mapper, made on first use: a PROCESS worker that never touches JSON does not pay for a
     * second mapper's classes and caches (its frames and message data are CBOR).
     */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder()
                .findAndAddModules()
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID)
                .build();
        static final Codec CODEC = new JacksonCodec("JSON", MAPPER);

        private Json() {}
    }

    /**
     * The CBOR mapper, made on first use too: a PROCESS worker whose actor only exchanges plain data
     * never loads jackson-databind at all (its frames are read and written with the streaming API).
     */
    private static final class Cbor {
        static final CBORMapper MAPPER = CBORMapper.builder()
                .findAndAddModules()
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID)
                .enable(CBORWriteFeature.WRITE_TYPE_HEADER)
                .build();
        static final Codec CODEC = new JacksonCodec("CBOR", MAPPER);

        private Cbor() {}
    }

    private static final Codec STRING_CODEC = new StringCodec();
    private static final Codec BINARY_CODEC = new BinaryCodec();

    private Codecs() {}

    /** The shared JSON mapper (thread-safe, immutable). */
    public static JsonMapper json() {
        return Json.MAPPER;
    }

    /** The shared CBOR mapper (thread-safe, immutable); it writes the self-describe tag. */
    public static CBORMapper cbor() {
        return Cbor.MAPPER;
    }

    /** The JSON codec: any value to JSON, JSON to maps, lists, strings, numbers and booleans. */
    public static Codec jsonCodec() {
        return Json.CODEC;
    }

    /** The CBOR codec: like {@link #jsonCodec()} in the binary CBOR encoding. */
    public static Codec cborCodec() {
        return Cbor.CODEC;
    }

    /** The UTF-8 text codec; decoding malformed UTF-8 fails, naming the offset. */
    public static Codec stringCodec() {
        return STRING_CODEC;
    }

    /** The identity codec for raw bytes. */
    public static Codec binaryCodec() {
        return BINARY_CODEC;
    }

    /** Whether {@code bytes} open with the CBOR self-describe tag 55799. */
    public static boolean isSelfDescribedCbor(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xd9 && bytes[1] == (byte) 0xd9 && bytes[2] == (byte) 0xf7;
    }

    /**
     * {@code data} as a {@code type}: as it is when it already is one, else converted through the
     * JSON mapper (a Map to a record, say).
     *
     * @throws IllegalArgumentException naming both types when the conversion fails
     */
    public static <T> T convert(Object data, Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (data == null || type.isInstance(data)) {
            return type.cast(data);
        }
        try {
            return Json.MAPPER.convertValue(data, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot convert message data of type " + data.getClass().getName()
                    + " to " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A decoding failure as an {@link IllegalArgumentException} naming the format, the target type,
     * the byte offset where Jackson knows it, and Jackson's own short message; the original is the cause.
     */
    static IllegalArgumentException decodeFailure(String format, Class<?> type, int length, JacksonException e) {
        StringBuilder message = new StringBuilder("cannot decode ").append(format);
        if (type != Object.class) {
            message.append(" as ").append(type.getName());
        }
        long offset = byteOffset(e);
        if (offset >= 0) {
            message.append(" at byte offset ").append(offset);
        }
        message.append(" (").append(length).append(" bytes): ").append(e.getOriginalMessage());
        return new IllegalArgumentException(message.toString(), e);
    }

    /** An encoding failure naming the format and the value's type; the original is the cause. */
    static IllegalArgumentException encodeFailure(String format, Object value, RuntimeException e) {
        String detail = e instanceof JacksonException je ? je.getOriginalMessage() : e.toString();
        return new IllegalArgumentException("cannot encode a " + value.getClass().getName() + " as " + format + ": "
                + detail, e);
    }

    private static long byteOffset(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null) {
            return -1;
        }
        // Parsing a byte[] gives byte offsets; a char offset only shows up for char sources.
        return location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    }
}
