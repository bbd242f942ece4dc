package dev.future;

/**
 * A summary of a tracked metric: a fixed-size histogram underneath, so its memory never grows with
 * the run's length. Percentiles are bucket upper bounds (within a factor of two of the truth for
 * the power-of-two buckets used).
 *
 * @param unit what the values measure: {@code "us"}, {@code "ms"}, {@code "messages"}, {@code "refs"}, {@code "%"}
 * @param count how many values were recorded (after sampling)
 * @param mean their mean
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param max the largest value recorded
 */
public record MetricHistogram(String unit, long count, double mean, long p50, long p99, long max) {}
