package dev.future.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static byte[] wire(Frame f) {
        ByteBuffer b = FrameCodec.encode(f);
        assertThat(b.getInt(0)).isEqualTo(b.remaining() - 4);
        byte[] out = new byte[b.remaining() - 4];
        b.position(4).get(out);
        return out;
    }

    @Test
    void constantFramesRoundTripAndMatchTheMapperEncoding() throws Exception {
        for (Frame f : List.of(new Frame.Done(), new Frame.Filled(true), new Frame.Filled(false),
                new Frame.Heartbeat(), new Frame.TerminateSelf())) {
            byte[] bytes = wire(f);
            assertThat(FrameCodec.decode(bytes, true)).isEqualTo(f);
            byte[] body = FrameCodec.mapper().writeValueAsBytes(f);
            assertThat(bytes.length).isEqualTo(body.length + 1);
            assertThat(java.util.Arrays.copyOfRange(bytes, 1, bytes.length)).isEqualTo(body);
        }
    }

    @Test
    void aNonCanonicalConstantFrameStillGoesThroughTheFullDecode() throws Exception {
        byte[] filled = wire(new Frame.Filled(true));
        // the same record with an unknown field: refused by the full decode
        byte[] body = FrameCodec.mapper().writeValueAsBytes(java.util.Map.of("ok", true, "x", 1));
        byte[] bytes = new byte[body.length + 1];
        bytes[0] = filled[0];
        System.arraycopy(body, 0, bytes, 1, body.length);
        assertThatThrownBy(() -> FrameCodec.decode(bytes, true)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aWorkerMayNotSendSupervisorFrames() {
        byte[] grant = wire(new Frame.Grant(0, 1));
        assertThatThrownBy(() -> FrameCodec.decode(grant, true)).isInstanceOf(ProtocolException.class);
    }
}
