package dev.future;

import static dev.future.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.future.TestSupport.Recorder;
import dev.future.internal.process.worker.WorkerTestHooks;
import dev.future.resources.Calculator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PROCESS isolation: what only a worker JVM can do (the shared behaviour is {@link IsolationContract}). */
@Timeout(60)
class ProcessTest {

    static final String WORKER_MAIN = "dev.future.internal.process.worker.WorkerMain";

    Supervisor supervisor;

    @BeforeEach
    void start() {
        supervisor = Supervisor.create(TestSupport.fast().retry(Retry.none()).memory(4, "64kb")
                .resource(Calculator.class, Calculator::evaluate).build());
    }

    @AfterEach
    void stop() {
        supervisor.close();
    }

    @AfterAll
    static void shouldLeaveNoWorkerProcessesBehind() {
        eventually().until(() -> workers(ProcessHandle.current()).isEmpty());
    }

    /** Live worker JVMs under {@code parent}. */
    static List<ProcessHandle> workers(ProcessHandle parent) {
        return parent.descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().arguments().map(a -> Arrays.asList(a).contains(WORKER_MAIN)).orElse(true))
                .toList();
    }

    static SpawnOptions.Builder process() {
        return SpawnOptions.builder().isolation(Isolation.PROCESS).restart(Restart.TEMPORARY);
    }

    static String reason(Message down) {
        return ((Down) down.data()).reason();
    }

    static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    // ------------------------------------------------------------------ actors (run in worker JVMs)

    /** Reports its pid, then does what it is told: spin, exit, halt, allocate for ever, break the protocol. */
    public static final class Misbehaving implements Actor {
        public Misbehaving() {}

        @Override
        @SuppressWarnings("InfiniteLoopStatement")
        public void handle(ActorSelf self, Message msg, ActorContext ctx) throws Exception {
            self.send("pid", ProcessHandle.current().pid());
            switch (msg.msg()) {
                case "spin" -> {
                    long x = 0;
                    while (true) {
                        x++;
                        if (x == Long.MIN_VALUE) {
                            self.send("never");
                        }
                    }
                }
                case "exit" -> System.exit((Integer) msg.data());
                case "halt" -> Runtime.getRuntime().halt((Integer) msg.data());
                case "bomb" -> {
                    List<byte[]> hog = new ArrayList<>();
                    while (true) {
                        hog.add(new byte[1 << 20]);
                    }
                }
                case "garbage" -> WorkerTestHooks.writeRaw(garbage((String) msg.data()));
                case "forge-tell" -> {
                    self.send("pid", ProcessHandle.current().pid());
                    java.nio.ByteBuffer b = dev.future.internal.process.FrameCodec.encode(new dev.future.internal.process
                            .Frame.Tell(((Number) msg.data()).longValue(), "ping", null));
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    WorkerTestHooks.writeRaw(bytes);
                }
                case "monitor-id", "monitor-sender" -> {
                    long id = msg.msg().equals("monitor-id") ? ((Number) msg.data()).longValue() : msg.from().value();
                    ActorRef fake = (ActorRef) java.lang.reflect.Proxy.newProxyInstance(ActorRef.class.getClassLoader(),
                            new Class<?>[] {ActorRef.class}, (p, m, a) -> m.getName().equals("id") ? new ActorId(id) : null);
                    try {
                        ctx.monitor(fake);
                        self.send("monitor", "ok");
                    } catch (IllegalArgumentException e) {
                        self.send("monitor", "refused: " + e.getMessage());
                    }
                }
                case "truncate" -> {
                    Path pool = WorkerTestHooks.poolPath();
                    try (FileChannel ch = FileChannel.open(pool, StandardOpenOption.WRITE)) {
                        ch.truncate(0);
                        self.send("truncate", "done");
                    } catch (IOException e) {
                        self.send("truncate", "refused: " + e.getMessage());
                    }
                }
                case "calc" -> {
                    try {
                        Calculator.Answer a = ctx.resource(Calculator.class).compute(
                                new Calculator.Expr(6.0, (String) msg.data(), 7.0));
                        self.send("answer", a.shown());
                    } catch (ResourceException e) {
                        self.send("refused", String.join(",", e.violations()));
                    }
                }
                case "child" -> {
                    ActorRef kid = ctx.spawn(IsolationContract.Echo.class, SpawnOptions.builder().name("kid").build());
                    ctx.monitor(kid);
                    kid.receive("ping", "from a worker");
                    kid.terminate();
                    self.send("down", ctx.receive("DOWN", Duration.ofSeconds(10)).map(m -> m.data(Down.class).reason())
                            .orElse("none"));
                }
                default -> { }
            }
        }

        static byte[] garbage(String kind) {
            return switch (kind) {
                case "oversize" -> ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
                case "unknown-tag" -> new byte[] {0, 0, 0, 2, (byte) 200, 0};
                case "bad-cbor" -> new byte[] {0, 0, 0, 4, 7, (byte) 0xff, (byte) 0xfe, (byte) 0xfd};
                // a Reply: only the supervisor may send one
                case "supervisor-frame" -> new byte[] {0, 0, 0, 2, 2, (byte) 0xa0};
                // a Release with a negative box: {"box": -1, "epoch": 0, "reader": false}
                case "bad-field" -> {
                    byte[] body = {(byte) 0xa3, 0x63, 'b', 'o', 'x', 0x20, 0x65, 'e', 'p', 'o', 'c', 'h', 0x00,
                            0x66, 'r', 'e', 'a', 'd', 'e', 'r', (byte) 0xf4};
                    yield ByteBuffer.allocate(5 + body.length).putInt(body.length + 1).put((byte) 15).put(body).array();
                }
                default -> "not even a frame".getBytes(StandardCharsets.UTF_8);
            };
        }
    }

    /** Echoes plain data back, reading it as a Map first (as most actors would). */
    public static final class PlainEcho implements Actor {
        public PlainEcho() {}

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            Map<?, ?> data = msg.data(Map.class);
            self.send("echoed", data);
            ctx.heartbeat();
        }
    }

    /** A constructor that throws, in the worker. */
    public static final class Unbuildable implements Actor {
        public Unbuildable() {
            throw new IllegalStateException("no way");
        }

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {}
    }

    /** {@code n * n}, in a worker. */
    public static final class Square implements TaskBody<Integer, Integer> {
        public Square() {}

        @Override
        public Integer run(Integer n, TaskContext ctx) {
            return n * n;
        }
    }

    /** Spins until killed. */
    public static final class SpinTask implements TaskBody<String, String> {
        public SpinTask() {}

        @Override
        @SuppressWarnings("InfiniteLoopStatement")
        public String run(String in, TaskContext ctx) throws java.io.IOException {
            if (in.startsWith("/")) { // a file to tell the test which worker runs it
                java.nio.file.Files.writeString(Path.of(in), Long.toString(ProcessHandle.current().pid()));
            }
            long x = 0;
            while (true) {
                x++;
                if (x == Long.MIN_VALUE) {
                    return in;
                }
            }
        }
    }

    Recorder spawnAndSend(SpawnOptions options, String msg, Object data) {
        ActorRef a = supervisor.spawn(Misbehaving.class, options);
        Recorder r = new Recorder();
        a.subscribe(r);
        a.receive(msg, data);
        return r;
    }

    // ------------------------------------------------------------------ tests

    @Nested
    class Kill {
        @Test
        void shouldKillASpinningActorOnTerminateAndItsWorkerProcessWithIt() {
            ActorRef a = supervisor.spawn(Misbehaving.class, process().build());
            Recorder r = new Recorder();
            a.subscribe(r);
            a.receive("spin", null);
            long pid = ((Number) r.awaitFirst("pid").data()).longValue();
            long t0 = System.nanoTime();
            a.terminate();
            Message down = r.awaitFirst("DOWN");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            assertThat(reason(down)).isEqualTo("terminated");
            eventually().until(() -> gone(pid));
        }

        @Test
        void shouldKillASpinningActorPastItsHangTimeout() {
            Recorder r = spawnAndSend(process().hangTimeout(Duration.ofMillis(300)).build(), "spin", null);
            long pid = ((Number) r.awaitFirst("pid").data()).longValue();
            assertThat(reason(r.awaitFirst("DOWN"))).isEqualTo("timeout");
            eventually().until(() -> gone(pid));
        }

        @Test
        void shouldRestartAKilledActorInAFreshWorker() {
            try (Supervisor s = Supervisor.create(TestSupport.fast().build())) {
                ActorRef a = s.spawn(Misbehaving.class, SpawnOptions.builder().isolation(Isolation.PROCESS)
                        .hangTimeout(Duration.ofMillis(300)).build());
                Recorder r = new Recorder();
                a.subscribe(r);
                a.receive("spin", null);
                long first = ((Number) r.awaitFirst("pid").data()).longValue();
                assertThat(((Exit) r.awaitFirst("EXIT").data()).reason()).isEqualTo("timeout");
                a.receive("noop", null);
                eventually().until(() -> r.withKey("pid").size() == 2);
                long second = ((Number) r.withKey("pid").get(1).data()).longValue();
                assertThat(second).isNotEqualTo(first);
                assertThat(a.diagnostics().incarnation()).isEqualTo(2);
                eventually().until(() -> gone(first));
            }
        }
    }

    @Nested
    class WorkersEndingByThemselves {
        @Test
        void shouldReportSystemExitAsWorkerExitWithItsCode() {
            Recorder r = spawnAndSend(process().build(), "exit", 7);
            assertThat(reason(r.awaitFirst("DOWN"))).isEqualTo("worker_exit: 7");
        }

        @Test
        void shouldReportHaltAsWorkerExitWithItsCode() {
            Recorder r = spawnAndSend(process().build(), "halt", 9);
            assertThat(reason(r.awaitFirst("DOWN"))).isEqualTo("worker_exit: 9");
        }

        @Test
        void shouldKillOnlyTheWorkerThatRanOutOfMemoryWhileThreadActorsGoOn() {
            Recorder r = spawnAndSend(process().maxHeap("32m").build(), "bomb", null);
            ActorRef echo = supervisor.spawn(IsolationContract.Echo.class, SpawnOptions.defaults());
            Recorder e = new Recorder();
            echo.subscribe(e);
            assertThat(reason(r.awaitFirst("DOWN"))).isEqualTo("out_of_memory");
            echo.receive("ping", "still here");
            assertThat(e.awaitFirst("pong").data()).isEqualTo("still here");
        }
    }

    @Nested
    class UntrustedWorkers {
        @ParameterizedTest
        @ValueSource(strings = {"oversize", "unknown-tag", "bad-cbor", "supervisor-frame", "bad-field"})
        void shouldKillAWorkerThatBreaksTheProtocolAndGoOn(String kind) {
            Recorder r = spawnAndSend(process().build(), "garbage", kind);
            long pid = ((Number) r.awaitFirst("pid").data()).longValue();
            assertThat(reason(r.awaitFirst("DOWN"))).isEqualTo("protocol_error");
            eventually().until(() -> gone(pid));
            ActorRef echo = supervisor.spawn(IsolationContract.Echo.class, process().build());
            Recorder e = new Recorder();
            echo.subscribe(e);
            echo.receive("ping", kind);
            assertThat(e.awaitFirst("pong").data()).isEqualTo(kind);
        }

        @Test
        void shouldKillAWorkerThatTellsAnActorItWasNeverToldAbout() {
            ActorRef victim = supervisor.spawn(IsolationContract.Echo.class, SpawnOptions.defaults());
            Recorder v = new Recorder();
            victim.subscribe(v);
            Recorder r = spawnAndSend(process().build(), "forge-tell", victim.id().value());
            assertThat(reason(r.awaitFirst("DOWN"))).isEqualTo("protocol_error");
            victim.receive("ping", "direct");
            assertThat(v.awaitFirst("pong").data()).isEqualTo("direct"); // the forged ping never arrived
        }

        @Test
        void shouldRefuseRefOpsOnActorsTheWorkerWasNeverToldAbout() {
            ActorRef stranger = supervisor.spawn(IsolationContract.Echo.class, SpawnOptions.defaults());
            Recorder r = spawnAndSend(process().build(), "monitor-id", stranger.id().value());
            assertThat((String) r.awaitFirst("monitor").data()).startsWith("refused: " + stranger.id()
                    + " is not known to this PROCESS actor");
        }

        @Test
        void shouldLetAWorkerMonitorTheSenderOfAMessage() {
            ActorRef p = supervisor.spawn(Misbehaving.class, process().build());
            Recorder r = new Recorder();
            p.subscribe(r);
            Actor sender = (self, msg, ctx) -> p.receive("monitor-sender", null);
            supervisor.spawn(sender).receive("go", null);
            assertThat(r.awaitFirst("monitor").data()).isEqualTo("ok");
        }

        @Test
        void shouldNotLetAWorkerShrinkTheSharedPool() {
            List<Reader> held = new CopyOnWriteArrayList<>();
            Actor writer = (self, msg, ctx) -> ctx.write(Write.string("blob", "still readable"));
            ActorRef w = supervisor.spawn(writer);
            w.subscribe(m -> {
                if (m.hasHandle()) {
                    w.read(m).ifPresent(held::add); // kept open past the callback
                }
            });
            w.receive("go", null);
            eventually().until(() -> !held.isEmpty());
            Recorder r = spawnAndSend(process().build(), "truncate", null);
            assertThat((String) r.awaitFirst("truncate").data()).startsWith("refused");
            try (Reader reader = held.getFirst()) {
                assertThat(reader.string()).isEqualTo("still readable");
            }
        }
    }

    @Nested
    class RelayedCalls {
        @Test
        void shouldValidateResourceCallsInTheSupervisor() {
            Recorder r = spawnAndSend(process().build(), "calc", "*");
            assertThat(r.awaitFirst("answer").data()).isEqualTo("6.0 * 7.0 = 42.0");
            Recorder bad = spawnAndSend(process().build(), "calc", "%");
            assertThat((String) bad.awaitFirst("refused").data()).contains("op");
        }

        @Test
        void shouldSpawnMonitorAndTerminateAChildFromAWorker() {
            Recorder all = new Recorder();
            supervisor.subscribe(all);
            Recorder r = spawnAndSend(process().build(), "child", null);
            assertThat(r.awaitFirst("down").data()).isEqualTo("terminated");
            assertThat(all.awaitFirst("pong").data()).isEqualTo("from a worker");
        }
    }

    @Nested
    class Lean {
        /** jackson-databind is ~600 classes and ~14 MB of RSS per worker: it must load only when needed. */
        @Test
        void aWorkerThatSeesOnlyPlainDataNeverLoadsJacksonDatabind(@TempDir Path logs) throws IOException {
            String old = System.getProperty("future.process.jvmOptions");
            System.setProperty("future.process.jvmOptions", "-Xlog:class+load:file=" + logs.resolve("w.%p.log"));
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("list", List.of(1, "two", 3.5, List.of(true)));
            data.put("bytes", new byte[] {1, 2});
            data.put("none", null);
            try (Supervisor s = Supervisor.create(TestSupport.fast().processPool(0).build())) {
                ActorRef a = s.spawn(PlainEcho.class, process().build());
                Recorder r = new Recorder();
                a.subscribe(r);
                a.receive("echo", data);
                @SuppressWarnings("unchecked")
                Map<String, Object> back = (Map<String, Object>) r.awaitFirst("echoed").data();
                assertThat(back.get("list")).isEqualTo(data.get("list"));
                assertThat((byte[]) back.get("bytes")).containsExactly(1, 2);
                assertThat(back).containsEntry("none", null);
            } finally {
                if (old == null) {
                    System.clearProperty("future.process.jvmOptions");
                } else {
                    System.setProperty("future.process.jvmOptions", old);
                }
            }
            List<String> loaded = new ArrayList<>();
            try (var files = Files.list(logs)) {
                for (Path f : files.toList()) {
                    loaded.addAll(Files.readAllLines(f));
                }
            }
            assertThat(loaded).anyMatch(l -> l.contains("dev.future.internal.process.worker.WorkerRunner"))
                    .noneMatch(l -> l.contains("tools.jackson.databind"));
        }
    }

    @Nested
    class Spawning {
        @Test
        void shouldRefuseTheLambdaForm() {
            assertThatThrownBy(() -> supervisor.spawn((self, msg, ctx) -> { }, process().build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class form");
        }

        @Test
        void shouldFailTheSpawnWhenTheConstructorThrowsInTheWorker() {
            assertThatThrownBy(() -> supervisor.spawn(Unbuildable.class, process().build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no way");
        }
    }

    @Nested
    class Tasks {
        @Test
        void shouldRunATaskBodyInAWorker() throws InterruptedException {
            Task<Integer> t = supervisor.task(Square.class, 7, TaskOptions.builder().isolation(Isolation.PROCESS).build());
            assertThat(t.await(Duration.ofSeconds(30))).isEqualTo(Result.ok(49));
        }

        @Test
        void shouldKillATaskThatTimesOut() throws Exception {
            Path pidFile = java.nio.file.Files.createTempFile("future-task", ".pid");
            Task<String> t = supervisor.task(SpinTask.class, pidFile.toString(), TaskOptions.builder()
                    .isolation(Isolation.PROCESS).timeout(Duration.ofMillis(2000)).build());
            assertThat(t.await(Duration.ofSeconds(30)).isErr()).isTrue();
            assertThat(t.state()).isEqualTo(TaskState.TIMED_OUT);
            eventually().until(() -> supervisor.diagnostics().activeActors() == 0);
            // the spinning body is gone from the OS, not abandoned
            eventually().until(() -> !java.nio.file.Files.readString(pidFile).isBlank());
            long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
            eventually().until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
            java.nio.file.Files.deleteIfExists(pidFile);
        }
    }

    @Nested
    class NoOrphans {
        @Test
        @Timeout(90)
        void shouldEndWorkersSoonAfterTheirParentJvmIsKilled() throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process parent = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), ParentDeathMain.class.getName())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<Long> pids = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("WORKERS ")) {
                        for (String p : line.substring(8).trim().split(" ")) {
                            pids.add(Long.parseLong(p));
                        }
                        break;
                    }
                }
                assertThat(pids).isNotEmpty();
                parent.destroyForcibly();
                parent.onExit().get();
            }
            eventually().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().allMatch(ProcessTest::gone));
            // its private directory outlived it (no hook ran); the next pool made removes it
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            String stale = "future-workers-" + parent.pid() + "-";
            Supplier<Long> left = () -> {
                try (var files = Files.list(tmp)) {
                    return files.filter(f -> f.getFileName().toString().startsWith(stale)).count();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            assertThat(left.get()).isEqualTo(1);
            dev.future.internal.process.WorkerPool.create(0).close();
            assertThat(left.get()).isZero();
        }
    }
}
