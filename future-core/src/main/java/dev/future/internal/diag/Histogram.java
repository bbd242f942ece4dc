package dev.future.internal.diag;

import dev.future.MetricHistogram;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free histogram with 64 power-of-two buckets: bucket {@code b} counts values whose highest
 * set bit is {@code b}. Fixed memory (a few hundred bytes) whatever the run's length; any thread
 * records, any thread snapshots (a snapshot taken during recording may be off by the values in flight).
 */
public final class Histogram {

    private final String unit;
    private final AtomicLongArray buckets = new AtomicLongArray(64);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, Long.MIN_VALUE);

    public Histogram(String unit) {
        this.unit = unit;
    }

    public void record(long value) {
        long v = Math.max(0, value);
        buckets.incrementAndGet(63 - Long.numberOfLeadingZeros(v | 1));
        count.increment();
        sum.add(v);
        max.accumulate(v);
    }

    public long count() {
        return count.sum();
    }

    public MetricHistogram snapshot() {
        long n = count.sum();
        if (n == 0) {
            return new MetricHistogram(unit, 0, 0, 0, 0, 0);
        }
        long[] b = new long[64];
        long total = 0;
        for (int i = 0; i < 64; i++) {
            b[i] = buckets.get(i);
            total += b[i];
        }
        long m = max.get();
        return new MetricHistogram(unit, n, (double) sum.sum() / n, percentile(b, total, 0.50, m),
                percentile(b, total, 0.99, m), m);
    }

    private static long percentile(long[] b, long total, double q, long max) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < 64; i++) {
            seen += b[i];
            if (seen >= rank && b[i] > 0) {
                long upper = i >= 62 ? Long.MAX_VALUE : (1L << (i + 1)) - 1;
                return Math.min(upper, max);
            }
        }
        return max;
    }
}
