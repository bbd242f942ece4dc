package dev.future.internal.resource;

/**
 * One resource's call statistics, a snapshot. Percentiles come from a histogram with power-of-two
 * buckets in microseconds, so they are upper bounds within a factor of two (and never above the max).
 *
 * @param resource the resource's interface, fully qualified
 * @param calls calls made through its proxies, failed ones included
 * @param failures calls that ended in a {@link dev.future.ResourceException}
 * @param p50Micros the median latency
 * @param p99Micros the 99th percentile latency
 * @param maxMicros the longest call
 */
public record ResourceStats(String resource, long calls, long failures, long p50Micros, long p99Micros,
        long maxMicros) {}
