package dev.future.internal.box;

import java.util.Arrays;

/**
 * A histogram over fixed buckets: bounded memory whatever it records. Not thread-safe: the pool
 * records and snapshots under its lock.
 */
final class BucketHistogram {

    private final long[] upperBounds; // inclusive; a last, open bucket catches the rest
    private final long[] counts;
    private long count;
    private long max;
    private long sum;

    BucketHistogram(long... upperBounds) {
        this.upperBounds = upperBounds.clone();
        this.counts = new long[upperBounds.length + 1];
    }

    void record(long value) {
        int i = Arrays.binarySearch(upperBounds, value);
        counts[i >= 0 ? i : -i - 1]++;
        count++;
        sum += value;
        max = Math.max(max, value);
    }

    BoxPoolStats.Histogram snapshot() {
        return new BoxPoolStats.Histogram(upperBounds.clone(), counts.clone(), count, sum, max);
    }
}
