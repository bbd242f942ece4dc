package dev.future;

import java.util.Objects;
import java.util.Optional;

/**
 * A tier-2 write: what to encode, in which format, under which key, and who may read it. Built by
 * the static factories and refined by {@link #share(Share)}; handed to {@link ActorContext#write(Write)}.
 *
 * @param msg the key of the message the readers receive
 * @param type the format readers see
 * @param value the value to encode
 * @param codec the named custom codec to encode with, if any ({@link #with})
 * @param share who may read it
 */
public record Write(String msg, FmtType type, Object value, Optional<String> codec, Share share) {

    public Write {
        Objects.requireNonNull(msg, "msg");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(share, "share");
    }

    /** {@code value} encoded as JSON. */
    public static Write json(String msg, Object value) {
        return new Write(msg, FmtType.JSON, value, Optional.empty(), Share.OWNER);
    }

    /** {@code text} encoded as UTF-8. */
    public static Write string(String msg, String text) {
        return new Write(msg, FmtType.STRING, text, Optional.empty(), Share.OWNER);
    }

    /** {@code bytes} as they are. */
    public static Write binary(String msg, byte[] bytes) {
        return new Write(msg, FmtType.BINARY, bytes, Optional.empty(), Share.OWNER);
    }

    /** {@code value} encoded as CBOR. */
    public static Write cbor(String msg, Object value) {
        return new Write(msg, FmtType.CBOR, value, Optional.empty(), Share.OWNER);
    }

    /** {@code value} encoded with the custom codec registered as {@code codecName}; readers see {@link FmtType#BINARY}. */
    public static Write with(String codecName, String msg, Object value) {
        Objects.requireNonNull(codecName, "codecName");
        return new Write(msg, FmtType.BINARY, value, Optional.of(codecName), Share.OWNER);
    }

    /** The same write, readable by {@code share}. */
    public Write share(Share share) {
        return new Write(msg, type, value, codec, share);
    }
}
