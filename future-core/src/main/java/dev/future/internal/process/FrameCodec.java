package dev.future.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.dataformat.cbor.CBORFactory;

/**
 * The wire format of the worker protocol over its Unix domain socket: length-prefixed frames, each
 * one {@link Frame} record as a CBOR map written and read with Jackson's streaming CBOR API (no
 * data binding: see {@link PlainData} for why). No Java serialization anywhere.
 *
 * <h2>Frame layout</h2>
 * <pre>
 *   0               4       5                                              4 + length
 *   +---------------+-------+-----------------------------------------------+
 *   | length        | tag   | body: the frame record as a CBOR map          |
 *   | u32, big end. | u8    | {"field": value, ...}  (length - 1 bytes)     |
 *   +---------------+-------+-----------------------------------------------+
 *   length = 1 + body bytes, 1 .. MAX_FRAME (16 MiB)
 *   tag    = index of the record class in TAGS (below); a worker may send only the worker frames
 * </pre>
 *
 * <h2>Untrusted input</h2>
 * Every frame read from a worker is hostile until proven otherwise: the length is checked before
 * anything is allocated, the tag must name a frame the worker may send, the body must decode to
 * exactly that record (unknown, duplicate or missing primitive fields, values of the wrong type and
 * trailing bytes refused; nesting at most {@value #MAX_DEPTH} deep; strings no longer than the
 * frame; data fields only {@linkplain PlainData plain} values), and the record's constructor validates
 * ranges and lengths. Anything else is a {@link ProtocolException}. Tier-2 payloads never travel
 * here, so 16 MiB is far more than any honest frame needs.
 *
 * <p>Thread-safe: the factory is immutable; callers serialize their own reads and writes per channel.
 */
public final class FrameCodec {

    /** The largest frame (tag + body) either side accepts. */
    public static final int MAX_FRAME = 16 << 20;
    static final int MAX_DEPTH = 64;

    /** Tag = index. Append only: the tag is the protocol. */
    private static final List<Class<? extends Frame>> TAGS = List.of(
            Frame.Start.class, // 0
            Frame.Deliver.class, // 1
            Frame.Reply.class, // 2
            Frame.Grant.class, // 3
            Frame.Hello.class, // 4
            Frame.Done.class, // 5
            Frame.Crashed.class, // 6
            Frame.Send.class, // 7
            Frame.Tell.class, // 8
            Frame.Heartbeat.class, // 9
            Frame.TerminateSelf.class, // 10
            Frame.RefOp.class, // 11
            Frame.Write.class, // 12
            Frame.Filled.class, // 13
            Frame.Read.class, // 14
            Frame.Release.class, // 15
            Frame.Resource.class, // 16
            Frame.Spawn.class, // 17
            Frame.Receive.class); // 18

    /** Streaming CBOR only: a worker that sees plain data never loads jackson-databind (see {@link PlainData}). */
    private static final CBORFactory CBOR = CBORFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_FRAME)
                    .maxDocumentLength(MAX_FRAME)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Record shapes, looked up once per type (before CONSTANT_BYTES, which needs them). */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    /**
     * Frames without variable fields, with their canonical wire bytes (tag + body): written once, and
     * read without a parser when a peer sends exactly these bytes (anything else still goes through
     * the full decode). They are on the hot paths: every handler's end, and the fill of a tier-2 write.
     */
    private static final List<Frame> CONSTANT = List.of(new Frame.Done(), new Frame.Filled(true),
            new Frame.Filled(false), new Frame.Heartbeat(), new Frame.TerminateSelf());
    private static final byte[][] CONSTANT_BYTES = CONSTANT.stream().map(FrameCodec::encodeSlow).map(b -> {
        byte[] out = new byte[b.remaining() - 4];
        b.position(4).get(out);
        return out;
    }).toArray(byte[][]::new);

    private FrameCodec() {}

    /** {@code frame} as its wire bytes: length, tag, body. */
    public static ByteBuffer encode(Frame frame) {
        for (int i = 0; i < CONSTANT_BYTES.length; i++) {
            if (CONSTANT.get(i).equals(frame)) {
                byte[] b = CONSTANT_BYTES[i];
                return ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).flip();
            }
        }
        return encodeSlow(frame);
    }

    /**
     * The general encoding, which {@link #encode} short-cuts for constant frames; for tests.
     *
     * @throws IllegalArgumentException when a data field is not {@linkplain PlainData plain} or the
     *     frame is larger than {@link #MAX_FRAME}
     */
    static ByteBuffer encodeSlow(Frame frame) {
        int tag = TAGS.indexOf(frame.getClass());
        if (tag < 0) {
            throw new IllegalArgumentException("not a protocol frame: " + frame.getClass().getName());
        }
        Bytes out = new Bytes();
        out.write(0); // the length and the tag, patched below
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(tag);
        try (JsonGenerator g = CBOR.createGenerator(ObjectWriteContext.empty(), out)) {
            PlainData.write(g, toMap((Record) frame));
        }
        int length = out.size() - 4;
        if (length > MAX_FRAME) {
            throw new IllegalArgumentException("frame " + frame.getClass().getSimpleName() + " is " + length
                    + " bytes, more than the limit of " + MAX_FRAME);
        }
        return ByteBuffer.wrap(out.buffer(), 0, out.size()).putInt(0, length);
    }

    /** {@code record} as a plain map of its components (nested records as maps too). */
    public static Map<String, Object> toMap(Record record) {
        Shape shape = SHAPES.get(record.getClass());
        Map<String, Object> map = new LinkedHashMap<>();
        for (RecordComponent c : shape.components) {
            Object v;
            try {
                v = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + record, e);
            }
            // only components declared as records (a MessageFrame): a record in a data field is not plain
            map.put(c.getName(), c.getType().isRecord() && v instanceof Record r ? toMap(r) : v);
        }
        return map;
    }

    /**
     * A plain map (as {@link #toMap} makes it, or as a peer sent it) as a {@code type} record, checked
     * field by field: unknown fields, missing primitives and values of the wrong type are refused, then
     * the record's constructor validates ranges and lengths.
     */
    public static <R extends Record> R fromMap(Object plain, Class<R> type) throws ProtocolException {
        String name = type.getSimpleName();
        if (!(plain instanceof Map<?, ?> map)) {
            throw new ProtocolException("malformed " + name + ": not a map");
        }
        Shape shape = SHAPES.get(type);
        Object[] args = new Object[shape.components.length];
        boolean[] seen = new boolean[args.length];
        for (Map.Entry<?, ?> e : map.entrySet()) {
            int k = shape.index((String) e.getKey());
            if (k < 0) {
                throw new ProtocolException("malformed " + name + ": unknown field '" + e.getKey() + "'");
            }
            seen[k] = true;
            args[k] = field(e.getValue(), shape.components[k].getGenericType(), name + "." + e.getKey());
        }
        for (int k = 0; k < args.length; k++) {
            if (!seen[k] && shape.components[k].getType().isPrimitive()) {
                throw new ProtocolException("malformed " + name + ": missing field '"
                        + shape.components[k].getName() + "'");
            }
        }
        try {
            return type.cast(shape.constructor.newInstance(args));
        } catch (InvocationTargetException e) {
            throw new ProtocolException("malformed " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + name, e);
        }
    }

    private static Object field(Object v, Type type, String where) throws ProtocolException {
        if (type == Object.class) {
            return v;
        }
        if (type == String.class) {
            if (v == null || v instanceof String) {
                return v;
            }
        } else if (type == long.class || type == Long.class) {
            if (v instanceof Integer || v instanceof Long) {
                return ((Number) v).longValue();
            }
        } else if (type == int.class) {
            if (v instanceof Integer) {
                return v;
            }
        } else if (type == boolean.class) {
            if (v instanceof Boolean) {
                return v;
            }
        } else if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (v == null) {
                return null;
            }
            if (v instanceof List<?> list) {
                List<Object> out = new ArrayList<>(list.size());
                for (Object o : list) {
                    out.add(field(o, p.getActualTypeArguments()[0], where + "[]"));
                }
                return out;
            }
        } else if (type instanceof Class<?> c && c.isRecord()) {
            return v == null ? null : fromMap(v, c.asSubclass(Record.class));
        } else {
            throw new IllegalStateException("no wire form for " + type + " (" + where + ")");
        }
        throw new ProtocolException("malformed frame: " + where + " must be "
                + (type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName()) + ", not "
                + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    /** A record type's components and canonical constructor, looked up once per type. */
    private static final class Shape {
        final RecordComponent[] components;
        final Constructor<?> constructor;

        Shape(Class<?> type) {
            components = type.getRecordComponents();
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                constructor = type.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor in " + type, e);
            }
        }

        int index(String name) {
            for (int k = 0; k < components.length; k++) {
                if (components[k].getName().equals(name)) {
                    return k;
                }
            }
            return -1;
        }
    }

    /** A byte array stream that hands out its buffer (no copy of every frame). */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(64);
        }

        byte[] buffer() {
            return buf;
        }
    }

    /** Writes {@code frame} whole. */
    public static void write(WritableByteChannel channel, Frame frame) throws IOException {
        ByteBuffer buf = encode(frame);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /**
     * Reads one frame.
     *
     * @param fromWorker true when the peer is a worker: only worker frames are accepted
     * @throws EOFException when the peer closed the channel before a frame began (or mid-frame)
     * @throws ProtocolException when the frame breaks the protocol
     */
    public static Frame read(ReadableByteChannel channel, boolean fromWorker) throws IOException, ProtocolException {
        ByteBuffer head = ByteBuffer.allocate(4);
        readFully(channel, head);
        int length = head.flip().getInt();
        if (length < 1 || length > MAX_FRAME) {
            throw new ProtocolException("frame length out of range: length=" + Integer.toUnsignedString(length)
                    + " (1.." + MAX_FRAME + ")");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(channel, body);
        return decode(body.array(), fromWorker);
    }

    /** Decodes one frame's tag and body (the bytes after the length). */
    public static Frame decode(byte[] bytes, boolean fromWorker) throws ProtocolException {
        int tag = bytes[0] & 0xff;
        if (tag >= TAGS.size()) {
            throw new ProtocolException("unknown frame tag: tag=" + tag);
        }
        Class<? extends Frame> type = TAGS.get(tag);
        for (int i = 0; i < CONSTANT_BYTES.length; i++) {
            if (Arrays.equals(CONSTANT_BYTES[i], bytes)) {
                Frame frame = CONSTANT.get(i);
                if (fromWorker && !frame.fromWorker()) {
                    throw new ProtocolException("a worker may not send " + type.getSimpleName() + " frames");
                }
                return frame;
            }
        }
        Object plain;
        try (JsonParser p = CBOR.createParser(ObjectReadContext.empty(), bytes, 1, bytes.length - 1)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException("malformed " + type.getSimpleName() + " frame: the body is not a map");
            }
            plain = PlainData.read(p, 0);
            if (p.nextToken() != null) {
                throw new ProtocolException("malformed " + type.getSimpleName() + " frame: bytes after the body");
            }
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ProtocolException("malformed " + type.getSimpleName() + " frame: " + e.getMessage(), e);
        }
        Frame frame = (Frame) fromMap(plain, type.asSubclass(Record.class));
        if (fromWorker && !frame.fromWorker()) {
            throw new ProtocolException("a worker may not send " + type.getSimpleName() + " frames");
        }
        return frame;
    }

    private static void readFully(ReadableByteChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw new EOFException("the peer closed the channel");
            }
        }
    }
}
