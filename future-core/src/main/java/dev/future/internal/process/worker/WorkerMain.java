package dev.future.internal.process.worker;

import dev.future.internal.process.Frame;
import dev.future.internal.process.FrameCodec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The main class of a worker JVM: {@code WorkerMain <socket> <parentPid>}.
 *
 * <p>Start-up order matters for spawn latency: signal readiness with one byte on stdout first (socket
 * set-up seeds {@code SecureRandom}, ~20 ms), then send stdout to stderr (so an actor printing cannot
 * fill a pipe nobody reads), then watch the parent, connect and say {@link Frame.Hello}. The worker
 * halts when its control socket reaches EOF or its parent process exits, so it never outlives the
 * supervisor's JVM, however that JVM ends.
 *
 * <p>{@code WorkerMain --train} is the AOT training run: it exercises the protocol and exits.
 */
public final class WorkerMain {

    /** The pool's private directory (the socket's), for the warm-up's scratch file; null when training. */
    private static Path warmDir;

    private WorkerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--train")) {
            train();
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: WorkerMain <socket> <parentPid>");
            System.exit(2);
        }
        System.out.write('R');
        System.out.flush();
        System.setOut(System.err);
        warmDir = Path.of(args[0]).toAbsolutePath().getParent();
        long parent = Long.parseLong(args[1]);
        ProcessHandle.of(parent).ifPresentOrElse(
                h -> h.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                () -> Runtime.getRuntime().halt(0));
        warmUp();
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])));
        WorkerRunner runner = new WorkerRunner(channel);
        runner.send(new Frame.Hello(ProcessHandle.current().pid()));
        runner.run();
    }

    /**
     * Initializes what the first message needs (the CBOR factory, the frame records and their
     * conversions) while the worker waits in the pool, so a warm spawn does not pay for it (~tens of ms
     * in a C1-only JVM). No data mapper: a worker loads jackson-databind only if its actor needs it.
     */
    static void warmUp() {
        try {
            var data = java.util.Map.of("k", List.of(1, "v"));
            Frame.MessageFrame mf = new Frame.MessageFrame("m", null, data, -1, 0, 1);
            for (Frame f : List.of(new Frame.Start("a.B", "n", null, 1, 1, "JSON"), new Frame.Deliver(mf, 1),
                    Frame.Reply.ok(data), new Frame.Grant(0, 1))) {
                java.nio.ByteBuffer b = FrameCodec.encode(f);
                byte[] bytes = new byte[b.remaining() - 4];
                b.position(4).get(bytes);
                FrameCodec.decode(bytes, false);
            }
            FrameCodec.encode(new Frame.Send("m", data));
            FrameCodec.encode(new Frame.Done());
            WorkerRunner.toFrame(WorkerRunner.toMessage(mf));
            // open every JAR of the class path now, not when the actor's class is first loaded
            var jars = ClassLoader.getSystemClassLoader().getResources("META-INF/MANIFEST.MF");
            while (jars.hasMoreElements()) {
                jars.nextElement();
            }
            warmStart();
        } catch (Exception | LinkageError e) {
            // warming is an optimisation: the first message pays instead
        }
    }

    /**
     * Runs what handling a Start needs, on dummies, so a warm spawn does not pay for it in a C1-only
     * JVM: attaching a shared region (the FFM mapping and arena code, ~4-6 ms cold), loading a class by
     * name and constructing it reflectively, and making an actor's context (~2 ms cold).
     */
    private static void warmStart() throws Exception {
        // in the pool's private directory when there is one (removed with the pool should we be killed now)
        Path dir = warmDir;
        Path file = dir == null ? Files.createTempFile("future-warm", ".pool")
                : Files.createTempFile(dir, "warm", ".pool");
        try {
            Files.write(file, new byte[4096]);
            dev.future.internal.box.SharedRegion.attach(file, 1, 4096).close();
        } finally {
            Files.deleteIfExists(file);
        }
        Class<?> type = Class.forName(TaskActor.class.getName(), true, ClassLoader.getSystemClassLoader());
        type.asSubclass(dev.future.Actor.class).getConstructor().newInstance();
        new WorkerContext(null, "n", new dev.future.internal.codec.FmtImpl(java.util.Map.of(),
                dev.future.FmtType.valueOf("JSON"))).self(new dev.future.ActorId(1));
    }

    /** Loads and runs what a worker runs, so the AOT cache holds it. */
    private static void train() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("future-train");
        Path sock = dir.resolve("t.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(sock));
                    SocketChannel peer = server.accept()) {
                var data = java.util.Map.of("k", List.of(1, "v"));
                Frame.MessageFrame mf = new Frame.MessageFrame("m", null, data, -1, 0, 1);
                List<Frame> frames = List.of(new Frame.Start("a.B", "n", null, 1, 1, "JSON"), new Frame.Deliver(mf, 1),
                        Frame.Reply.ok(data), new Frame.Grant(0, 1), new Frame.Hello(1), new Frame.Done(),
                        new Frame.Crashed("x.Y", "m"), new Frame.Send("m", data), new Frame.Tell(1, "m", data),
                        new Frame.Heartbeat(), new Frame.TerminateSelf(), new Frame.RefOp(1, "link", 0),
                        new Frame.Write("m", "JSON", "OWNER", List.of(), 1), new Frame.Filled(true),
                        new Frame.Read(mf), new Frame.Release(0, 0, true),
                        new Frame.Resource("a.B", "m", List.of("int"), List.of(data)),
                        new Frame.Spawn("a.B", null, "THREAD", 1 << 26, -1, false, "PERMANENT"),
                        new Frame.Receive(null, 1));
                for (int round = 0; round < 50; round++) {
                    for (Frame f : frames) {
                        FrameCodec.write(client, f);
                        FrameCodec.read(peer, false);
                    }
                }
                WorkerRunner.toMessage(mf);
            }
            warmUp();
        } catch (dev.future.internal.process.ProtocolException e) {
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
    }
}
