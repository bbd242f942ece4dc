package dev.future.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.cbor.CBORMapper;

class FrameCodecTest {

    private static final CBORMapper RAW = new CBORMapper();

    private static byte[] wire(Frame f) {
        ByteBuffer b = FrameCodec.encode(f);
        assertThat(b.getInt(0)).isEqualTo(b.remaining() - 4);
        byte[] out = new byte[b.remaining() - 4];
        b.position(4).get(out);
        return out;
    }

    /** A frame with tag {@code tag} and {@code body} written by a data mapper (as a hostile peer might). */
    private static byte[] forged(Frame like, Object body) {
        byte[] b = RAW.writeValueAsBytes(body);
        byte[] bytes = new byte[b.length + 1];
        bytes[0] = wire(like)[0];
        System.arraycopy(b, 0, bytes, 1, b.length);
        return bytes;
    }

    @Test
    void constantFramesRoundTripAndMatchTheGeneralEncoding() throws Exception {
        for (Frame f : List.of(new Frame.Done(), new Frame.Filled(true), new Frame.Filled(false),
                new Frame.Heartbeat(), new Frame.TerminateSelf())) {
            byte[] bytes = wire(f);
            assertThat(FrameCodec.decode(bytes, true)).isEqualTo(f);
            ByteBuffer slow = FrameCodec.encodeSlow(f);
            byte[] general = Arrays.copyOfRange(slow.array(), 4, slow.limit());
            assertThat(bytes).isEqualTo(general);
        }
    }

    @Test
    void everyFrameRoundTripsWithPlainData() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "héllo");
        data.put("int", 7);
        data.put("long", 1L << 40);
        data.put("big", BigInteger.ONE.shiftLeft(80));
        data.put("double", 2.5);
        data.put("decimal", new BigDecimal("1.25"));
        data.put("flag", true);
        data.put("none", null);
        data.put("list", List.of(1, "two", List.of(3.5)));
        data.put("nested", Map.of("k", "v"));
        Frame.MessageFrame mf = new Frame.MessageFrame("m", null, data, -1, 0, 9);
        List<Frame> frames = List.of(new Frame.Start("a.B", "n", "/p", 4, 1024, "JSON"), new Frame.Deliver(mf, 3),
                Frame.Reply.ok(data), Frame.Reply.error("resource", "bad", List.of("x: must not be null")),
                new Frame.Grant(64, 128), new Frame.Hello(42), new Frame.Crashed("x.Y", null),
                new Frame.Send("m", data), new Frame.Tell(5, "m", List.of()), new Frame.RefOp(2, "monitor", 0),
                new Frame.Write("w", "BINARY", "ACTORS", List.of(2L, 3L), 16), new Frame.Read(mf),
                new Frame.Release(1, 2, true), new Frame.Resource("a.Api", "call", List.of("int", "java.lang.String"),
                        Arrays.asList(1, null)),
                new Frame.Spawn("a.B", null, "PROCESS", 1 << 26, -1, true, "TRANSIENT"), new Frame.Receive("k", 10));
        for (Frame f : frames) {
            Frame back = FrameCodec.decode(wire(f), f.fromWorker());
            assertThat(back).as(f.toString()).isEqualTo(f);
        }
    }

    @Test
    void bytesCrossAsBytes() throws Exception {
        byte[] payload = {1, 2, 3, (byte) 0xff};
        Frame.Send back = (Frame.Send) FrameCodec.decode(wire(new Frame.Send("m", Map.of("b", payload))), true);
        assertThat((byte[]) ((Map<?, ?>) back.data()).get("b")).isEqualTo(payload);
    }

    @Test
    void valuesThatAreNotPlainAreConvertedFirstAndRefusedOtherwise() {
        record Point(int x, int y) {}
        assertThat(PlainData.of(new Point(1, 2))).isEqualTo(Map.of("x", 1, "y", 2));
        assertThat(PlainData.of(Map.of("k", List.of(1)))).isEqualTo(Map.of("k", List.of(1)));
        assertThatThrownBy(() -> FrameCodec.encode(new Frame.Send("m", new Point(1, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not plain data");
    }

    @Test
    void aNonCanonicalConstantFrameStillGoesThroughTheFullDecode() {
        // the same record with an unknown field: refused by the full decode
        byte[] bytes = forged(new Frame.Filled(true), Map.of("ok", true, "x", 1));
        assertThatThrownBy(() -> FrameCodec.decode(bytes, true)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown field 'x'");
    }

    @Test
    void malformedBodiesAreProtocolErrors() {
        Frame.Hello hello = new Frame.Hello(1);
        assertThatThrownBy(() -> FrameCodec.decode(forged(hello, Map.of()), true))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("missing field 'pid'");
        assertThatThrownBy(() -> FrameCodec.decode(forged(hello, Map.of("pid", "1")), true))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("Hello.pid must be long");
        assertThatThrownBy(() -> FrameCodec.decode(forged(hello, Map.of("pid", -3)), true))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("pid must be positive");
        assertThatThrownBy(() -> FrameCodec.decode(forged(hello, List.of(1)), true))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not a map");
        assertThatThrownBy(() -> FrameCodec.decode(forged(hello, new BigInteger("99999999999999999999999")), true))
                .isInstanceOf(ProtocolException.class);
        Frame.Write write = new Frame.Write("w", "BINARY", "ACTORS", List.of(2L), 16);
        Map<String, Object> body = new LinkedHashMap<>(FrameCodec.toMap(write));
        body.put("shareIds", List.of("two"));
        assertThatThrownBy(() -> FrameCodec.decode(forged(write, body), true))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("shareIds[] must be Long");
        // trailing bytes after the body
        byte[] ok = wire(hello);
        byte[] trailing = Arrays.copyOf(ok, ok.length + 1);
        assertThatThrownBy(() -> FrameCodec.decode(trailing, true)).isInstanceOf(ProtocolException.class);
        // truncated
        assertThatThrownBy(() -> FrameCodec.decode(Arrays.copyOf(ok, ok.length - 1), true))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void duplicateFieldsAndDeepNestingAreRefused() {
        // {"pid": 1, "pid": 2}: a definite-length CBOR map of two pairs with the same key
        byte[] dup = {4, (byte) 0xa2, 0x63, 'p', 'i', 'd', 0x01, 0x63, 'p', 'i', 'd', 0x02};
        assertThatThrownBy(() -> FrameCodec.decode(dup, true)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("pid");
        Object deep = List.of();
        for (int i = 0; i < 100; i++) {
            deep = List.of(deep);
        }
        byte[] bytes = forged(new Frame.Send("m", null), Map.of("msg", "m", "data", deep));
        assertThatThrownBy(() -> FrameCodec.decode(bytes, true)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aWorkerMayNotSendSupervisorFrames() {
        byte[] grant = wire(new Frame.Grant(0, 1));
        assertThatThrownBy(() -> FrameCodec.decode(grant, true)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void recordsConvertToMapsAndBack() throws Exception {
        Frame.MessageFrame mf = new Frame.MessageFrame("m", "BINARY", null, 3, 4, 5);
        Map<String, Object> map = FrameCodec.toMap(mf);
        assertThat(map).containsEntry("box", 3).containsEntry("epoch", 4L);
        assertThat(FrameCodec.fromMap(map, Frame.MessageFrame.class)).isEqualTo(mf);
        List<Object> list = new ArrayList<>();
        list.add(null);
        assertThat(FrameCodec.fromMap(Map.of("api", "a", "method", "m", "parameterTypes", List.of("int"), "args", list),
                Frame.Resource.class).args()).containsExactly((Object) null);
    }
}
