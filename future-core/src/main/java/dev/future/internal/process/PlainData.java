package dev.future.internal.process;

import dev.future.internal.codec.Codecs;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Tier-1 data as it crosses the worker protocol: <em>plain</em> values only, read and written with
 * Jackson's streaming CBOR API. Plain means {@code null}, {@link Boolean}, {@link String},
 * {@code byte[]}, the boxed integers and floats, {@link BigInteger}, {@link BigDecimal}, and
 * {@link List}s and {@link Map}s with {@code String} keys of plain values. Anything else (a record, a
 * POJO, a {@code java.time} value) is turned into plain data by the CBOR mapper first ({@link #of}),
 * exactly as the mapper would write it.
 *
 * <p>Why not the mapper for everything: a worker JVM that only ever sees plain data then never loads
 * jackson-databind (~600 classes, ~14 MB of RSS per worker). The mapper is loaded in a worker only
 * when its actor sends a value that is not plain, or asks for one ({@code msg.data(Record.class)}).
 *
 * <p>What a reader gets back: maps as {@link LinkedHashMap} (order kept), arrays as {@link ArrayList},
 * integers as {@link Integer}, {@link Long} or {@link BigInteger} (the smallest that holds them), byte
 * strings as {@code byte[]}: what Jackson's untyped deserializer gives for the same bytes.
 */
public final class PlainData {

    private PlainData() {}

    /**
     * {@code value} as plain data: itself when it already is plain, else converted by the CBOR mapper.
     *
     * @throws IllegalArgumentException when the mapper cannot convert it
     */
    public static Object of(Object value) {
        return isPlain(value, 0) ? value : Codecs.cbor().convertValue(value, Object.class);
    }

    private static boolean isPlain(Object value, int depth) {
        if (depth > FrameCodec.MAX_DEPTH) {
            return false; // let the mapper decide (and name the problem)
        }
        return switch (value) {
            case null -> true;
            case String s -> true;
            case Boolean b -> true;
            case Integer i -> true;
            case Long l -> true;
            case Short s -> true;
            case Byte b -> true;
            case Double d -> true;
            case Float f -> true;
            case BigInteger b -> true;
            case BigDecimal b -> true;
            case byte[] b -> true;
            case List<?> list -> {
                for (Object o : list) {
                    if (!isPlain(o, depth + 1)) {
                        yield false;
                    }
                }
                yield true;
            }
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String) || !isPlain(e.getValue(), depth + 1)) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> false;
        };
    }

    /**
     * Writes a plain value.
     *
     * @throws IllegalArgumentException when {@code value} (or something in it) is not plain
     */
    static void write(JsonGenerator g, Object value) {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case BigInteger b -> g.writeNumber(b);
            case BigDecimal b -> g.writeNumber(b);
            case byte[] b -> g.writeBinary(b);
            case List<?> list -> {
                g.writeStartArray(list, list.size());
                for (Object o : list) {
                    write(g, o);
                }
                g.writeEndArray();
            }
            case Map<?, ?> map -> {
                g.writeStartObject(map, map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("not plain data: a map key of type "
                                + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                    }
                    g.writeName(key);
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            default -> throw new IllegalArgumentException("not plain data: " + value.getClass().getName()
                    + " (convert it with PlainData.of first)");
        }
    }

    /**
     * Reads one plain value, starting at the parser's current token.
     *
     * @throws IllegalArgumentException when the input nests deeper than {@link FrameCodec#MAX_DEPTH}
     *     or holds a value plain data cannot (a CBOR simple value other than null or a boolean)
     */
    static Object read(JsonParser p, int depth) {
        if (depth > FrameCodec.MAX_DEPTH) {
            throw new IllegalArgumentException("data nests deeper than " + FrameCodec.MAX_DEPTH);
        }
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IllegalArgumentException("the data ends early");
        }
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_EMBEDDED_OBJECT -> {
                Object o = p.getEmbeddedObject();
                if (!(o instanceof byte[])) {
                    throw new IllegalArgumentException("unsupported embedded value: "
                            + (o == null ? "null" : o.getClass().getSimpleName()));
                }
                yield o;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p, depth + 1));
                }
                yield list;
            }
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, read(p, depth + 1));
                }
                yield map;
            }
            default -> throw new IllegalArgumentException("unexpected " + t + " in data");
        };
    }
}
