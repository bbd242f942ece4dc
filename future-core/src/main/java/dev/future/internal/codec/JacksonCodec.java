package dev.future.internal.codec;

import dev.future.Codec;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * A codec over one of the shared Jackson mappers (JSON or CBOR). Every Jackson failure leaves as an
 * {@link IllegalArgumentException} that names the format and, when decoding, the byte offset.
 */
final class JacksonCodec implements Codec {

    private final String format;
    private final ObjectMapper mapper;

    JacksonCodec(String format, ObjectMapper mapper) {
        this.format = format;
        this.mapper = mapper;
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw Codecs.encodeFailure(format, value, e);
        }
    }

    @Override
    public Object decode(byte[] bytes) {
        return decode(bytes, Object.class);
    }

    @Override
    public <T> T decode(byte[] bytes, Class<T> type) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(type, "type");
        try {
            return mapper.readValue(bytes, type);
        } catch (JacksonException e) {
            throw Codecs.decodeFailure(format, type, bytes.length, e);
        }
    }

    @Override
    public String toString() {
        return format + " codec";
    }
}
