package dev.future.internal.process.worker;

import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Reader;
import dev.future.internal.codec.Codecs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tier-2 reader in a worker JVM: a read-only view of the box in the shared pool at the offset the
 * supervisor granted; closing it gives the reference back through the supervisor. Named codecs live
 * in the supervisor's JVM only.
 */
final class WorkerReader implements Reader {

    private final MemorySegment view;
    private final FmtType type;
    private final Handle handle;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean(); // set once by close(), any thread

    WorkerReader(MemorySegment view, FmtType type, Handle handle, Runnable onClose) {
        this.view = view;
        this.type = type;
        this.handle = handle;
        this.onClose = onClose;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("reader of box " + handle.box() + " (epoch " + handle.epoch()
                    + ") is closed");
        }
    }

    private byte[] bytes() {
        checkOpen();
        return view.toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public <T> T json(Class<T> target) {
        return Codecs.jsonCodec().decode(bytes(), target);
    }

    @Override
    public Object json() {
        return Codecs.jsonCodec().decode(bytes());
    }

    @Override
    public String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] binary() {
        return bytes();
    }

    @Override
    public <T> T cbor(Class<T> target) {
        return Codecs.cborCodec().decode(bytes(), target);
    }

    @Override
    public <T> T decode(String codecName, Class<T> target) {
        throw new IllegalArgumentException("named codecs (" + codecName + ") are registered in the supervisor's JVM "
                + "and are not available in a PROCESS actor; read binary() and decode it yourself");
    }

    @Override
    public MemorySegment segment() {
        checkOpen();
        return view;
    }

    @Override
    public ByteBuffer buffer() {
        checkOpen();
        return view.asByteBuffer().asReadOnlyBuffer();
    }

    @Override
    public long size() {
        checkOpen();
        return view.byteSize();
    }

    FmtType type() {
        return type;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
