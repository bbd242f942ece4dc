package dev.future.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Worker JVMs for PROCESS actors: launches them, keeps a few pre-started ("warm") per heap size, and
 * makes sure none outlives its supervisor.
 *
 * <h2>Lifecycle</h2>
 * A supervisor makes its pool at its first PROCESS spawn, so a supervisor that never uses PROCESS
 * starts no JVM. {@link #take(long, Duration)} hands out a warm worker of that heap size when there is
 * one (else launches one, the cold path); once that worker has started its actor, {@link #refill}
 * launches replacements in the background, keeping {@code warm} spares per heap size in use. A worker handed out is used by one actor incarnation and
 * then killed: never reused. {@link #close()} kills every worker of the pool; a JVM shutdown hook
 * kills every worker of every pool should the JVM exit first; and a worker ends by itself when its
 * control socket reaches EOF or its parent process exits (so a SIGKILLed parent leaves no orphans).
 *
 * <h2>Launch</h2>
 * Each worker gets its own listening Unix socket in a private directory (mode 0700), the lean flags,
 * the parent's class path (or module path), and the AOT cache when one is ready ({@link AotCache}).
 * Readiness is one byte on the worker's stdout (before it pays for socket set-up), then it connects
 * and sends {@link Frame.Hello} with its pid. Its stderr goes to a file in the private directory,
 * read back to tell an out-of-memory death from other exits.
 *
 * <p>Threads: launches run on platform threads of this pool (a launch blocks on a pipe read, which
 * would pin a virtual thread's carrier); {@code take} may be called by any thread.
 */
public final class WorkerPool implements AutoCloseable {

    private static final String MAIN = "dev.future.internal.process.worker.WorkerMain";
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();
    private static final long LAUNCH_TIMEOUT_SECONDS = 60;
    /** Private directories are {@code future-workers-<supervisor pid>-<random>} in the temp directory. */
    static final String DIR_PREFIX = "future-workers-";

    private final int warm;
    private final Path dir;
    private final ExecutorService launcher;
    /** Spares by heap size: futures of launches in flight or done. */
    private final Map<Long, ConcurrentLinkedDeque<CompletableFuture<WorkerProcess>>> spares = new ConcurrentHashMap<>();
    private final Set<WorkerProcess> all = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed; // written by close(), read by launches and take

    private WorkerPool(int warm, Path dir) {
        this.warm = warm;
        this.dir = dir;
        this.launcher = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("future-worker-launch-", 0)
                .factory());
    }

    /** A pool keeping {@code warm} spares per heap size; no JVM starts until the first take. */
    public static WorkerPool create(int warm) throws IOException {
        removeStale(Path.of(System.getProperty("java.io.tmpdir")));
        Path dir = Files.createTempDirectory(DIR_PREFIX + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                    "future-worker-reaper"));
        }
        return new WorkerPool(warm, dir);
    }

    /**
     * Removes the private directories of supervisors that died without closing their pool (a SIGKILLed
     * JVM runs no hook): {@code future-workers-<pid>-*} whose pid no longer runs. A directory of a
     * live pid is left alone even if that pid was reused by another program (harmless: it is only
     * kept). Best-effort; the directories are ours (mode 0700), symbolic links are not followed.
     */
    static void removeStale(Path tmp) {
        try (var dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
            for (Path d : dirs) {
                String rest = d.getFileName().toString().substring(DIR_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0) {
                    // an older layout (future-workers-<random digits>): whose it is cannot be told, and
                    // its digits are not a pid (reading them as one deleted live pools' directories)
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).isPresent()
                        || !Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                deleteTree(d);
            }
        } catch (IOException | RuntimeException ignored) {
            // best-effort: a stale directory costs a few bytes
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best-effort
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best-effort: a launch ending now may delete its socket file under the walk
        }
    }

    /** Every worker process of this JVM is killed by the shutdown hook while it lives. */
    static void track(Process p) {
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
    }

    /**
     * A connected worker with heap {@code maxHeap}, ready for a {@link Frame.Start}.
     *
     * @throws IOException when no worker could be started within {@code timeout} (naming why)
     */
    public WorkerProcess take(long maxHeap, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        var queue = spares.computeIfAbsent(maxHeap, k -> new ConcurrentLinkedDeque<>());
        IOException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (closed) {
                throw new IOException("the worker pool is closed (the supervisor is shutting down)");
            }
            CompletableFuture<WorkerProcess> f = queue.poll();
            if (f == null) {
                f = launchAsync(maxHeap); // cold; the caller refills once its actor has started
            }
            try {
                WorkerProcess w = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (w.process().isAlive()) {
                    return w;
                }
                failure = new IOException("a warm worker had died before it was used: "
                        + w.exitReason(100));
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                failure = c instanceof IOException io ? io : new IOException(c.toString(), c);
            } catch (TimeoutException e) {
                f.thenAccept(WorkerProcess::destroy);
                throw new IOException("no worker JVM was ready within " + timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.thenAccept(WorkerProcess::destroy);
                throw new IOException("interrupted while waiting for a worker JVM", e);
            }
        }
        throw failure;
    }

    /**
     * Starts replacements until {@code warm} spares of {@code maxHeap} are up or starting. Called once the
     * worker taken has started its actor, so a JVM start-up does not compete with that spawn for the CPU.
     */
    public void refill(long maxHeap) {
        var queue = spares.computeIfAbsent(maxHeap, k -> new ConcurrentLinkedDeque<>());
        synchronized (queue) {
            while (!closed && queue.size() < warm) {
                queue.add(launchAsync(maxHeap));
            }
        }
    }

    private CompletableFuture<WorkerProcess> launchAsync(long maxHeap) {
        CompletableFuture<WorkerProcess> f = new CompletableFuture<>();
        try {
            launcher.execute(() -> {
                try {
                    f.complete(launch(maxHeap));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IOException("the worker pool is closed"));
        }
        return f;
    }

    /** Launches and connects one worker (a launching thread; blocks up to the launch timeout). */
    private WorkerProcess launch(long maxHeap) throws IOException {
        if (closed) {
            throw new IOException("the worker pool is closed");
        }
        long n = sequence.incrementAndGet();
        Path socket = dir.resolve("w" + n + ".sock");
        Path stderr = dir.resolve("w" + n + ".err");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Process p = null;
        boolean ok = false;
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            ProcessBuilder pb = new ProcessBuilder(command(maxHeap, socket, AotCache.file(trainingCommand())))
                    .redirectError(stderr.toFile());
            p = pb.start();
            track(p);
            Process proc = p;
            p.getOutputStream().close();
            // a worker that dies (or hangs) while starting must not block this thread for ever
            p.onExit().thenRun(() -> closeQuietly(server));
            CompletableFuture<?> guard = CompletableFuture.runAsync(proc::destroyForcibly,
                    CompletableFuture.delayedExecutor(LAUNCH_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            try {
                awaitReady(p.getInputStream(), stderr);
                SocketChannel ch = server.accept();
                Frame hello = FrameCodec.read(ch, true);
                if (!(hello instanceof Frame.Hello h) || h.pid() != p.pid()) {
                    throw new IOException("worker pid " + p.pid() + " did not introduce itself: " + hello);
                }
                WorkerProcess w = new WorkerProcess(p, ch, stderr, maxHeap);
                all.add(w);
                p.onExit().thenRun(() -> {
                    all.remove(w);
                    w.cleanUp();
                });
                if (closed) {
                    w.destroy();
                    throw new IOException("the worker pool is closed");
                }
                ok = true;
                return w;
            } finally {
                guard.cancel(false);
            }
        } catch (ProtocolException e) {
            throw new IOException("worker broke the protocol while starting: " + e.getMessage(), e);
        } catch (IOException e) {
            if (p != null && !p.isAlive()) {
                String tail = new WorkerProcess(p, null, stderr, maxHeap).stderrTail(2000).strip();
                throw new IOException("worker JVM failed to start (exit code " + p.exitValue() + ")"
                        + (tail.isEmpty() ? "" : ": " + tail), e);
            }
            throw e;
        } finally {
            closeQuietly(server);
            Files.deleteIfExists(socket);
            if (!ok && p != null) {
                p.destroyForcibly();
            }
        }
    }

    private static void awaitReady(InputStream out, Path stderr) throws IOException {
        try (out) {
            for (int i = 0; i < 65536; i++) {
                int b = out.read();
                if (b == 'R') {
                    return;
                }
                if (b < 0) {
                    throw new IOException("worker JVM closed its stdout before it was ready");
                }
            }
            throw new IOException("worker JVM wrote 64 KiB to stdout without signalling readiness");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best-effort
        }
    }

    /** The worker command line: lean flags, the AOT cache when ready, the class or module path. */
    static List<String> command(long maxHeap, Path socket, Optional<Path> aot) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k", "-XX:-UsePerfData",
                "-Xmx" + Math.max(2048, maxHeap / 1024) + "k",
                // a small initial heap: the worker's start-up garbage reuses a few MB instead of touching 64
                "-Xms" + Math.min(8192, Math.max(2048, maxHeap / 1024)) + "k", "-XX:+ExitOnOutOfMemoryError",
                // give back the C1 and class-loading arenas (~6 MB) glibc keeps after start-up, once
                // the JVM's chunk pool cleaner has freed them (every 5 s)
                "-XX:TrimNativeHeapInterval=1000",
                "--enable-native-access=ALL-UNNAMED", "-Xlog:disable", "-Xlog:all=warning:stderr",
                "-Dfuture.worker=true"));
        aot.ifPresent(p -> cmd.add("-XX:AOTCache=" + p));
        // extra worker JVM options, for measurements and diagnostics (e.g. -XX:NativeMemoryTracking=summary)
        String extra = System.getProperty("future.process.jvmOptions", "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(launchTarget());
        if (socket != null) {
            cmd.add(socket.toString());
            cmd.add(Long.toString(ProcessHandle.current().pid()));
        }
        return cmd;
    }

    private static List<String> launchTarget() {
        List<String> out = new ArrayList<>();
        String modulePath = System.getProperty("jdk.module.path");
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            out.add("-cp");
            out.add(classPath);
        }
        if (modulePath != null && WorkerPool.class.getModule().isNamed()) {
            out.addAll(List.of("--enable-native-access=dev.future", "--module-path", modulePath, "--add-modules",
                    "ALL-MODULE-PATH", "-m", "dev.future/" + MAIN));
        } else {
            out.add(MAIN);
        }
        return out;
    }

    private static List<String> trainingCommand() {
        List<String> cmd = new ArrayList<>(command(64L << 20, null, Optional.empty()));
        cmd.add("--train");
        return cmd;
    }

    /** Kills every worker of this pool, spare or in use, and removes the private directory. */
    @Override
    public void close() {
        closed = true;
        launcher.shutdownNow();
        for (var queue : spares.values()) {
            CompletableFuture<WorkerProcess> f;
            while ((f = queue.poll()) != null) {
                f.thenAccept(WorkerProcess::destroy);
            }
        }
        List<WorkerProcess> workers = new ArrayList<>(all);
        workers.forEach(WorkerProcess::destroy);
        for (WorkerProcess w : workers) {
            try {
                w.process().onExit().get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                // it was SIGKILLed: the OS reaps it; nothing more we can do here
            }
        }
        deleteTree(dir);
    }

    /** Worker processes of this pool alive now (spares and in use), for tests and diagnostics. */
    public List<Long> pids() {
        return all.stream().map(WorkerProcess::pid).toList();
    }
}
