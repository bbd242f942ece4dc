package dev.future.bench.jmh;

import dev.future.Actor;
import dev.future.ActorRef;
import dev.future.Supervisor;
import dev.future.SupervisorConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spawning an idle THREAD actor. A fresh supervisor per iteration (they accumulate otherwise);
 * with {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per spawn, an upper
 * bound of the heap an idle actor keeps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class Spawn {
    private static final Actor IDLE = (self, msg, ctx) -> { };
    private Supervisor supervisor;

    @Setup(Level.Iteration)
    public void setUp() {
        supervisor = Supervisor.create(SupervisorConfig.builder().maxActors(20_000_000).build());
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        supervisor.close();
    }

    @Benchmark
    public ActorRef spawn() {
        return supervisor.spawn(IDLE);
    }
}
