package dev.future.demo;

import dev.future.Actor;
import dev.future.ActorDiagnostics;
import dev.future.ActorRef;
import dev.future.ActorState;
import dev.future.Down;
import dev.future.Escalated;
import dev.future.FmtType;
import dev.future.Group;
import dev.future.GroupConfig;
import dev.future.Message;
import dev.future.Reader;
import dev.future.ResourceException;
import dev.future.Result;
import dev.future.Retry;
import dev.future.Share;
import dev.future.SpawnOptions;
import dev.future.Strategy;
import dev.future.Supervisor;
import dev.future.SupervisorConfig;
import dev.future.SupervisorDiagnostics;
import dev.future.Task;
import dev.future.Tasks;
import dev.future.observer.Observer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The narrated demo: every scene is a small, real program against the public API. Run it with
 * {@code ./future demo}. Set {@code FUTURE_DEMO_LINGER=60} to keep the observer up for a minute at
 * the end.
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws Exception {
        say("""
                Future for Java — killable, supervised actors on the JVM.
                Every scene below runs for real; read what it prints.""");
        SupervisorConfig config = SupervisorConfig.builder()
                .maxActors(10_000)
                .memory(8, "16mb")
                .killGrace(Duration.ofMillis(100))
                .retry(Retry.fixed(5, Duration.ofMillis(50)))
                .build();
        try (Supervisor supervisor = Supervisor.create(config); Observer observer = Observer.start(supervisor)) {
            say("The live observer is at " + observer.uri() + " (watch the scenes happen).");
            killAndWatchdog(supervisor);
            restForOnePipeline(supervisor);
            linkedPair(supervisor);
            crashLoopEscalates();
            tierTwoHandoff();
            agentWithTools();
            raceAndTimeout(supervisor);
            untrustedPlugin(supervisor);
            diagnostics(supervisor);
            linger();
        }
        say("Shut down cleanly. Bye.");
    }

    // ------------------------------------------------------------------------------------------
    static void killAndWatchdog(Supervisor supervisor) throws Exception {
        scene(1, "Workers, a hung call, a stuck handler and a CPU loop");
        AtomicInteger processed = new AtomicInteger();
        List<ActorRef> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(supervisor.spawn((self, msg, ctx) -> {
                Thread.sleep(5); // a little real work
                processed.incrementAndGet();
            }, SpawnOptions.builder().name("worker-" + i).build()));
        }
        Thread feeder = Thread.ofVirtual().start(() -> {
            for (int j = 0; j < 400; j++) {
                workers.get(j % workers.size()).receive("job", j);
                sleepQuietly(2);
            }
        });

        CountDownLatch blocked = new CountDownLatch(1);
        ActorRef hung = supervisor.spawn((self, msg, ctx) -> {
            blocked.countDown();
            new java.util.concurrent.LinkedBlockingQueue<>().take(); // waits for a reply that never comes
        }, SpawnOptions.builder().name("hung-fetch").build());
        hung.receive("fetch", null);
        blocked.await();
        long t0 = System.nanoTime();
        hung.terminate();
        hung.awaitTermination(Duration.ofSeconds(2));
        say("hung-fetch was blocked in BlockingQueue.take(); terminate() ended it in %.2f ms (reason: %s; the "
                + "first kill in a fresh JVM pays for loading code: warm, p50 is ~0.15 ms, see docs/benchmarks.md)",
                ms(t0), hung.diagnostics().terminationReason().orElse("?"));

        CountDownLatch timedOut = new CountDownLatch(1);
        long[] killedAfter = new long[1];
        String[] exitReason = new String[1];
        long started = System.nanoTime();
        ActorRef slow = supervisor.spawn((self, msg, ctx) -> Thread.sleep(60_000),
                SpawnOptions.builder().name("stuck-handler").hangTimeout(Duration.ofMillis(300)).build());
        slow.subscribe(m -> {
            if (m.msg().equals("EXIT")) {
                killedAfter[0] = System.nanoTime() - started;
                exitReason[0] = m.data(dev.future.Exit.class).reason();
                timedOut.countDown();
            }
        });
        slow.receive("work", null);
        timedOut.await(5, TimeUnit.SECONDS);
        waitFor(() -> slow.diagnostics().incarnation() == 2, 5000);
        say("stuck-handler sat in its handler with no heartbeat; the hang watchdog killed it after %.0f ms "
                + "(hangTimeout 300 ms, reason: %s) and its group restarted it: incarnation %d, same ref.",
                killedAfter[0] / 1e6, exitReason[0], slow.diagnostics().incarnation());
        slow.terminate();

        AtomicBoolean stopSpinning = new AtomicBoolean();
        ActorRef spinner = supervisor.spawn((self, msg, ctx) -> {
            long x = 0;
            while (!stopSpinning.get()) {
                x += System.nanoTime() & 1; // a CPU loop: no interrupt can reach it
            }
            if (x < 0) {
                self.send("never");
            }
        }, SpawnOptions.builder().name("spinner").restart(dev.future.Restart.TEMPORARY).build());
        spinner.receive("spin", null);
        sleepQuietly(50);
        t0 = System.nanoTime();
        spinner.terminate();
        spinner.awaitTermination(Duration.ofSeconds(2));
        ActorDiagnostics d = spinner.diagnostics();
        say("spinner loops on the CPU; terminate() could not stop its thread, so after the 100 ms kill grace it was "
                + "declared dead and fenced in %.0f ms (runaway=%s).", ms(t0), d.runaway());
        say("  where it was stuck: %s", d.runawayStack().map(s -> s.lines().findFirst().orElse("")).orElse("?").trim());
        say("  advice: CPU-bound or untrusted code belongs in Isolation.PROCESS, where terminate() is a real SIGKILL.");
        stopSpinning.set(true); // the demo lets the loop end by itself so it stops eating a core
        feeder.join();
        waitFor(() -> processed.get() == 400, 10_000);
        say("Meanwhile the 4 workers processed all %d jobs, untouched.", processed.get());
        workers.forEach(ActorRef::terminate);
    }

    // ------------------------------------------------------------------------------------------
    static void restForOnePipeline(Supervisor supervisor) throws Exception {
        scene(2, "A rest-for-one pipeline: ingest -> transform -> output");
        Group pipeline = supervisor.createGroup(GroupConfig.of(Strategy.REST_FOR_ONE,
                Retry.fixed(3, Duration.ofMillis(20))));
        List<String> out = new CopyOnWriteArrayList<>();
        ActorRef output = pipeline.spawn((self, msg, ctx) -> out.add((String) msg.data()),
                SpawnOptions.builder().name("output").build());
        ActorRef transform = pipeline.spawn((self, msg, ctx) -> {
            String s = (String) msg.data();
            if (s.contains("poison")) {
                throw new IllegalArgumentException("cannot transform " + s);
            }
            output.receive("row", s.toUpperCase());
        }, SpawnOptions.builder().name("transform").build());
        ActorRef ingest = pipeline.spawn((self, msg, ctx) -> transform.receive("row", msg.data()),
                SpawnOptions.builder().name("ingest").build());
        // rest-for-one restarts the crashed member and those started after it: here ingest and output start
        // order is output, transform, ingest — so a transform crash restarts transform and ingest.
        for (String s : List.of("alpha", "poison pill", "beta")) {
            ingest.receive("row", s);
        }
        waitFor(() -> out.size() == 2, 5000);
        waitFor(() -> transform.diagnostics().incarnation() == 2 && ingest.state() != ActorState.RESTARTING, 5000);
        say("transform crashed on 'poison pill' (%s).", transform.diagnostics().lastCrash().orElse("?"));
        say("incarnations now: output=%d, transform=%d, ingest=%d — the crashed stage and the one started after it "
                + "restarted; output, started before, kept running.", output.diagnostics().incarnation(),
                transform.diagnostics().incarnation(), ingest.diagnostics().incarnation());
        say("output received %s; the refs stayed valid across the restart.", out);
        pipeline.terminateAll();
    }

    // ------------------------------------------------------------------------------------------
    static void linkedPair(Supervisor supervisor) throws Exception {
        scene(3, "A linked pair dies together; a monitor is told");
        Group g = supervisor.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.none()));
        ActorRef producer = g.spawn((self, msg, ctx) -> {
            throw new IllegalStateException("producer lost its socket");
        }, SpawnOptions.builder().name("producer").build());
        ActorRef consumer = g.spawn((self, msg, ctx) -> {}, SpawnOptions.builder().name("consumer").build());
        producer.link(consumer);
        List<String> downs = new CopyOnWriteArrayList<>();
        ActorRef watcher = supervisor.spawn((self, msg, ctx) -> {
            if (msg.msg().equals("DOWN")) {
                Down down = msg.data(Down.class);
                downs.add(down.id() + " " + down.reason());
            }
        }, SpawnOptions.builder().name("watcher").build());
        watcher.monitor(producer);
        watcher.monitor(consumer);
        producer.receive("go", null);
        waitFor(() -> downs.size() == 2, 5000);
        say("producer crashed, and its link took consumer down with it (reason %s).", reasonOf(consumer));
        say("the watcher's handler got one DOWN per monitor: %s", downs);
        watcher.terminate();
    }

    // ------------------------------------------------------------------------------------------
    static void crashLoopEscalates() throws Exception {
        scene(4, "A crash loop backs off, then escalates");
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder()
                .retry(Retry.exponential(4, Duration.ofMillis(20)).within(Duration.ofSeconds(10))).build())) {
            List<Long> restartsAt = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            CountDownLatch escalated = new CountDownLatch(1);
            s.subscribe(m -> {
                if (m.msg().equals("EXIT")) {
                    restartsAt.add((System.nanoTime() - start) / 1_000_000);
                } else if (m.msg().equals("ESCALATED")) {
                    say("ESCALATED: %s", m.data(Escalated.class));
                    escalated.countDown();
                }
            });
            ActorRef flaky = s.spawn(new Actor() {
                @Override
                public void handle(dev.future.ActorSelf self, Message msg, dev.future.ActorContext ctx) {
                    throw new IllegalStateException("config file missing");
                }
            }, SpawnOptions.builder().name("flaky").build());
            // every incarnation crashes on its first message; keep feeding it
            Thread feeder = Thread.ofVirtual().start(() -> {
                while (flaky.isAlive()) {
                    flaky.receive("try", null);
                    sleepQuietly(5);
                }
            });
            escalated.await(10, TimeUnit.SECONDS);
            feeder.join(2000);
            say("flaky crashed at %s ms after start: the gaps grow (20, 40, 80, 160 ms of backoff), no hot loop.",
                    restartsAt);
            say("its 5th crash exceeded Retry.exponential(4): the root group stopped its members; flaky ended with %s; "
                    + "the supervisor is still usable (escalations=%d).", reasonOf(flaky), s.diagnostics().escalations());
        }
    }

    // ------------------------------------------------------------------------------------------
    static void tierTwoHandoff() throws Exception {
        scene(5, "Tier 2: a 16 MiB result shared with three readers, zero-copy");
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder().memory(4, "16mb").build())) {
            long size = 16L << 20;
            Group team = s.createGroup(GroupConfig.builder().build());
            List<String> results = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                int reader = i;
                team.spawn((self, msg, ctx) -> {
                    if (!msg.hasHandle()) {
                        return;
                    }
                    long t0 = System.nanoTime();
                    try (Reader r = ctx.read(msg).orElseThrow()) {
                        MemorySegment seg = r.segment(); // read-only view of the shared box: no copy
                        long sum = 0;
                        for (long off = reader; off < seg.byteSize(); off += 4096) {
                            sum += seg.get(ValueLayout.JAVA_BYTE, off);
                        }
                        results.add(String.format("reader-%d summed a page sample in place (%.2f ms, sum=%d)", reader,
                                ms(t0), sum));
                    }
                }, SpawnOptions.builder().name("reader-" + i).build());
            }
            say("pool before: %s", pool(s.diagnostics().memoryPool()));
            long[] writeNanos = new long[1];
            ActorRef producer = team.spawn((self, msg, ctx) -> {
                long t0 = System.nanoTime();
                Result<dev.future.Handle> h = ctx.write("matrix", FmtType.BINARY, Share.GROUP, size,
                        seg -> seg.fill((byte) 1));
                writeNanos[0] = System.nanoTime() - t0;
                self.send("written", h.isOk() ? h.value().toString() : h.error());
            }, SpawnOptions.builder().name("producer").build());
            producer.receive("compute", null);
            waitFor(() -> results.size() == 3, 10_000);
            say("producer filled 16 MiB in place and committed in %.2f ms; the handle went to its 3 group mates.",
                    writeNanos[0] / 1e6);
            results.forEach(Demo::say);
            waitFor(() -> s.diagnostics().memoryPool().boxesInUse() == 0, 5000);
            say("pool after every reader closed its view: %s", pool(s.diagnostics().memoryPool()));
        }
    }

    // ------------------------------------------------------------------------------------------
    /** The agent's database tool. */
    public interface Db {
        record Query(@NotBlank String sql, @NotNull @Size(max = 5) List<Object> params) {}

        record Rows(@NotNull List<Map<String, Object>> rows) {}

        @NotNull @Valid Rows query(@NotNull @Valid Query q);
    }

    /** The agent's calculator tool. */
    public interface Calculator {
        record Expr(@NotNull Double a, @NotNull @Pattern(regexp = "[+\\-*/]") String op, @NotNull Double b) {}

        @NotNull Double compute(@NotNull @Valid Expr e);
    }

    static void agentWithTools() throws Exception {
        scene(6, "An agent with a tool belt: a real H2 database and a calculator, through validated proxies");
        String url = "jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("create table orders(id int, amount double)");
            c.createStatement().execute("insert into orders values (1, 120.5), (2, 79.5), (3, 300.0)");
        }
        Db db = q -> {
            try (Connection c = DriverManager.getConnection(url); var st = c.prepareStatement(q.sql())) {
                for (int i = 0; i < q.params().size(); i++) {
                    st.setObject(i + 1, q.params().get(i));
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(Map.of(rs.getMetaData().getColumnLabel(1).toLowerCase(), rs.getObject(1)));
                    }
                }
                return new Db.Rows(rows);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        Calculator calc = e -> switch (e.op()) {
            case "+" -> e.a() + e.b();
            case "-" -> e.a() - e.b();
            case "*" -> e.a() * e.b();
            default -> e.a() / e.b();
        };
        try (Supervisor s = Supervisor.create(SupervisorConfig.builder()
                .resource(Db.class, db, () -> DriverManager.getConnection(url).createStatement().execute("shutdown"))
                .resource(Calculator.class, calc).build())) {
            List<String> said = new CopyOnWriteArrayList<>();
            ActorRef agent = s.spawn((self, msg, ctx) -> {
                Db.Rows rows = ctx.resource(Db.class).query(new Db.Query("select amount from orders", List.of()));
                double total = 0;
                for (Map<String, Object> row : rows.rows()) {
                    total = ctx.resource(Calculator.class).compute(new Calculator.Expr(total, "+",
                            ((Number) row.get("amount")).doubleValue()));
                }
                said.add("the orders add up to " + total);
                try {
                    ctx.resource(Calculator.class).compute(new Calculator.Expr(total, "^", 2.0));
                } catch (ResourceException e) {
                    said.add("a bad tool call was refused before reaching the calculator: " + e.violations());
                }
            }, SpawnOptions.builder().name("agent").build());
            agent.receive("how much did we sell?", null);
            waitFor(() -> said.size() == 2, 10_000);
            said.forEach(line -> say("agent: %s", line));
        }
    }

    // ------------------------------------------------------------------------------------------
    static void raceAndTimeout(Supervisor supervisor) throws Exception {
        scene(7, "Tasks: a race between a fast and a hung fetch");
        AtomicBoolean hungInterrupted = new AtomicBoolean();
        Task<String> hungFetch = supervisor.task(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                hungInterrupted.set(true);
                throw e;
            }
            return "too late";
        });
        Task<String> fastFetch = supervisor.task(() -> {
            Thread.sleep(30);
            return "page from the fast mirror";
        });
        Result<String> winner = Tasks.race(List.of(hungFetch, fastFetch)).await(Duration.ofSeconds(5));
        waitFor(hungInterrupted::get, 5000);
        say("race returned %s; the hung fetch was killed, not abandoned (interrupted=%s, state=%s).", winner,
                hungInterrupted.get(), hungFetch.state());
        Task<String> bounded = Tasks.withTimeout(supervisor.task(() -> {
            Thread.sleep(60_000);
            return "never";
        }), Duration.ofMillis(200));
        say("withTimeout(200 ms) on a sleeping task: %s", bounded.await());
    }

    // ------------------------------------------------------------------------------------------
    /** An untrusted plugin: it loops forever on the CPU. In a worker JVM of its own, that is killable. */
    public static final class SpinningPlugin implements dev.future.Actor {
        public SpinningPlugin() {}

        @Override
        public void handle(dev.future.ActorSelf self, Message msg, dev.future.ActorContext ctx) {
            self.send("started", ProcessHandle.current().pid());
            long x = 0;
            while (true) { // no heartbeat, no exit: only a real kill stops this
                x += System.nanoTime() & 1;
                if (x == Long.MIN_VALUE) {
                    break;
                }
            }
        }
    }

    /** A task body that never finishes on its own. */
    public static final class SpinningTask implements dev.future.TaskBody<String, String> {
        public SpinningTask() {}

        @Override
        public String run(String input, dev.future.TaskContext ctx) {
            long x = 0;
            while (x != Long.MIN_VALUE) {
                x += System.nanoTime() & 1;
            }
            return input;
        }
    }

    static void untrustedPlugin(Supervisor supervisor) throws Exception {
        scene(8, "An untrusted plugin spinning in a PROCESS actor, killed for real and restarted");
        List<Long> pids = new CopyOnWriteArrayList<>();
        List<String> exits = new CopyOnWriteArrayList<>();
        ActorRef plugin = supervisor.spawn(SpinningPlugin.class, SpawnOptions.builder().name("plugin")
                .isolation(dev.future.Isolation.PROCESS).maxHeap("64m").hangTimeout(Duration.ofMillis(500)).build());
        plugin.subscribe(m -> {
            if (m.msg().equals("started")) {
                pids.add(((Number) m.data()).longValue());
            } else if (m.msg().equals("EXIT")) {
                exits.add(m.data(dev.future.Exit.class).reason());
            }
        });
        AtomicInteger handled = new AtomicInteger();
        ActorRef helper = supervisor.spawn((self, msg, ctx) -> handled.incrementAndGet(),
                SpawnOptions.builder().name("thread-helper").build());
        long t0 = System.nanoTime();
        plugin.receive("run", null);
        for (int i = 0; i < 100; i++) {
            helper.receive("work", i);
            sleepQuietly(10);
        }
        waitFor(() -> !exits.isEmpty() && !pids.isEmpty(), 20_000);
        long firstPid = pids.getFirst();
        waitFor(() -> ProcessHandle.of(firstPid).map(h -> !h.isAlive()).orElse(true), 5000);
        say("plugin spun in worker JVM pid %d; past its 500 ms hangTimeout the watchdog killed it with SIGKILL "
                + "(%.0f ms after it started, reason: %s), and pid %d is gone from the OS.", firstPid, ms(t0),
                exits.getFirst(), firstPid);
        waitFor(() -> plugin.diagnostics().incarnation() >= 2, 10_000);
        say("its group restarted it in a fresh worker: incarnation %d, same ref, isolation %s.",
                plugin.diagnostics().incarnation(), plugin.diagnostics().isolation());
        waitFor(() -> handled.get() == 100, 5000);
        say("meanwhile the THREAD actor beside it handled all %d messages.", handled.get());
        plugin.terminate();
        helper.terminate();

        long t1 = System.nanoTime();
        Task<String> spinning = supervisor.task(SpinningTask.class, "never returns",
                dev.future.TaskOptions.builder().isolation(dev.future.Isolation.PROCESS).build());
        Result<String> r = Tasks.withTimeout(spinning, Duration.ofMillis(800)).await();
        say("a PROCESS task spinning forever, wrapped in withTimeout(800 ms): %s after %.0f ms; its worker was "
                + "SIGKILLed and the demo goes on.", r, ms(t1));
    }

    // ------------------------------------------------------------------------------------------
    static void diagnostics(Supervisor supervisor) {
        scene(9, "Diagnostics");
        SupervisorDiagnostics d = supervisor.diagnostics();
        say("active=%d spawned=%d terminated=%d restarts=%d runaways=%d deadLetters=%d", d.activeActors(),
                d.totalActorsSpawned(), d.totalActorsTerminated(), d.restarts(), d.runaways(), d.deadLetters());
        say("ends by reason: %s", d.endsByReason());
        for (SupervisorDiagnostics.Runaway r : d.runawayDetails()) {
            say("runaway: %s (incarnation %d, killed for '%s')", r.name(), r.incarnation(), r.reason());
        }
        for (ActorDiagnostics a : d.recentlyTerminated()) {
            say("  ended: %-14s %-8s %-10s %s", a.name(), a.isolation(), a.state(),
                    a.terminationReason().orElse(""));
        }
    }

    static void linger() {
        String linger = System.getenv("FUTURE_DEMO_LINGER");
        if (linger != null && linger.matches("\\d+")) {
            say("Lingering %s s so you can look at the observer...", linger);
            sleepQuietly(Long.parseLong(linger) * 1000);
        }
    }

    // ------------------------------------------------------------------------------------------
    static String pool(SupervisorDiagnostics.MemoryPool p) {
        return String.format("%d boxes of %d MiB, %d in use (free=%d writing=%d ready=%d)", p.poolSize(),
                p.boxSize() >> 20, p.boxesInUse(), p.free(), p.writing(), p.ready());
    }

    static String reasonOf(ActorRef ref) {
        return ref.diagnostics().terminationReason().orElse("(alive)");
    }

    static void scene(int n, String title) {
        System.out.println();
        System.out.println("== " + n + ". " + title);
    }

    static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
    }

    static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the demo waited " + timeoutMs + " ms for a condition that did not come");
            }
            Thread.sleep(5);
        }
    }
}
