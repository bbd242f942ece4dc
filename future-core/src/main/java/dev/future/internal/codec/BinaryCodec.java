package dev.future.internal.codec;

import dev.future.Codec;
import java.nio.ByteBuffer;
import java.util.Objects;

/** Raw bytes: identity. Encoding also takes a {@link ByteBuffer} (its remaining bytes, copied). */
final class BinaryCodec implements Codec {

    @Override
    public byte[] encode(Object value) {
        Objects.requireNonNull(value, "value");
        return switch (value) {
            case byte[] bytes -> bytes;
            case ByteBuffer buffer -> {
                byte[] copy = new byte[buffer.remaining()];
                buffer.duplicate().get(copy);
                yield copy;
            }
            default -> throw new IllegalArgumentException(
                    "the binary codec encodes byte[] or ByteBuffer, not a " + value.getClass().getName());
        };
    }

    @Override
    public Object decode(byte[] bytes) {
        return Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public <T> T decode(byte[] bytes, Class<T> type) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(type, "type");
        if (type.isInstance(bytes)) {
            return type.cast(bytes);
        }
        if (type == ByteBuffer.class) {
            return type.cast(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
        }
        throw new IllegalArgumentException("the binary codec decodes to byte[] or ByteBuffer, not " + type.getName());
    }

    @Override
    public String toString() {
        return "binary codec";
    }
}
