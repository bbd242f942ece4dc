package dev.future.internal.codec;

import dev.future.Codec;
import dev.future.Fmt;
import dev.future.FmtType;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The one {@link Fmt}: the built-in codecs, the supervisor's named custom codecs and its default format.
 * Immutable and thread-safe; one instance serves the supervisor and every actor.
 *
 * <h2>Auto-detection</h2>
 * {@link #encode} passes a {@code byte[]} through, writes a String as UTF-8 and anything else in the
 * default format (JSON, or CBOR when the default is {@link FmtType#CBOR}). {@link #decode} reverses it:
 * <ol>
 *   <li>bytes opening with the CBOR self-describe tag (which every CBOR this library writes carries,
 *       and which is never valid UTF-8) are CBOR, and a CBOR error is reported as such;</li>
 *   <li>bytes whose first non-blank byte can open a JSON value and which parse completely as JSON
 *       are JSON (so the text {@code 42} decodes to the number 42, as in the original);</li>
 *   <li>anything else is strict UTF-8 text; bytes that are not UTF-8 either fail, naming the offset.</li>
 * </ol>
 *
 * @implNote Untagged CBOR is deliberately not guessed at, even with a CBOR default: short ASCII text
 * is very often valid CBOR ({@code "ab"} is the CBOR text string {@code "b"}, {@code "1"} the integer -18),
 * so trying CBOR first would corrupt plain strings. The self-describe tag makes the choice exact.
 */
public final class FmtImpl implements Fmt {

    private final Map<String, Codec> customCodecs;
    private final FmtType defaultFormat;

    /**
     * @param customCodecs the named codecs registered on the config (copied)
     * @param defaultFormat the format {@link #encode} uses for values that are neither bytes nor text
     */
    public FmtImpl(Map<String, Codec> customCodecs, FmtType defaultFormat) {
        this.customCodecs = Map.copyOf(Objects.requireNonNull(customCodecs, "customCodecs"));
        this.defaultFormat = Objects.requireNonNull(defaultFormat, "defaultFormat");
    }

    @Override
    public byte[] encode(Object value) {
        return switch (value) {
            case byte[] bytes -> bytes;
            case String text -> Codecs.stringCodec().encode(text);
            case null, default -> (defaultFormat == FmtType.CBOR ? Codecs.cborCodec() : Codecs.jsonCodec()).encode(value);
        };
    }

    @Override
    public Object decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (Codecs.isSelfDescribedCbor(bytes)) {
            return Codecs.cborCodec().decode(bytes);
        }
        if (mayOpenJson(bytes)) {
            try {
                return Codecs.jsonCodec().decode(bytes);
            } catch (IllegalArgumentException notJson) {
                // Text that merely starts like JSON ("true story", "[draft]"): fall through to UTF-8.
            }
        }
        return StringCodec.utf8(bytes);
    }

    @Override
    public Codec json() {
        return Codecs.jsonCodec();
    }

    @Override
    public Codec string() {
        return Codecs.stringCodec();
    }

    @Override
    public Codec cbor() {
        return Codecs.cborCodec();
    }

    /** The identity codec for raw bytes. */
    public Codec binary() {
        return Codecs.binaryCodec();
    }

    @Override
    public byte[] alloc(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: size=" + size);
        }
        return new byte[size];
    }

    /** The format {@link #encode} uses for values that are neither bytes nor text. */
    public FmtType defaultFormat() {
        return defaultFormat;
    }

    /**
     * The custom codec registered as {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown name and listing the registered ones
     */
    public Codec codec(String name) {
        Objects.requireNonNull(name, "name");
        Codec codec = customCodecs.get(name);
        if (codec == null) {
            throw new IllegalArgumentException("unknown codec: name=\"" + name + "\"; registered codecs: "
                    + (customCodecs.isEmpty() ? "none" : new TreeMap<>(customCodecs).keySet()));
        }
        return codec;
    }

    /** The built-in codec for a payload of {@code type}. */
    public Codec codecFor(FmtType type) {
        Objects.requireNonNull(type, "type");
        return switch (type) {
            case JSON -> Codecs.jsonCodec();
            case STRING -> Codecs.stringCodec();
            case BINARY -> Codecs.binaryCodec();
            case CBOR -> Codecs.cborCodec();
        };
    }

    /** Whether the first byte that is not JSON whitespace can open a JSON value; a cheap filter before parsing. */
    private static boolean mayOpenJson(byte[] bytes) {
        for (byte b : bytes) {
            switch (b) {
                case ' ', '\t', '\n', '\r' -> {
                    continue;
                }
                case '{', '[', '"', '-', 't', 'f', 'n', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Fmt[default=" + defaultFormat + ", codecs=" + new TreeMap<>(customCodecs).keySet() + "]";
    }
}
