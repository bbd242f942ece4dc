package dev.future.bench.jmh;

import dev.future.Actor;
import dev.future.ActorContext;
import dev.future.ActorRef;
import dev.future.ActorSelf;
import dev.future.Message;
import dev.future.Supervisor;
import dev.future.SupervisorConfig;
import java.util.concurrent.CountDownLatch;
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
 * Round trip between two actors: one operation is one ping and its pong, averaged over
 * {@value #ROUND_TRIPS} consecutive round trips per invocation. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the bytes allocated per round trip (two messages).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PingPong {
    static final int ROUND_TRIPS = 10_000;
    private static final Message PING = Message.of("ping");
    private static final Message PONG = Message.of("pong");
    private static final Message START = Message.of("start");

    static final class Pinger implements Actor {
        volatile ActorRef peer;
        volatile CountDownLatch done;
        private int left;

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            if ("start".equals(msg.msg())) {
                left = ROUND_TRIPS;
            } else if (--left == 0) {
                done.countDown();
                return;
            }
            peer.receive(PING);
        }
    }

    private Supervisor supervisor;
    private Pinger pinger;
    private ActorRef pingerRef;

    @Setup
    public void setUp() {
        supervisor = Supervisor.create(SupervisorConfig.builder().maxActors(100).build());
        pinger = new Pinger();
        ActorRef ref = supervisor.spawn(pinger);
        pinger.peer = supervisor.spawn((self, msg, ctx) -> ref.receive(PONG));
        pingerRef = ref;
    }

    @TearDown
    public void tearDown() {
        supervisor.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void roundTrip() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        pinger.done = done;
        pingerRef.receive(START);
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ping-pong did not finish within 60 s");
        }
    }
}
