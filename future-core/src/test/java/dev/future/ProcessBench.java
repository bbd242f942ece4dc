package dev.future;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Measures PROCESS isolation (not a test; run by hand, see docs/benchmarks.md): warm and cold spawn,
 * kill of a spinning actor (terminate() to its end), RSS of an idle worker, and a 16 MiB tier-2
 * handoff from a worker to the main thread.
 */
public final class ProcessBench {

    private ProcessBench() {}

    /** Reports its worker's pid; spins on "spin"; on "write" fills 16 MiB in place and reports when it finished. */
    public static final class Worker implements Actor {
        public Worker() {}

        @Override
        @SuppressWarnings("InfiniteLoopStatement")
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            switch (msg.msg()) {
                case "pid" -> self.send("pid", ProcessHandle.current().pid());
                case "spin" -> {
                    self.send("spinning");
                    long x = 0;
                    while (true) {
                        x++;
                        if (x == Long.MIN_VALUE) {
                            self.send("never");
                        }
                    }
                }
                case "write" -> {
                    long[] filledAt = new long[1];
                    long size = ((Number) msg.data()).longValue();
                    ctx.write("blob", FmtType.BINARY, Share.OWNER, size, seg -> {
                        seg.fill((byte) 1);
                        filledAt[0] = System.nanoTime();
                    });
                    self.send("filled", filledAt[0]);
                }
                default -> { }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        if (what.equals("all") || what.equals("warm")) {
            warmSpawn(40);
        }
        if (what.equals("all") || what.equals("cold")) {
            coldSpawn(10);
        }
        if (what.equals("all") || what.equals("kill")) {
            kill(30);
        }
        if (what.equals("all") || what.equals("rss")) {
            rss(5);
        }
        if (what.equals("all") || what.equals("handoff")) {
            handoff(100);
        }
        System.exit(0);
    }

    static SpawnOptions process() {
        return SpawnOptions.builder().isolation(Isolation.PROCESS).restart(Restart.TEMPORARY).build();
    }

    static void warmSpawn(int n) throws Exception {
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder().processPool(1).build())) {
            s.spawn(Worker.class, process()).terminate(); // the pool starts; the first spawn is cold
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Thread.sleep(Long.getLong("bench.gap", 400)); // let the spare come up: this measures a warm spawn, not start-up
                long t0 = System.nanoTime();
                ActorRef a = s.spawn(Worker.class, process());
                times.add(System.nanoTime() - t0);
                a.terminate();
            }
            report("warm spawn (processPool=1)", times);
        }
    }

    static void coldSpawn(int n) throws Exception {
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder().processPool(0).build())) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                ActorRef a = s.spawn(Worker.class, process());
                times.add(System.nanoTime() - t0);
                a.terminate();
                a.awaitTermination(Duration.ofSeconds(5));
            }
            report("cold spawn (processPool=0, aot=" + System.getProperty("future.process.aot", "true") + ")", times);
        }
    }

    static void kill(int n) throws Exception {
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder().processPool(1).build())) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ActorRef a = s.spawn(Worker.class, process());
                BlockingQueue<Message> q = new ArrayBlockingQueue<>(16);
                a.subscribe(q::offer);
                a.receive("spin", null);
                while (!q.take().msg().equals("spinning")) {
                    // wait until it spins
                }
                Thread.sleep(20);
                long t0 = System.nanoTime();
                a.terminate();
                a.awaitTermination(Duration.ofSeconds(5));
                times.add(System.nanoTime() - t0);
                Thread.sleep(300); // the spare comes up
            }
            report("kill a spinning actor: terminate() to DOWN (awaitTermination)", times);
        }
    }

    static void rss(int n) throws Exception {
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder().processPool(0).build())) {
            List<Long> kb = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ActorRef a = s.spawn(Worker.class, process());
                BlockingQueue<Message> q = new ArrayBlockingQueue<>(16);
                a.subscribe(q::offer);
                a.receive("pid", null);
                long pid = ((Number) q.poll(10, TimeUnit.SECONDS).data()).longValue();
                Thread.sleep(Long.getLong("bench.idle", 500)); // 6000: after the JVM's arena cleaner and a native trim
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        kb.add(Long.parseLong(line.replaceAll("[^0-9]", "")));
                    }
                }
                a.terminate();
            }
            Collections.sort(kb);
            System.out.printf("RSS of an idle worker (VmRSS, after one message): median %.1f MB, min %.1f, max %.1f%n",
                    kb.get(kb.size() / 2) / 1024.0, kb.getFirst() / 1024.0, kb.getLast() / 1024.0);
        }
    }

    static void handoff(int n) throws Exception {
        long size = 16L << 20;
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder().memory(2, "16mb").build())) {
            ActorRef a = s.spawn(Worker.class, process());
            BlockingQueue<long[]> got = new ArrayBlockingQueue<>(16);
            BlockingQueue<Long> filled = new ArrayBlockingQueue<>(16);
            a.subscribe(m -> {
                if (m.hasHandle()) {
                    long t = System.nanoTime();
                    try (Reader r = a.read(m).orElseThrow()) {
                        MemorySegment seg = r.segment();
                        byte b = seg.get(ValueLayout.JAVA_BYTE, seg.byteSize() - 1);
                        got.offer(new long[] {t, System.nanoTime(), b});
                    }
                } else if (m.msg().equals("filled")) {
                    filled.offer(((Number) m.data()).longValue());
                }
            });
            List<Long> toHandle = new ArrayList<>();
            List<Long> toRead = new ArrayList<>();
            // as the THREAD hand-off in future-bench: measured once the supervisor's side is compiled
            int warmups = Integer.getInteger("bench.warmups", 200);
            for (int i = -warmups; i < n; i++) {
                a.receive("write", size);
                long[] g = got.poll(10, TimeUnit.SECONDS);
                long f = filled.poll(10, TimeUnit.SECONDS);
                if (i < 0) {
                    continue;
                }
                toHandle.add(g[0] - f);
                toRead.add(g[1] - f);
            }
            report("16 MiB handoff worker -> main thread: fill done to handle delivered", toHandle);
            report("16 MiB handoff worker -> main thread: fill done to last byte read", toRead);
        }
    }

    static void report(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("%s: n=%d p50 %.3f ms, p90 %.3f ms, min %.3f ms, max %.3f ms%n", what, sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.9)) / 1e6,
                sorted.getFirst() / 1e6, sorted.getLast() / 1e6);
    }
}
