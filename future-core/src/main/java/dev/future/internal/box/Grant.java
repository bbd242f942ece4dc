package dev.future.internal.box;

import dev.future.Handle;
import java.lang.foreign.MemorySegment;

/**
 * A box granted to one writer: fill {@link #segment()} (exactly the requested size, writable), then
 * give it to {@link BoxPool#commit} or {@link BoxPool#abort}, exactly once, from a {@code finally}:
 * until one of them is called the pool assumes a thread may still be writing into the box, so a box
 * whose writer ended meanwhile is kept out of circulation ({@code reclaiming}) rather than handed to
 * the next writer.
 *
 * <p>Immutable; the segment belongs to the writer alone until the commit. Writing through it after
 * the commit is a bug the pool cannot stop (the bytes are shared memory); the runtime only ever hands
 * it to the fill callback.
 */
public final class Grant {

    private final int box;
    private final long epoch;
    private final long writer;
    private final long size;
    private final long leaseNanos;
    private final MemorySegment segment;

    Grant(int box, long epoch, long writer, long size, long leaseNanos, MemorySegment segment) {
        this.box = box;
        this.epoch = epoch;
        this.writer = writer;
        this.size = size;
        this.leaseNanos = leaseNanos;
        this.segment = segment;
    }

    public int box() {
        return box;
    }

    public long epoch() {
        return epoch;
    }

    /** The writer's holder key. */
    public long writer() {
        return writer;
    }

    /** Bytes granted: the exact length the commit stores. */
    public long size() {
        return size;
    }

    /** The handle the commit will return. */
    public Handle handle() {
        return new Handle(box, epoch);
    }

    /** The box's first {@link #size()} bytes, writable. */
    public MemorySegment segment() {
        return segment;
    }

    long leaseNanos() {
        return leaseNanos;
    }

    @Override
    public String toString() {
        return "Grant[box=" + box + ", epoch=" + epoch + ", writer=" + writer + ", size=" + size + "]";
    }
}
