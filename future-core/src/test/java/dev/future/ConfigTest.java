package dev.future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    @Nested
    class Sizes {
        @ParameterizedTest
        @CsvSource({"512,512", "64kb,65536", "64k,65536", "1mb,1048576", "1m,1048576", "2MB,2097152",
            "1.5KB,1536", "1g,1073741824", "' 2 mb ',2097152", "1KiB,1024"})
        void shouldParseBinaryUnits(String text, long bytes) {
            SupervisorConfig config = SupervisorConfig.builder().memory(2, text).build();
            assertThat(config.boxSize()).isEqualTo(bytes);
        }

        @ParameterizedTest
        @ValueSource(strings = {"12parsecs", "5TB", "", "abc", "0", "0kb", "0.5b", "-1kb", "1 k b"})
        void shouldRejectBadSizesNamingTheFieldAndValue(String text) {
            assertThatThrownBy(() -> SupervisorConfig.builder().memory(2, text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("boxSize")
                    .hasMessageContaining("\"" + text + "\"");
        }

        @Test
        void shouldRefuseBoxesAboveOneGibibyte() {
            assertThatThrownBy(() -> SupervisorConfig.builder().memory(1, "2gb"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boxSize");
        }

        @Test
        void shouldRefuseAPoolLargerThanTheMachine() {
            assertThatThrownBy(() -> SupervisorConfig.builder().memory(1_000_000, "1gb").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poolSize");
        }

        @Test
        void shouldParseMaxHeap() {
            assertThat(SpawnOptions.builder().maxHeap("64m").build().maxHeap()).isEqualTo(64L << 20);
            assertThatThrownBy(() -> SpawnOptions.builder().maxHeap("12parsecs"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHeap");
        }
    }

    @Nested
    class Validation {
        @Test
        void shouldRefuseMaxActorsBelowOne() {
            assertThatThrownBy(() -> SupervisorConfig.builder().maxActors(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxActors=0");
        }

        @Test
        void shouldRefuseNonPositivePools() {
            assertThatThrownBy(() -> SupervisorConfig.builder().memory(-1, "1kb"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poolSize=-1");
        }

        @Test
        void shouldRefuseNegativeOrZeroDurationsWhereTheyMeanNothing() {
            assertThatThrownBy(() -> SupervisorConfig.builder().defaultLease(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultLease");
            assertThatThrownBy(() -> SupervisorConfig.builder().hangTimeout(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hangTimeout");
            assertThatThrownBy(() -> SupervisorConfig.builder().writeTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writeTimeout");
            assertThatThrownBy(() -> SupervisorConfig.builder().killGrace(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("killGrace");
        }

        @Test
        void shouldAcceptZeroWhereZeroMeansSomething() {
            SupervisorConfig c = SupervisorConfig.builder().hangTimeout(Duration.ZERO).killGrace(Duration.ZERO).build();
            assertThat(c.hangTimeout()).isZero();
            assertThat(c.killGrace()).isZero();
        }

        @Test
        void shouldKeepSampleRateWithinZeroAndOne() {
            assertThatThrownBy(() -> DiagnosticsConfig.builder().sampleRate(1.5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sampleRate=1.5");
            assertThatThrownBy(() -> DiagnosticsConfig.builder().sampleRate(Double.NaN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sampleRate");
            assertThat(DiagnosticsConfig.builder().sampleRate(0).build().sampleRate()).isZero();
        }

        @Test
        void shouldRefuseNullsNamingTheParameter() {
            assertThatThrownBy(() -> SupervisorConfig.builder().strategy(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("strategy");
            assertThatThrownBy(() -> SpawnOptions.builder().name(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        }

        @Test
        void shouldRefuseNegativeRetryValues() {
            assertThatThrownBy(() -> Retry.fixed(-1, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max=-1");
            assertThatThrownBy(() -> Retry.linear(1, Duration.ofMillis(-5)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        }

        @Test
        void shouldRefuseABadMailboxCapacity() {
            assertThatThrownBy(() -> SpawnOptions.builder().mailbox(0, Overflow.FAIL))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
        }

        @Test
        void shouldHaveTheDocumentedDefaults() {
            SupervisorConfig c = SupervisorConfig.builder().build();
            assertThat(c.defaultLease()).isEqualTo(Duration.ofSeconds(5));
            assertThat(c.hangTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(c.killGrace()).isEqualTo(Duration.ofMillis(100));
            assertThat(c.strategy()).isEqualTo(Strategy.ONE_FOR_ONE);
            assertThat(c.retry()).isEqualTo(Retry.unlimited());
            assertThat(c.processPool()).isEqualTo(1);
            assertThat(c.leaseFor(null)).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Nested
    class Backoff {
        @Test
        void shouldGrowAsDocumented() {
            assertThat(Retry.exponential(5).delayBefore(1)).isEqualTo(Duration.ofMillis(100));
            assertThat(Retry.exponential(5).delayBefore(4)).isEqualTo(Duration.ofMillis(800));
            assertThat(Retry.linear(5, Duration.ofMillis(25)).delayBefore(3)).isEqualTo(Duration.ofMillis(75));
            assertThat(Retry.fixed(5, Duration.ofMillis(40)).delayBefore(9)).isEqualTo(Duration.ofMillis(40));
            assertThat(Retry.unlimited().delayBefore(30)).isEqualTo(Duration.ofSeconds(10));
            assertThat(Retry.exponential(50).maxDelay(Duration.ofMillis(300)).delayBefore(10))
                    .isEqualTo(Duration.ofMillis(300));
        }

        @Test
        void shouldBeRefinedByCopies() {
            Retry r = Retry.fixed(3, Duration.ofMillis(10));
            Retry tuned = r.within(Duration.ofSeconds(5));
            assertThat(r.window()).isEqualTo(Duration.ofSeconds(60));
            assertThat(tuned.window()).isEqualTo(Duration.ofSeconds(5));
            assertThat(Retry.none().restarts()).isFalse();
        }
    }
}
