package dev.future.internal.process;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.dataformat.cbor.CBORFactory;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * The wire format of the worker protocol over its Unix domain socket: length-prefixed frames, each
 * one {@link Frame} record encoded with Jackson CBOR. No Java serialization anywhere.
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
 * exactly that record (unknown fields, trailing bytes, nulls for primitives refused; nesting at most
 * {@value #MAX_DEPTH} deep; strings no longer than the frame), and the record's constructor validates
 * ranges and lengths. Anything else is a {@link ProtocolException}. Tier-2 payloads never travel
 * here, so 16 MiB is far more than any honest frame needs.
 *
 * <p>Thread-safe: the mapper is immutable; callers serialize their own reads and writes per channel.
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

    private static final CBORMapper MAPPER = CBORMapper.builder(CBORFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_FRAME)
                            .maxDocumentLength(MAX_FRAME)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /**
     * Frames without variable fields, with their canonical wire bytes (tag + body): written without
     * the mapper, and read without it when a peer sends exactly these bytes (anything else still goes
     * through the full decode). They are on the hot paths: every handler's end, and the fill of a
     * tier-2 write, where a C1-compiled Jackson round trip cost ~0.1 ms in the worker.
     */
    private static final List<Frame> CONSTANT = List.of(new Frame.Done(), new Frame.Filled(true),
            new Frame.Filled(false), new Frame.Heartbeat(), new Frame.TerminateSelf());
    private static final byte[][] CONSTANT_BYTES = CONSTANT.stream().map(FrameCodec::encodeSlow).map(b -> {
        byte[] out = new byte[b.remaining() - 4];
        b.position(4).get(out);
        return out;
    }).toArray(byte[][]::new);

    private FrameCodec() {}

    /** The mapper used for frame bodies (also to turn tier-1 data into trees and back). */
    public static CBORMapper mapper() {
        return MAPPER;
    }

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

    private static ByteBuffer encodeSlow(Frame frame) {
        int tag = TAGS.indexOf(frame.getClass());
        if (tag < 0) {
            throw new IllegalArgumentException("not a protocol frame: " + frame.getClass().getName());
        }
        byte[] body = MAPPER.writeValueAsBytes(frame);
        if (body.length + 1 > MAX_FRAME) {
            throw new IllegalArgumentException("frame " + frame.getClass().getSimpleName() + " is " + (body.length + 1)
                    + " bytes, more than the limit of " + MAX_FRAME);
        }
        ByteBuffer buf = ByteBuffer.allocate(5 + body.length);
        buf.putInt(body.length + 1).put((byte) tag).put(body).flip();
        return buf;
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
            if (java.util.Arrays.equals(CONSTANT_BYTES[i], bytes)) {
                Frame frame = CONSTANT.get(i);
                if (fromWorker && !frame.fromWorker()) {
                    throw new ProtocolException("a worker may not send " + type.getSimpleName() + " frames");
                }
                return frame;
            }
        }
        Frame frame;
        try {
            frame = MAPPER.readValue(bytes, 1, bytes.length - 1, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ProtocolException("malformed " + type.getSimpleName() + " frame: " + e.getMessage(), e);
        }
        if (frame == null) {
            throw new ProtocolException("empty " + type.getSimpleName() + " frame");
        }
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
