package dev.future.bench.jmh;

import dev.future.SupervisorConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tell throughput in the shape of Pekko's {@code TypedActorBenchmark}: {@value #PAIRS} sender/echo
 * pairs, {@value EchoPairs#BATCH} messages in flight per pair; one operation is one message (either direction).
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is then the bytes allocated per message.
 * {@link PekkoTellThroughput} is the same on Pekko.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TellThroughput {
    static final int PAIRS = 256;
    static final int MESSAGES = PAIRS * EchoPairs.ROUND_TRIPS_PER_PAIR * 2;

    private EchoPairs pairs;

    @Setup
    public void setUp() {
        pairs = new EchoPairs(PAIRS, SupervisorConfig.builder());
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
