package dev.future.internal.resource;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * A fixed-size, lock-free latency histogram: recording is one array increment and one accumulate, no
 * allocation, and memory never grows with the number of calls.
 *
 * <pre>
 * bucket 0        : 0 us (under a microsecond)
 * bucket i (1..38): [2^(i-1), 2^i) us        bucket 1 = [1,2), 2 = [2,4), 3 = [4,8) ...
 * bucket 39       : 2^38 us (~3.2 days) and above
 * </pre>
 *
 * Written by any calling thread, read by whoever asks for stats; a snapshot taken while calls are
 * recorded may be off by the calls in flight, which is fine for diagnostics.
 */
final class LatencyHistogram {

    static final int BUCKETS = 40;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    void record(long micros) {
        long m = Math.max(0, micros);
        counts.incrementAndGet(bucket(m));
        max.accumulate(m);
    }

    static int bucket(long micros) {
        return micros <= 0 ? 0 : Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(micros));
    }

    /** The largest latency bucket {@code i} holds (its upper bound). */
    static long upperBound(int bucket) {
        return bucket == 0 ? 0 : bucket == BUCKETS - 1 ? Long.MAX_VALUE : (1L << bucket) - 1;
    }

    long max() {
        return max.get();
    }

    /** The latency at quantile {@code q} (0 < q <= 1), as its bucket's upper bound capped at the max; 0 with no calls. */
    long percentile(double q) {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max());
            }
        }
        return max();
    }
}
