package dev.future.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Small measuring helpers shared by the three sides: percentiles over a plain {@code long[]} of
 * nanosecond samples (HdrHistogram is not on the class path, and a sorted array is exact), used
 * heap after the collector has settled, and the one output format a child JVM reports in.
 */
final class Samples {
    private Samples() {}

    /** The q-quantile (0 < q <= 1) of the first {@code n} samples, nearest-rank, in nanoseconds. */
    static long quantile(long[] samples, int n, double q) {
        if (n == 0) {
            throw new IllegalArgumentException("no samples: n=0");
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Used heap once full collections stop changing it (within 0.5 %, at most 8 rounds). A single
     * {@code System.gc()} can leave finalizable or soft-referenced garbage behind; repeating until
     * the figure is stable is what makes before/after differences per actor meaningful.
     */
    static long settledUsedHeap() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int round = 0; round < 8; round++) {
            System.gc();
            Thread.sleep(150);
            used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) <= used / 200) {
                break;
            }
            previous = used;
        }
        return used;
    }

    /** Report one figure from a child JVM; the parent reads the lines that start with {@code @@}. */
    static void report(String key, double value) {
        System.out.println("@@ " + key + " " + String.format(Locale.ROOT, "%.6f", value));
        System.out.flush();
    }

    /** Report that a figure does not exist on this side, and why (free text, one line). */
    static void na(String key, String why) {
        System.out.println("@@ " + key + " n/a " + why.replace('\n', ' '));
        System.out.flush();
    }

    /** Report latency samples as p50 and p99 in microseconds under {@code key.p50} and {@code key.p99}. */
    static void reportLatency(String key, long[] samples, int n) {
        report(key + ".p50", quantile(samples, n, 0.50) / 1_000.0);
        report(key + ".p99", quantile(samples, n, 0.99) / 1_000.0);
    }
}
