package dev.future.internal.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void shouldPlaceLatenciesInPowerOfTwoBuckets() {
        assertThat(LatencyHistogram.bucket(0)).isZero();
        assertThat(LatencyHistogram.bucket(1)).isEqualTo(1);
        assertThat(LatencyHistogram.bucket(2)).isEqualTo(2);
        assertThat(LatencyHistogram.bucket(3)).isEqualTo(2);
        assertThat(LatencyHistogram.bucket(1024)).isEqualTo(11);
        assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
    }

    @Test
    void shouldReportPercentilesAsBucketUpperBoundsCappedAtTheMax() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 98; i++) {
            histogram.record(10); // bucket [8, 16)
        }
        histogram.record(3_000); // bucket [2048, 4096)
        histogram.record(5_000); // bucket [4096, 8192)

        assertThat(histogram.percentile(0.50)).isEqualTo(15);
        assertThat(histogram.percentile(0.99)).isEqualTo(4_095);
        assertThat(histogram.percentile(1.0)).isEqualTo(5_000);
        assertThat(histogram.max()).isEqualTo(5_000);
    }

    @Test
    void shouldReportZeroWithNoCalls() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertThat(histogram.percentile(0.5)).isZero();
        assertThat(histogram.max()).isZero();
    }
}
