package dev.future.bench.jmh;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
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

/** {@link TellThroughput} on Apache Pekko typed, for comparing allocation per message under {@code -prof gc}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PekkoTellThroughput {
    record Start(CountDownLatch done) {}

    private static final Object MESSAGE = new Object();

    static final class Sender extends AbstractBehavior<Object> {
        private final ActorRef<Object> echo;
        private CountDownLatch done;
        private int left;
        private int batch;

        Sender(ActorContext<Object> ctx) {
            super(ctx);
            ActorRef<Object> self = ctx.getSelf();
            echo = ctx.spawn(Behaviors.receiveMessage(m -> {
                self.tell(m);
                return Behaviors.same();
            }), "echo");
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Start.class, s -> {
                        done = s.done();
                        left = EchoPairs.ROUND_TRIPS_PER_PAIR;
                        sendBatch();
                        return this;
                    })
                    .onAnyMessage(m -> {
                        if (--batch <= 0 && !sendBatch()) {
                            done.countDown();
                        }
                        return this;
                    })
                    .build();
        }

        private boolean sendBatch() {
            if (left <= 0) {
                return false;
            }
            for (int i = 0; i < EchoPairs.BATCH; i++) {
                echo.tell(MESSAGE);
            }
            left -= EchoPairs.BATCH;
            batch = EchoPairs.BATCH;
            return true;
        }
    }

    private ActorSystem<Void> system;
    private ActorRef<Object>[] senders;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        senders = new ActorRef[TellThroughput.PAIRS];
        CountDownLatch spawned = new CountDownLatch(1);
        Behavior<Void> guardian = Behaviors.setup(ctx -> {
            for (int i = 0; i < senders.length; i++) {
                senders[i] = ctx.spawnAnonymous(Behaviors.<Object>setup(Sender::new));
            }
            spawned.countDown();
            return Behaviors.empty();
        });
        system = ActorSystem.create(guardian, "jmh", ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.actor.default-dispatcher {
                  executor = "fork-join-executor"
                  fork-join-executor { parallelism-min = %d, parallelism-factor = 1.0, parallelism-max = %d }
                  throughput = 50
                }
                """.formatted(cores, cores)).withFallback(ConfigFactory.load()));
        spawned.await(30, TimeUnit.SECONDS);
    }

    @TearDown
    public void tearDown() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Benchmark
    @OperationsPerInvocation(TellThroughput.MESSAGES)
    public void tell() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(TellThroughput.PAIRS);
        Start start = new Start(done);
        for (ActorRef<Object> s : senders) {
            s.tell(start);
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a round did not finish within 60 s: pairs left=" + done.getCount());
        }
    }
}
