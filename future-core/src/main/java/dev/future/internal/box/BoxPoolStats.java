package dev.future.internal.box;

import dev.future.FmtType;
import dev.future.SupervisorDiagnostics;
import java.util.Arrays;
import java.util.List;

/**
 * A consistent snapshot of a {@link BoxPool}, taken under its lock.
 *
 * @param poolSize boxes in the pool
 * @param boxSize bytes per box
 * @param free boxes FREE
 * @param writing boxes WRITING (including {@code reclaiming})
 * @param ready boxes READY
 * @param boxesInUse boxes not FREE
 * @param utilization boxesInUse / poolSize
 * @param writeQueueDepth writes waiting for a free box now
 * @param reclaiming WRITING boxes whose writer ended while inside its fill; FREE once the fill returns
 * @param granted authorized reads and deliveries
 * @param denied refused reads and releases (stale, forged or unauthorized handles)
 * @param leaseExpiries READY boxes force-freed and writers reported, because a lease ran out
 * @param writeQueueWaitMs how long each granted or failed acquire waited, in milliseconds
 * @param writeQueueDepthSeen the queue depth each acquire found on arrival
 * @param boxes one entry per box, for debugging
 */
public record BoxPoolStats(
        int poolSize,
        long boxSize,
        int free,
        int writing,
        int ready,
        int boxesInUse,
        double utilization,
        int writeQueueDepth,
        int reclaiming,
        long granted,
        long denied,
        long leaseExpiries,
        Histogram writeQueueWaitMs,
        Histogram writeQueueDepthSeen,
        List<BoxSnapshot> boxes) {

    public BoxPoolStats {
        boxes = List.copyOf(boxes);
    }

    /** The public diagnostics block. */
    public SupervisorDiagnostics.MemoryPool toMemoryPool() {
        return new SupervisorDiagnostics.MemoryPool(poolSize, boxesInUse, utilization, boxSize, free, writing, ready,
                writeQueueDepth, granted, leaseExpiries);
    }

    /**
     * One box.
     *
     * @param box its index
     * @param state its state
     * @param epoch the epoch a handle to it must name (READY) or will name (WRITING)
     * @param length the committed length (READY), or the granted size (WRITING), else 0
     * @param refs references held (READY), else 0
     * @param writer the writer's key (WRITING, READY), else 0
     * @param msg the committed message name (READY), else null
     * @param type the committed format (READY), else null
     */
    public record BoxSnapshot(int box, BoxState state, long epoch, long length, int refs, long writer, String msg,
            FmtType type) {}

    /**
     * A fixed-bucket histogram.
     *
     * @param upperBounds inclusive upper bound of each bucket but the last, which is open
     * @param counts one count per bucket ({@code upperBounds.length + 1} of them)
     * @param count values recorded
     * @param sum their sum
     * @param max the largest
     */
    public record Histogram(long[] upperBounds, long[] counts, long count, long sum, long max) {
        public Histogram {
            upperBounds = upperBounds.clone();
            counts = counts.clone();
        }

        @Override
        public long[] upperBounds() {
            return upperBounds.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Histogram h && Arrays.equals(upperBounds, h.upperBounds)
                    && Arrays.equals(counts, h.counts) && count == h.count && sum == h.sum && max == h.max;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(counts) + Long.hashCode(count);
        }

        @Override
        public String toString() {
            return "Histogram[bounds=" + Arrays.toString(upperBounds) + ", counts=" + Arrays.toString(counts)
                    + ", count=" + count + ", max=" + max + "]";
        }
    }
}
