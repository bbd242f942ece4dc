package dev.future.internal.box;

import dev.future.FmtType;
import dev.future.Reader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A {@link Reader} over one READY box, holding one reference ({@link BoxPool.Ref}) until closed.
 *
 * <p>Any thread may use a reader. Every accessor first checks that the reader is open and its
 * reference still held; the copying accessors ({@link #binary()} and the decoders) check again after
 * copying, behind an acquire fence, so a copy torn by a lease expiry (the box freed and rewritten
 * mid-copy) is never returned: it throws {@link IllegalStateException} instead. The zero-copy
 * {@link #segment()} and {@link #buffer()} are read-only views of the shared box, valid while the
 * reference is held; once it is gone (closed, released, lease expired, holder ended) they may show
 * another write's bytes, and after the pool closes any access through them throws.
 */
public final class BoxReader implements Reader {

    private final BoxPool pool;
    private final BoxPool.Ref ref;
    private final MemorySegment view; // read-only, exactly the committed length
    private final FmtType type;
    private final ReaderCodecs codecs;
    private final AtomicBoolean closed = new AtomicBoolean(); // set once by close(), from any thread

    BoxReader(BoxPool pool, BoxPool.Ref ref, MemorySegment view, FmtType type, ReaderCodecs codecs) {
        this.pool = pool;
        this.ref = ref;
        this.view = view;
        this.type = type;
        this.codecs = codecs;
    }

    /** The format the writer committed. */
    public FmtType type() {
        return type;
    }

    @Override
    public long size() {
        checkOpen();
        return view.byteSize();
    }

    @Override
    public MemorySegment segment() {
        checkOpen();
        return view;
    }

    @Override
    public ByteBuffer buffer() {
        checkOpen();
        return view.asByteBuffer(); // read-only, because the segment is
    }

    @Override
    public byte[] binary() {
        checkOpen();
        byte[] copy = view.toArray(ValueLayout.JAVA_BYTE);
        VarHandle.acquireFence(); // the copy's loads happen before the check below
        checkOpen();
        return copy;
    }

    @Override
    public String string() {
        return new String(binary(), StandardCharsets.UTF_8);
    }

    @Override
    public Object json() {
        return type == FmtType.CBOR ? decode("CBOR", codecs::cbor) : decode("JSON", codecs::json);
    }

    @Override
    public <T> T json(Class<T> target) {
        Objects.requireNonNull(target, "type");
        return type == FmtType.CBOR
                ? decode("CBOR into " + target.getName(), b -> codecs.cbor(b, target))
                : decode("JSON into " + target.getName(), b -> codecs.json(b, target));
    }

    @Override
    public <T> T cbor(Class<T> target) {
        Objects.requireNonNull(target, "type");
        return decode("CBOR into " + target.getName(), b -> codecs.cbor(b, target));
    }

    @Override
    public <T> T decode(String codecName, Class<T> target) {
        Objects.requireNonNull(codecName, "codecName");
        Objects.requireNonNull(target, "type");
        return decode("codec \"" + codecName + "\" into " + target.getName(),
                b -> codecs.custom(codecName, b, target));
    }

    private <T> T decode(String what, Function<byte[], T> decoder) {
        byte[] bytes = binary();
        try {
            return decoder.apply(bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot decode box " + ref.box + " (epoch " + ref.epoch + ", "
                    + bytes.length + " bytes) as " + what + ": " + e.getMessage(), e);
        }
    }

    /** Gives the reference back, once; does nothing when its holder ended or its lease expired first. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.giveBack(ref);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("reader of box " + ref.box + " (epoch " + ref.epoch + ") is closed");
        }
        String gone = ref.gone;
        if (gone != null) {
            throw new IllegalStateException("reader of box " + ref.box + " (epoch " + ref.epoch
                    + ") lost its reference: " + gone);
        }
    }

    @Override
    public String toString() {
        return "BoxReader[box=" + ref.box + ", epoch=" + ref.epoch + ", holder=" + ref.holder + ", "
                + view.byteSize() + " bytes, " + type + (closed.get() ? ", closed" : "") + "]";
    }
}
