package dev.future.bench.jmh;

import dev.future.DiagnosticsConfig;
import dev.future.SupervisorConfig;
import dev.future.Track;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What diagnostics cost on the message path: the {@link TellThroughput} shape (sender/echo pairs,
 * {@value EchoPairs#BATCH} messages in flight per pair; one operation is one message, either direction) with
 * diagnostics {@code disabled} (the default) and {@code all} (enabled, sample rate 1, every
 * {@link Track}). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per
 * message. Disabled, it should be the runtime's inherent cost alone: the mailbox node (24 B) and the
 * copy of the message that stamps {@code from} (32 B), plus a share of the occasional activation (a
 * hand-off to a pooled drainer thread when a drained actor gets a message again) and batch yield.
 *
 * <pre>
 * java -jar future-bench/target/benchmarks.jar DiagnosticsOverhead -prof gc -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DiagnosticsOverhead {
    static final int PAIRS = 64;
    static final int MESSAGES = PAIRS * EchoPairs.ROUND_TRIPS_PER_PAIR * 2;

    /** {@code disabled}: the default configuration; {@code all}: enabled, every track, every event. */
    @Param({"disabled", "all"})
    public String diagnostics;

    private EchoPairs pairs;

    @Setup
    public void setUp() {
        DiagnosticsConfig config = switch (diagnostics) {
            case "disabled" -> DiagnosticsConfig.DISABLED;
            case "all" -> DiagnosticsConfig.builder().enabled(true).sampleRate(1.0).track(Track.values()).build();
            default -> throw new IllegalArgumentException("diagnostics must be disabled or all: diagnostics=" + diagnostics);
        };
        pairs = new EchoPairs(PAIRS, SupervisorConfig.builder().diagnostics(config));
    }

    @TearDown
    public void tearDown() {
        pairs.close();
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void tell() throws InterruptedException {
        pairs.round();
    }
}
