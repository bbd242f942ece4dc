package dev.future.bench;

import dev.future.Actor;
import dev.future.ActorContext;
import dev.future.ActorRef;
import dev.future.ActorSelf;
import dev.future.ActorState;
import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Isolation;
import dev.future.Message;
import dev.future.Reader;
import dev.future.Result;
import dev.future.Retry;
import dev.future.Share;
import dev.future.SpawnOptions;
import dev.future.Subscription;
import dev.future.Supervisor;
import dev.future.SupervisorConfig;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The Future side of every scenario, written against the public API only ({@code dev.future}).
 * Each method runs in a child JVM of its own (see {@link Compare}) and reports with
 * {@link Samples#report}. Actors here keep their state in fields of a class instance passed to
 * {@code spawn(Actor)}, as a user would for a hot loop.
 */
final class FutureSide {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Message START = Message.of("start");
    private static final Message PING = Message.of("ping");
    private static final Message PONG = Message.of("pong");
    private static final Message CRASH = Message.of("crash");
    private static final Message BLOCK = Message.of("block");
    private static final Message GO = Message.of("go");
    /** Thrown by the crashing actor: preallocated and without a stack trace, so we time the runtime, not the JVM. */
    private static final RuntimeException BOOM = Boom.INSTANCE;

    private FutureSide() {}

    static void run(String scenario, Plan plan) throws Exception {
        switch (scenario) {
            case "memory" -> memory(plan);
            case "spawn" -> spawn(plan);
            case "tell" -> tell(plan);
            case "pingpong" -> pingPong(plan);
            case "kill" -> kill(plan);
            case "restart" -> restart(plan);
            case "handoff" -> handoff(plan);
            case "process" -> process(plan);
            default -> throw new IllegalArgumentException("unknown scenario: scenario=" + scenario);
        }
    }

    private static Supervisor supervisor(int maxActors) {
        return Supervisor.create(SupervisorConfig.builder().maxActors(maxActors).build());
    }

    private static final Actor IDLE = (self, msg, ctx) -> { };

    // (1) heap per idle actor
    private static void memory(Plan plan) throws Exception {
        int n = plan.memoryActors();
        try (Supervisor sup = supervisor(n + 1_000)) {
            ActorRef[] refs = new ActorRef[n];
            long before = Samples.settledUsedHeap();
            for (int i = 0; i < n; i++) {
                refs[i] = sup.spawn(IDLE);
            }
            awaitStarted(refs);
            long after = Samples.settledUsedHeap();
            Samples.report("memory.bytes", (double) (after - before) / n);
            if (!refs[n - 1].isAlive()) {
                throw new IllegalStateException("the last actor is not alive");
            }
        }
    }

    /** Wait until no actor is still STARTING, so spawn figures include whatever start-up the runtime does. */
    private static void awaitStarted(ActorRef[] refs) throws InterruptedException {
        for (ActorRef ref : refs) {
            while (ref.state() == ActorState.STARTING) {
                Thread.onSpinWait();
                Thread.sleep(0, 1_000);
            }
        }
    }

    // (2) spawn rate
    private static void spawn(Plan plan) throws Exception {
        int n = plan.spawnActors();
        double[] rates = new double[3];
        for (int round = 0; round < rates.length; round++) {
            try (Supervisor sup = supervisor(n + 1_000)) {
                ActorRef[] refs = new ActorRef[n];
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    refs[i] = sup.spawn(IDLE);
                }
                awaitStarted(refs);
                long t1 = System.nanoTime();
                rates[round] = n / ((t1 - t0) / 1e9);
            }
        }
        // Round 0 is warm-up (class loading, JIT); the median of the rest is reported.
        Samples.report("spawn.rate", Samples.median(new double[] {rates[1], rates[2]}));
    }

    // (3) tell throughput, the shape of Pekko's TypedActorBenchmark
    private static final class Pinger implements Actor {
        volatile ActorRef echo;
        volatile CountDownLatch done;
        private final int batchSize;
        private final int roundTripsPerPair;
        private int left;
        private int batch;

        Pinger(int batchSize, int roundTripsPerPair) {
            this.batchSize = batchSize;
            this.roundTripsPerPair = roundTripsPerPair;
        }

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            if ("start".equals(msg.msg())) {
                left = roundTripsPerPair;
                sendBatch();
                return;
            }
            if (--batch <= 0 && !sendBatch()) {
                done.countDown();
            }
        }

        private boolean sendBatch() {
            if (left <= 0) {
                return false;
            }
            ActorRef to = echo;
            for (int i = 0; i < batchSize; i++) {
                to.receive(PING);
            }
            left -= batchSize;
            batch = batchSize;
            return true;
        }
    }

    private static void tell(Plan plan) throws Exception {
        int pairs = plan.tellPairs();
        int roundTrips = plan.tellMessagesPerPair() / 2;
        try (Supervisor sup = supervisor(2 * pairs + 100)) {
            Pinger[] pingers = new Pinger[pairs];
            ActorRef[] pingRefs = new ActorRef[pairs];
            for (int i = 0; i < pairs; i++) {
                Pinger p = new Pinger(plan.tellBatch(), roundTrips);
                ActorRef pingRef = sup.spawn(p);
                p.echo = sup.spawn((self, msg, ctx) -> pingRef.receive(PONG));
                pingers[i] = p;
                pingRefs[i] = pingRef;
            }
            double[] rates = new double[plan.tellRounds()];
            for (int round = -plan.tellWarmups(); round < plan.tellRounds(); round++) {
                CountDownLatch done = new CountDownLatch(pairs);
                for (Pinger p : pingers) {
                    p.done = done;
                }
                long t0 = System.nanoTime();
                for (ActorRef ref : pingRefs) {
                    ref.receive(START);
                }
                if (!done.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("tell round did not finish within " + WAIT + ": "
                            + done.getCount() + " of " + pairs + " pairs still running");
                }
                long t1 = System.nanoTime();
                if (round >= 0) {
                    rates[round] = (double) pairs * roundTrips * 2 / ((t1 - t0) / 1e9);
                }
            }
            Samples.report("tell.rate", Samples.median(rates));
        }
    }

    // (4) ping-pong round trip between two actors
    private static final class Ponger implements Actor {
        volatile ActorRef peer;
        final long[] samples;
        final int warmups;
        final CountDownLatch done = new CountDownLatch(1);
        private int count;
        private long sentAt;

        Ponger(int warmups, int rounds) {
            this.warmups = warmups;
            this.samples = new long[rounds];
        }

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            if ("pong".equals(msg.msg())) {
                long rtt = System.nanoTime() - sentAt;
                int i = count++ - warmups;
                if (i >= 0) {
                    samples[i] = rtt;
                }
                if (i + 1 >= samples.length) {
                    done.countDown();
                    return;
                }
            }
            sentAt = System.nanoTime();
            peer.receive(PING);
        }
    }

    private static void pingPong(Plan plan) throws Exception {
        try (Supervisor sup = supervisor(1_000)) {
            Ponger a = new Ponger(plan.pingWarmups(), plan.pingRounds());
            ActorRef aRef = sup.spawn(a);
            a.peer = sup.spawn((self, msg, ctx) -> aRef.receive(PONG));
            aRef.receive(START);
            if (!a.done.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("ping-pong did not finish within " + WAIT);
            }
            Samples.reportLatency("pingpong", a.samples, a.samples.length);
        }
    }

    // (5) kill latency of an actor blocked in its handler (half in Thread.sleep, half in BlockingQueue.take)
    private static void kill(Plan plan) throws Exception {
        int n = plan.killSamples();
        long[] samples = new long[n];
        int notEnded = 0;
        try (Supervisor sup = supervisor(n + 1_000)) {
            for (int i = -10; i < n; i++) {
                CountDownLatch entered = new CountDownLatch(1);
                boolean sleep = (i & 1) == 0;
                BlockingQueue<Object> never = new LinkedBlockingQueue<>();
                ActorRef ref = sup.spawn((self, msg, ctx) -> {
                    entered.countDown();
                    if (sleep) {
                        Thread.sleep(60_000);
                    } else {
                        never.take();
                    }
                });
                ref.receive(BLOCK);
                if (!entered.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the blocking actor never ran its handler");
                }
                long t0 = System.nanoTime();
                ref.terminate();
                boolean ended = ref.awaitTermination(Duration.ofSeconds(10));
                long t1 = System.nanoTime();
                if (!ended) {
                    notEnded++;
                }
                if (i >= 0) {
                    samples[i] = t1 - t0;
                }
            }
        }
        if (notEnded > 0) {
            Samples.na("kill.p50", notEnded + " of " + n + " blocked actors did not end within 10 s");
            return;
        }
        Samples.reportLatency("kill", samples, n);
    }

    // (6) restart latency: the crash is thrown, the new incarnation handles the message queued behind it
    private static final class RestartProbe {
        static volatile long crashedAt;
        static long[] samples;
        static int count;
        static final Semaphore handled = new Semaphore(0);
    }

    private static void restart(Plan plan) throws Exception {
        int warmups = plan.restartWarmups();
        int n = plan.restartSamples();
        RestartProbe.samples = new long[n];
        SupervisorConfig config = SupervisorConfig.builder()
                .maxActors(1_000)
                .retry(Retry.fixed(1_000_000, Duration.ZERO))
                .build();
        try (Supervisor sup = Supervisor.create(config)) {
            ActorRef ref = sup.spawn((self, msg, ctx) -> {
                if ("crash".equals(msg.msg())) {
                    RestartProbe.crashedAt = System.nanoTime();
                    throw BOOM;
                }
                long latency = System.nanoTime() - RestartProbe.crashedAt;
                int i = RestartProbe.count++ - warmups;
                if (i >= 0) {
                    RestartProbe.samples[i] = latency;
                }
                RestartProbe.handled.release();
            });
            for (int i = 0; i < warmups + n; i++) {
                ref.receive(CRASH);
                ref.receive(PING);
                if (!RestartProbe.handled.tryAcquire(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no restart within 10 s at crash #" + (i + 1)
                            + ": state=" + ref.state());
                }
            }
        }
        Samples.reportLatency("restart", RestartProbe.samples, n);
    }

    // (7) tier-2 hand-off: the writer fills a box in place, the reader maps it and touches it
    private static void handoff(Plan plan) throws Exception {
        handoff("handoff.1m", Plan.SMALL_HANDOFF, plan.handoffSmallSamples());
        handoff("handoff.16m", Plan.LARGE_HANDOFF, plan.handoffLargeSamples());
    }

    private static void handoff(String key, int size, int n) throws Exception {
        long[] afterWrite = new long[n];
        int warmups = Math.max(5, n / 4);
        long[] samples = new long[n];
        SupervisorConfig config = SupervisorConfig.builder()
                .maxActors(100)
                .memory(4, size)
                .build();
        try (Supervisor sup = Supervisor.create(config)) {
            BlockingQueue<Long> touchedAt = new ArrayBlockingQueue<>(1);
            BlockingQueue<String> errors = new ArrayBlockingQueue<>(16);
            ActorRef reader = sup.spawn((self, msg, ctx) -> {
                if (!msg.hasHandle()) {
                    return;
                }
                Optional<Reader> opened = ctx.read(msg);
                if (opened.isEmpty()) {
                    errors.offer("read refused");
                    return;
                }
                try (Reader r = opened.get()) {
                    MemorySegment seg = r.segment();
                    byte sum = (byte) (seg.get(ValueLayout.JAVA_BYTE, 0) + seg.get(ValueLayout.JAVA_BYTE, seg.byteSize() - 1));
                    touchedAt.put(System.nanoTime() + (sum == 42 ? 1 : 0));
                }
            });
            long[] startedAt = new long[1];
            long[] filledAt = new long[1];
            ActorRef writer = sup.spawn((self, msg, ctx) -> {
                startedAt[0] = System.nanoTime();
                byte fill = (byte) startedAt[0];
                Result<Handle> written = ctx.write("blob", FmtType.BINARY, Share.of(reader), size, seg -> {
                    seg.fill(fill);
                    filledAt[0] = System.nanoTime(); // the write is done: what follows is the hand-off
                });
                if (written.isErr()) {
                    errors.offer(written.error());
                }
            });
            for (int i = -warmups; i < n; i++) {
                writer.receive(GO);
                Long t1 = touchedAt.poll(5, TimeUnit.SECONDS);
                if (t1 == null) {
                    String error = errors.poll();
                    System.out.println("the runtime said: " + error);
                    Samples.na(key + ".p50", error != null && notBuilt(error)
                            ? "n/a (tier 2 not in this build)"
                            : "error: no delivery within 5 s" + (error == null ? "" : ", " + error));
                    return;
                }
                if (i >= 0) {
                    samples[i] = t1 - startedAt[0];
                    afterWrite[i] = t1 - filledAt[0];
                }
            }
        } catch (UnsupportedOperationException e) {
            System.out.println("the runtime said: " + e);
            Samples.na(key + ".p50", "n/a (tier 2 not in this build)");
            return;
        }
        Samples.reportLatency(key, samples, n);
        Samples.reportLatency(key + ".after", afterWrite, n);
    }

    // (8) PROCESS actors: spawn to first reply, terminate to awaitTermination
    /** A PROCESS actor must be given as a class: it is constructed in the worker JVM. */
    public static final class ProcessEcho implements Actor {
        public ProcessEcho() {}

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            self.send("pong");
        }
    }

    private static void process(Plan plan) throws Exception {
        int n = plan.processSamples();
        long[] spawnSamples = new long[n];
        long[] killSamples = new long[n];
        SupervisorConfig config = SupervisorConfig.builder().maxActors(100).processPool(2).build();
        SpawnOptions options = SpawnOptions.builder().isolation(Isolation.PROCESS).build();
        try (Supervisor sup = Supervisor.create(config)) {
            for (int i = -2; i < n; i++) {
                Thread.sleep(500); // let the pool refill: we time a warm spawn, not a JVM start
                BlockingQueue<Long> replied = new ArrayBlockingQueue<>(1);
                long t0 = System.nanoTime();
                ActorRef ref;
                try {
                    ref = sup.spawn(ProcessEcho.class, options);
                } catch (UnsupportedOperationException | IllegalStateException | IllegalArgumentException e) {
                    System.out.println("the runtime said: " + e);
                    Samples.na("process.spawn.p50", notBuilt(e.getMessage()) ? "n/a (PROCESS isolation not built yet)"
                            : "error: " + e.getMessage());
                    Samples.na("process.kill.p50", "n/a (PROCESS isolation not built yet)");
                    return;
                }
                Subscription sub = ref.subscribe(m -> replied.offer(System.nanoTime()));
                try {
                    ref.receive(PING);
                    Long t1 = replied.poll(30, TimeUnit.SECONDS);
                    if (t1 == null) {
                        throw new IllegalStateException("the PROCESS actor did not reply within 30 s");
                    }
                    long k0 = System.nanoTime();
                    ref.terminate();
                    if (!ref.awaitTermination(Duration.ofSeconds(10))) {
                        throw new IllegalStateException("the PROCESS actor did not end within 10 s");
                    }
                    long k1 = System.nanoTime();
                    if (i >= 0) {
                        spawnSamples[i] = t1 - t0;
                        killSamples[i] = k1 - k0;
                    }
                } finally {
                    sub.close();
                }
            }
        }
        Samples.reportLatency("process.spawn", spawnSamples, n);
        Samples.reportLatency("process.kill", killSamples, n);
    }

    /** Whether a refusal says the feature is missing from this build (rather than that something broke). */
    private static boolean notBuilt(String message) {
        String m = String.valueOf(message).toLowerCase(java.util.Locale.ROOT);
        return m.contains("not implemented") || m.contains("not supported") || m.contains("unsupported")
                || m.contains("not yet") || m.contains("not wired") || m.contains("not built") || m.contains("not in this");
    }
}
