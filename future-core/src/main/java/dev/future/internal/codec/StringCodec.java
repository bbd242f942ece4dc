package dev.future.internal.codec;

import dev.future.Codec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * UTF-8 text. Encoding takes a {@link CharSequence} (anything else through {@code String.valueOf});
 * decoding is strict: malformed or truncated UTF-8 fails with the offset of the first bad byte,
 * instead of being silently replaced with U+FFFD as {@code new String(bytes, UTF_8)} would.
 */
final class StringCodec implements Codec {

    @Override
    public byte[] encode(Object value) {
        Objects.requireNonNull(value, "value");
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object decode(byte[] bytes) {
        return utf8(bytes);
    }

    /** The text; a String (or CharSequence, Object) as it is, any other type converted from the text. */
    @Override
    public <T> T decode(byte[] bytes, Class<T> type) {
        Objects.requireNonNull(type, "type");
        String text = utf8(bytes);
        if (type.isInstance(text)) {
            return type.cast(text);
        }
        return Codecs.convert(text, type);
    }

    /** Strict UTF-8 decoding. */
    static String utf8(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        // A fresh decoder per call: CharsetDecoder is stateful and not thread-safe.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never yields more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new IllegalArgumentException("cannot decode UTF-8 at byte offset " + in.position() + " ("
                    + bytes.length + " bytes): " + (result.isMalformed() ? "malformed" : "unmappable") + " input of "
                    + result.length() + " byte(s)");
        }
        return out.flip().toString();
    }

    @Override
    public String toString() {
        return "UTF-8 codec";
    }
}
