package dev.future.internal.process.worker;

import dev.future.Actor;
import dev.future.ActorId;
import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Message;
import dev.future.internal.box.SharedRegion;
import dev.future.internal.codec.FmtImpl;
import dev.future.internal.process.Frame;
import dev.future.internal.process.FrameCodec;
import dev.future.internal.process.PlainData;
import dev.future.internal.process.ProtocolException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs one actor in a worker JVM: constructs it on {@link Frame.Start} and runs its handler on each
 * {@link Frame.Deliver}, answering {@link Frame.Done} or {@link Frame.Crashed}.
 *
 * <p>Threads: the main thread runs constructors and handlers ({@link #run()}); a reader thread takes
 * every frame off the socket, queueing work for the main thread and replies for whichever thread made
 * the request, and halts the JVM at EOF (the supervisor closed the socket or died). Requests are made
 * one at a time ({@link #call} is synchronized), so a reply always answers the one outstanding request;
 * frame writes are serialized on the channel.
 */
final class WorkerRunner {

    private final SocketChannel channel;
    private final BlockingQueue<Frame> work = new LinkedBlockingQueue<>();
    private final BlockingQueue<Frame> replies = new LinkedBlockingQueue<>();
    // main thread only
    private Actor actor;
    private WorkerContext context;
    /** Written by the main thread at Start, read by handler code on any thread. */
    volatile SharedRegion region;
    volatile Path poolPath;
    private static volatile WorkerRunner current; // the one runner of this JVM, for WorkerTestHooks

    WorkerRunner(SocketChannel channel) {
        this.channel = channel;
        current = this;
    }

    static WorkerRunner current() {
        return current;
    }

    void writeRaw(java.nio.ByteBuffer bytes) throws IOException {
        synchronized (channel) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /** Writes one frame whole. */
    void send(Frame frame) {
        synchronized (channel) {
            try {
                FrameCodec.write(channel, frame);
            } catch (IOException e) {
                // the supervisor is gone or killed us: nothing of ours may outlive it
                Runtime.getRuntime().halt(0);
            }
        }
    }

    /** Sends a request and waits for its answer ({@link Frame.Reply} or {@link Frame.Grant}). */
    synchronized Frame call(Frame request) {
        send(request);
        try {
            return replies.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the supervisor", e);
        }
    }

    /** The main loop; never returns (the JVM halts at EOF). */
    void run() throws InterruptedException {
        Thread reader = Thread.ofPlatform().daemon().name("future-worker-reader").start(this::readLoop);
        reader.setUncaughtExceptionHandler((t, e) -> Runtime.getRuntime().halt(70));
        while (true) {
            Frame f = work.take();
            switch (f) {
                case Frame.Start s -> start(s);
                case Frame.Deliver d -> deliver(d);
                default -> throw new IllegalStateException("unexpected work frame " + f);
            }
        }
    }

    private void readLoop() {
        try {
            while (true) {
                Frame f = FrameCodec.read(channel, false);
                switch (f) {
                    case Frame.Start s -> work.add(s);
                    case Frame.Deliver d -> work.add(d);
                    case Frame.Reply r -> replies.add(r);
                    case Frame.Grant g -> replies.add(g);
                    default -> throw new ProtocolException("the supervisor sent " + f.getClass().getSimpleName());
                }
            }
        } catch (IOException | ProtocolException | RuntimeException e) {
            Runtime.getRuntime().halt(0);
        }
    }

    private void start(Frame.Start s) {
        try {
            if (s.poolPath() != null && region == null) {
                poolPath = Path.of(s.poolPath());
                region = SharedRegion.attach(poolPath, s.poolSize(), s.boxSize());
            }
            Class<?> type = Class.forName(s.actorClass(), true, ClassLoader.getSystemClassLoader());
            actor = type.asSubclass(Actor.class).getConstructor().newInstance();
            context = new WorkerContext(this, s.name(),
                    new FmtImpl(Map.of(), FmtType.valueOf(s.defaultFormat())));
            send(new Frame.Done());
        } catch (java.lang.reflect.InvocationTargetException e) {
            crashed(e.getCause());
        } catch (Throwable t) {
            crashed(t);
        }
    }

    private void deliver(Frame.Deliver d) {
        if (actor == null) {
            crashed(new IllegalStateException("no actor was started in this worker"));
            return;
        }
        try {
            context.self(new ActorId(d.self()));
            actor.handle(context, toMessage(d.message()), context);
            send(new Frame.Done());
        } catch (Throwable t) {
            crashed(t);
        }
    }

    private void crashed(Throwable t) {
        send(new Frame.Crashed(t.getClass().getName(), t.getMessage()));
    }

    // ------------------------------------------------------------------ conversions

    static Message toMessage(Frame.MessageFrame m) {
        Handle h = m.box() >= 0 ? new Handle(m.box(), m.epoch()) : null;
        return new Message(m.msg(), m.type() == null ? null : FmtType.valueOf(m.type()), m.data(), h,
                new ActorId(m.from()));
    }

    static Frame.MessageFrame toFrame(Message m) {
        Handle h = m.handle();
        return new Frame.MessageFrame(m.msg(), m.type() == null ? null : m.type().name(), PlainData.of(m.data()),
                h == null ? -1 : h.box(), h == null ? 0 : h.epoch(), m.from() == null ? 0 : m.from().value());
    }
}
