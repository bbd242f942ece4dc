package dev.future.bench.jmh;

import dev.future.Actor;
import dev.future.ActorContext;
import dev.future.ActorRef;
import dev.future.ActorSelf;
import dev.future.DiagnosticsConfig;
import dev.future.Message;
import dev.future.Supervisor;
import dev.future.SupervisorConfig;
import dev.future.Track;
import java.util.concurrent.CountDownLatch;
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
 * {@value #BATCH} messages in flight per pair; one operation is one message, either direction) with
 * diagnostics {@code disabled} (the default) and {@code all} (enabled, sample rate 1, every
 * {@link Track}). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per
 * message. Disabled, it should be the runtime's inherent cost alone: the mailbox node (24 B) and the
 * copy of the message that stamps {@code from} (32 B), plus a share of the occasional activation (a
 * new virtual thread when a drained actor gets a message again) and batch yield.
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
    static final int BATCH = 50;
    static final int ROUND_TRIPS_PER_PAIR = 1_000;
    static final int MESSAGES = PAIRS * ROUND_TRIPS_PER_PAIR * 2;

    private static final Message START = Message.of("start");
    private static final Message PING = Message.of("ping");
    private static final Message PONG = Message.of("pong");

    /** {@code disabled}: the default configuration; {@code all}: enabled, every track, every event. */
    @Param({"disabled", "all"})
    public String diagnostics;

    static final class Sender implements Actor {
        volatile ActorRef echo;
        volatile CountDownLatch done;
        private int left;
        private int batch;

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            if ("start".equals(msg.msg())) {
                left = ROUND_TRIPS_PER_PAIR;
                sendBatch();
            } else if (--batch <= 0 && !sendBatch()) {
                done.countDown();
            }
        }

        private boolean sendBatch() {
            if (left <= 0) {
                return false;
            }
            ActorRef to = echo;
            for (int i = 0; i < BATCH; i++) {
                to.receive(PING);
            }
            left -= BATCH;
            batch = BATCH;
            return true;
        }
    }

    private Supervisor supervisor;
    private Sender[] senders;
    private ActorRef[] senderRefs;

    @Setup
    public void setUp() {
        DiagnosticsConfig config = switch (diagnostics) {
            case "disabled" -> DiagnosticsConfig.DISABLED;
            case "all" -> DiagnosticsConfig.builder().enabled(true).sampleRate(1.0).track(Track.values()).build();
            default -> throw new IllegalArgumentException("diagnostics must be disabled or all: diagnostics=" + diagnostics);
        };
        supervisor = Supervisor.create(SupervisorConfig.builder().maxActors(2 * PAIRS + 100).diagnostics(config).build());
        senders = new Sender[PAIRS];
        senderRefs = new ActorRef[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            Sender s = new Sender();
            ActorRef ref = supervisor.spawn(s);
            s.echo = supervisor.spawn((self, msg, ctx) -> ref.receive(PONG));
            senders[i] = s;
            senderRefs[i] = ref;
        }
    }

    @TearDown
    public void tearDown() {
        supervisor.close();
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void tell() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(PAIRS);
        for (Sender s : senders) {
            s.done = done;
        }
        for (ActorRef ref : senderRefs) {
            ref.receive(START);
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a round did not finish within 60 s: pairs left=" + done.getCount());
        }
    }
}
