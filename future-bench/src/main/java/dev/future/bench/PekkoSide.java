package dev.future.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The Apache Pekko typed side (Java DSL) of every scenario. Pekko gets the configuration its own
 * {@code TypedActorBenchmark} uses: a fork-join dispatcher with parallelism = cores and throughput 50
 * (the typed default mailbox is already {@code SingleConsumerOnlyUnboundedMailbox}). Spawning and
 * stopping happen inside the guardian, because in typed Pekko only a parent can do either; the
 * guardian runs {@link Exec} closures for the main thread and reports {@link Terminated} signals.
 */
final class PekkoSide {
    private static final long WAIT_SECONDS = 60;
    private static final RuntimeException BOOM = Boom.INSTANCE;

    private PekkoSide() {}

    static String version() {
        return org.apache.pekko.Version.current();
    }

    static Config config() {
        int cores = Runtime.getRuntime().availableProcessors();
        return ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.actor.default-dispatcher {
                  executor = "fork-join-executor"
                  fork-join-executor {
                    parallelism-min = %d
                    parallelism-factor = 1.0
                    parallelism-max = %d
                  }
                  throughput = 50
                }
                """.formatted(cores, cores)).withFallback(ConfigFactory.load());
    }

    /** What the guardian understands: run this closure in my context. */
    record Exec(Consumer<ActorContext<Exec>> body) {}

    /** The guardian: runs {@link Exec} bodies; calls the callback registered for a watched child when it stops. */
    static final class Guardian extends AbstractBehavior<Exec> {
        static final Map<ActorRef<?>, Runnable> onStopped = new HashMap<>(); // guardian thread only

        private Guardian(ActorContext<Exec> ctx) {
            super(ctx);
        }

        static Behavior<Exec> create() {
            return Behaviors.setup(Guardian::new);
        }

        @Override
        public Receive<Exec> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Exec.class, e -> {
                        e.body().accept(getContext());
                        return this;
                    })
                    .onSignal(Terminated.class, t -> {
                        Runnable r = onStopped.remove(t.getRef());
                        if (r != null) {
                            r.run();
                        }
                        return this;
                    })
                    .build();
        }
    }

    static void run(String scenario, Plan plan) throws Exception {
        if (scenario.equals("process")) {
            Samples.na("process.spawn.p50", "n/a (no process isolation in Pekko)");
            Samples.na("process.kill.p50", "n/a (no process isolation in Pekko)");
            return;
        }
        ActorSystem<Exec> system = ActorSystem.create(Guardian.create(), "bench", config());
        try {
            switch (scenario) {
                case "memory" -> memory(system, plan);
                case "spawn" -> spawn(system, plan);
                case "tell" -> tell(system, plan);
                case "pingpong" -> pingPong(system, plan);
                case "kill" -> kill(system, plan);
                case "restart" -> restart(system, plan);
                case "handoff" -> handoff(system, plan);
                default -> throw new IllegalArgumentException("unknown scenario: scenario=" + scenario);
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " did not finish within " + WAIT_SECONDS + " s: count=" + latch.getCount());
        }
    }

    /** Spawn n idle children of the guardian; each counts down once it has started (its setup ran). */
    @SuppressWarnings("unchecked")
    private static ActorRef<Object>[] spawnIdle(ActorSystem<Exec> system, int n) throws InterruptedException {
        ActorRef<Object>[] refs = new ActorRef[n];
        CountDownLatch started = new CountDownLatch(n);
        Behavior<Object> idle = Behaviors.receiveMessage(m -> Behaviors.same());
        Behavior<Object> child = Behaviors.setup(c -> {
            started.countDown();
            return idle;
        });
        system.tell(new Exec(ctx -> {
            for (int i = 0; i < n; i++) {
                refs[i] = ctx.spawnAnonymous(child);
            }
        }));
        await(started, "spawning " + n + " actors");
        return refs;
    }

    // (1) heap per idle actor
    private static void memory(ActorSystem<Exec> system, Plan plan) throws Exception {
        int n = plan.memoryActors();
        long before = Samples.settledUsedHeap();
        ActorRef<Object>[] refs = spawnIdle(system, n);
        long after = Samples.settledUsedHeap();
        Samples.report("memory.bytes", (double) (after - before) / n);
        if (refs[n - 1] == null) {
            throw new IllegalStateException("the refs were not all published");
        }
    }

    // (2) spawn rate: from the request to every child having started
    private static void spawn(ActorSystem<Exec> system, Plan plan) throws Exception {
        int n = plan.spawnActors();
        double[] rates = new double[3];
        for (int round = 0; round < rates.length; round++) {
            long t0 = System.nanoTime();
            ActorRef<Object>[] refs = spawnIdle(system, n);
            long t1 = System.nanoTime();
            rates[round] = n / ((t1 - t0) / 1e9);
            CountDownLatch stopped = new CountDownLatch(1);
            system.tell(new Exec(ctx -> {
                for (ActorRef<Object> r : refs) {
                    ctx.stop(r);
                }
                stopped.countDown();
            }));
            await(stopped, "stopping");
            Thread.sleep(500);
            System.gc();
        }
        Samples.report("spawn.rate", Samples.median(new double[] {rates[1], rates[2]}));
    }

    // (3) tell throughput: TypedBenchmarkActors.echoSender / echoBehavior, in the Java DSL
    record Start(CountDownLatch done) {}

    private static final Object MESSAGE = new Object();

    static final class EchoSender extends AbstractBehavior<Object> {
        private final ActorRef<Object> echo;
        private final int batchSize;
        private final int roundTrips;
        private CountDownLatch done;
        private int left;
        private int batch;

        EchoSender(ActorContext<Object> ctx, int batchSize, int roundTrips) {
            super(ctx);
            this.batchSize = batchSize;
            this.roundTrips = roundTrips;
            ActorRef<Object> self = ctx.getSelf();
            this.echo = ctx.spawn(Behaviors.receiveMessage(m -> {
                self.tell(m);
                return Behaviors.same();
            }), "echo");
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Start.class, s -> {
                        done = s.done();
                        left = roundTrips;
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
            for (int i = 0; i < batchSize; i++) {
                echo.tell(MESSAGE);
            }
            left -= batchSize;
            batch = batchSize;
            return true;
        }
    }

    private static void tell(ActorSystem<Exec> system, Plan plan) throws Exception {
        int pairs = plan.tellPairs();
        int roundTrips = plan.tellMessagesPerPair() / 2;
        @SuppressWarnings("unchecked")
        ActorRef<Object>[] senders = new ActorRef[pairs];
        CountDownLatch spawned = new CountDownLatch(1);
        system.tell(new Exec(ctx -> {
            for (int i = 0; i < pairs; i++) {
                senders[i] = ctx.spawnAnonymous(
                        Behaviors.<Object>setup(c -> new EchoSender(c, plan.tellBatch(), roundTrips)));
            }
            spawned.countDown();
        }));
        await(spawned, "spawning the echo pairs");
        double[] rates = new double[plan.tellRounds()];
        for (int round = -plan.tellWarmups(); round < plan.tellRounds(); round++) {
            CountDownLatch done = new CountDownLatch(pairs);
            Start start = new Start(done);
            long t0 = System.nanoTime();
            for (ActorRef<Object> s : senders) {
                s.tell(start);
            }
            await(done, "a tell round");
            long t1 = System.nanoTime();
            if (round >= 0) {
                rates[round] = (double) pairs * roundTrips * 2 / ((t1 - t0) / 1e9);
            }
        }
        Samples.report("tell.rate", Samples.median(rates));
    }

    // (4) ping-pong round trip between two actors
    static final class Pinger extends AbstractBehavior<Object> {
        final long[] samples;
        final int warmups;
        final CountDownLatch done;
        private final ActorRef<Object> ponger;
        private int count;
        private long sentAt;

        Pinger(ActorContext<Object> ctx, int warmups, int rounds, CountDownLatch done) {
            super(ctx);
            this.warmups = warmups;
            this.samples = new long[rounds];
            this.done = done;
            ActorRef<Object> self = ctx.getSelf();
            this.ponger = ctx.spawn(Behaviors.receiveMessage(m -> {
                self.tell(PONG);
                return Behaviors.same();
            }), "ponger");
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder().onAnyMessage(m -> {
                if (m == PONG) {
                    long rtt = System.nanoTime() - sentAt;
                    int i = count++ - warmups;
                    if (i >= 0) {
                        samples[i] = rtt;
                    }
                    if (i + 1 >= samples.length) {
                        done.countDown();
                        return this;
                    }
                }
                sentAt = System.nanoTime();
                ponger.tell(PING);
                return this;
            }).build();
        }
    }

    private static final Object PING = "ping";
    private static final Object PONG = "pong";

    private static void pingPong(ActorSystem<Exec> system, Plan plan) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Pinger[] pinger = new Pinger[1];
        system.tell(new Exec(ctx -> ctx.spawn(Behaviors.<Object>setup(c -> {
            pinger[0] = new Pinger(c, plan.pingWarmups(), plan.pingRounds(), done);
            c.getSelf().tell(MESSAGE);
            return pinger[0];
        }), "pinger")));
        await(done, "ping-pong");
        Samples.reportLatency("pingpong", pinger[0].samples, pinger[0].samples.length);
    }

    // (5) kill latency of a blocked actor: Pekko cannot interrupt a handler, so stop waits for the block to end
    private static void kill(ActorSystem<Exec> system, Plan plan) throws Exception {
        int n = plan.blockedKillSamples();
        long blockMillis = plan.pekkoBlockMillis();
        long[] samples = new long[n];
        for (int i = -1; i < n; i++) {
            CountDownLatch entered = new CountDownLatch(1);
            BlockingQueue<Long> stoppedAt = new ArrayBlockingQueue<>(1);
            @SuppressWarnings("unchecked")
            ActorRef<Object>[] child = new ActorRef[1];
            CountDownLatch spawned = new CountDownLatch(1);
            system.tell(new Exec(ctx -> {
                child[0] = ctx.spawnAnonymous(Behaviors.receiveMessage(m -> {
                    entered.countDown();
                    Thread.sleep(blockMillis);
                    return Behaviors.same();
                }));
                ctx.watch(child[0]);
                Guardian.onStopped.put(child[0], () -> stoppedAt.offer(System.nanoTime()));
                spawned.countDown();
            }));
            await(spawned, "spawning the blocking actor");
            child[0].tell(MESSAGE);
            await(entered, "entering the blocking handler");
            long t0 = System.nanoTime();
            system.tell(new Exec(ctx -> ctx.stop(child[0])));
            Long t1 = stoppedAt.poll(blockMillis + 10_000, TimeUnit.MILLISECONDS);
            if (t1 == null) {
                throw new IllegalStateException("the blocked actor did not stop");
            }
            if (i >= 0) {
                samples[i] = t1 - t0;
            }
        }
        Samples.reportLatency("kill", samples, n);
    }

    // (6) restart latency: crash to the new incarnation handling the message queued behind the crash
    private static final class RestartProbe {
        static volatile long crashedAt;
        static long[] samples;
        static int count;
        static final Semaphore handled = new Semaphore(0);
    }

    private static final Object CRASH = "crash";

    private static void restart(ActorSystem<Exec> system, Plan plan) throws Exception {
        int warmups = plan.restartWarmups();
        int n = plan.restartSamples();
        RestartProbe.samples = new long[n];
        Behavior<Object> crasher = Behaviors.supervise(Behaviors.<Object>setup(c -> Behaviors.receiveMessage(m -> {
            if (m == CRASH) {
                RestartProbe.crashedAt = System.nanoTime();
                throw BOOM;
            }
            long latency = System.nanoTime() - RestartProbe.crashedAt;
            int i = RestartProbe.count++ - warmups;
            if (i >= 0) {
                RestartProbe.samples[i] = latency;
            }
            RestartProbe.handled.release();
            return Behaviors.same();
        }))).onFailure(RuntimeException.class, SupervisorStrategy.restart().withLoggingEnabled(false));
        @SuppressWarnings("unchecked")
        ActorRef<Object>[] ref = new ActorRef[1];
        CountDownLatch spawned = new CountDownLatch(1);
        system.tell(new Exec(ctx -> {
            ref[0] = ctx.spawn(crasher, "crasher");
            spawned.countDown();
        }));
        await(spawned, "spawning the crasher");
        for (int i = 0; i < warmups + n; i++) {
            ref[0].tell(CRASH);
            ref[0].tell(PING);
            if (!RestartProbe.handled.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no restart within 10 s at crash #" + (i + 1));
            }
        }
        Samples.reportLatency("restart", RestartProbe.samples, n);
    }

    // (7) hand-off of a large payload: a fresh byte[] (the message must be immutable once sent), filled and sent
    private static void handoff(ActorSystem<Exec> system, Plan plan) throws Exception {
        handoff(system, "handoff.1m", Plan.SMALL_HANDOFF, plan.handoffSmallSamples());
        handoff(system, "handoff.16m", Plan.LARGE_HANDOFF, plan.handoffLargeSamples());
    }

    private static void handoff(ActorSystem<Exec> system, String key, int size, int n) throws Exception {
        int warmups = Math.max(5, n / 4);
        long[] samples = new long[n];
        long[] afterWrite = new long[n];
        BlockingQueue<Long> touchedAt = new ArrayBlockingQueue<>(1);
        long[] startedAt = new long[1];
        long[] filledAt = new long[1];
        @SuppressWarnings("unchecked")
        ActorRef<Object>[] writer = new ActorRef[1];
        CountDownLatch spawned = new CountDownLatch(1);
        system.tell(new Exec(ctx -> {
            ActorRef<Object> reader = ctx.spawnAnonymous(Behaviors.receiveMessage(m -> {
                byte[] b = (byte[]) m;
                byte sum = (byte) (b[0] + b[b.length - 1]);
                touchedAt.put(System.nanoTime() + (sum == 42 ? 1 : 0));
                return Behaviors.same();
            }));
            writer[0] = ctx.spawnAnonymous(Behaviors.receiveMessage(m -> {
                startedAt[0] = System.nanoTime();
                byte[] payload = new byte[size];
                Arrays.fill(payload, (byte) startedAt[0]);
                filledAt[0] = System.nanoTime();
                reader.tell(payload);
                return Behaviors.same();
            }));
            spawned.countDown();
        }));
        await(spawned, "spawning writer and reader");
        for (int i = -warmups; i < n; i++) {
            writer[0].tell(MESSAGE);
            Long t1 = touchedAt.poll(10, TimeUnit.SECONDS);
            if (t1 == null) {
                throw new IllegalStateException("no hand-off within 10 s");
            }
            if (i >= 0) {
                samples[i] = t1 - startedAt[0];
                afterWrite[i] = t1 - filledAt[0];
            }
        }
        Samples.reportLatency(key, samples, n);
        Samples.reportLatency(key + ".after", afterWrite, n);
    }
}
