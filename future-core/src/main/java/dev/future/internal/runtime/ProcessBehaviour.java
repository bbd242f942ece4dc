package dev.future.internal.runtime;

import dev.future.Actor;
import dev.future.ActorContext;
import dev.future.ActorId;
import dev.future.ActorRef;
import dev.future.ActorSelf;
import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Isolation;
import dev.future.Message;
import dev.future.Reader;
import dev.future.ResourceException;
import dev.future.Restart;
import dev.future.Result;
import dev.future.Share;
import dev.future.SpawnOptions;
import dev.future.SupervisorConfig;
import dev.future.internal.box.BoxReader;
import dev.future.internal.box.SharedRegion;
import dev.future.internal.codec.Codecs;
import dev.future.internal.process.Frame;
import dev.future.internal.process.FrameCodec;
import dev.future.internal.process.PlainData;
import dev.future.internal.process.ProtocolException;
import dev.future.internal.process.WorkerPool;
import dev.future.internal.process.WorkerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The behaviour of a PROCESS actor's incarnation, as its {@link Incarnation} sees it: each message
 * is forwarded to the incarnation's own worker JVM, and while the worker's handler runs, this
 * (on the incarnation's drainer thread) serves the worker's requests by making the same
 * {@link Incarnation} calls a THREAD actor makes: fencing, authorization, the hang watchdog's
 * progress, tier-2 references and leases all apply unchanged. The handler has ended when the worker
 * answers {@link Frame.Done} or {@link Frame.Crashed} (a crash: {@code crashed: <class>: <message>}).
 *
 * <h2>Lifecycle</h2>
 * One worker per incarnation, taken from the {@link WorkerPool} when the behaviour is made: on the
 * spawning thread (which waits, so a throwing constructor fails the spawn as for THREAD) or, for a
 * restart made on the conductor, on a virtual thread (the conductor never waits for a JVM).
 * The incarnation ends, for whatever reason, through {@link #onKill} (the conductor's
 * {@code handleKill}: SIGKILL at once, no grace needed) and {@link #onFinish} (the conductor's
 * {@code finish}); the worker is never reused. A worker that dies by itself is noticed either by the
 * drainer (EOF on the socket, mid-handler) or by the process's exit callback (idle): the reason is
 * {@code out_of_memory} or {@code worker_exit: <code>}. A malformed frame kills the worker with
 * {@code protocol_error}.
 *
 * <p>Fields: {@code inc} written once by the Incarnation's constructor ({@link #bind}); {@code ended}
 * written by the conductor or the drainer, read by all; {@code worker} completed once by the starting
 * thread; {@code readers} drainer only.
 */
final class ProcessBehaviour implements Actor {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessBehaviour.class);
    static final String PROTOCOL_ERROR = "protocol_error";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Services services;
    private final Class<? extends Actor> type;
    private final SpawnOptions options;
    private final CompletableFuture<WorkerProcess> worker = new CompletableFuture<>();
    private volatile Incarnation inc;
    private volatile boolean ended;
    private final Map<Handle, Reader> readers = new HashMap<>();
    /**
     * The actor ids this incarnation's worker legitimately knows (drainer only): its own, its children,
     * and every id that reached it in a message (the sender, ActorIds and refs in the data, DOWN and
     * EXIT). A worker is untrusted: it may name only these in a Tell, a RefOp or a Share.
     */
    private final java.util.Set<Long> known = new java.util.HashSet<>();

    private ProcessBehaviour(Services services, Class<? extends Actor> type, SpawnOptions options) {
        this.services = services;
        this.type = type;
        this.options = options;
    }

    /**
     * A behaviour whose worker is starting (restarts, on the conductor) or started (spawns: the caller
     * waits, and a constructor that throws in the worker fails the spawn).
     */
    static ProcessBehaviour create(Services services, Class<? extends Actor> type, SpawnOptions options)
            throws Exception {
        ProcessBehaviour p = new ProcessBehaviour(services, type, options);
        if (services.sup().onConductorThread()) {
            Thread.ofVirtual().name("future-process-start").start(p::startWorker);
            return p;
        }
        p.startWorker();
        try {
            p.worker.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
        return p;
    }

    /** Takes a worker and constructs the actor in it; completes {@link #worker}. */
    private void startWorker() {
        WorkerProcess w = null;
        try {
            w = services.workerPool().take(options.maxHeap(), START_TIMEOUT);
            SupervisorConfig config = services.sup().config;
            Result<SharedRegion> region = services.tier2().pool().region();
            String path = region instanceof Result.Ok<SharedRegion>(SharedRegion r) ? r.path().toString() : null;
            w.send(new Frame.Start(type.getName(), options.name().orElse(null), path, config.poolSize(),
                    config.boxSize(), config.defaultFormat().name()));
            WorkerProcess started = w;
            var guard = CompletableFuture.runAsync(started::destroy,
                    CompletableFuture.delayedExecutor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            Frame f;
            try {
                f = w.read();
            } finally {
                guard.cancel(false);
            }
            switch (f) {
                case Frame.Done d -> { }
                case Frame.Crashed c -> throw new RemoteCrash(c.exceptionClass(), c.message());
                default -> throw new ProtocolException("a worker answered Start with " + f.getClass().getSimpleName());
            }
            w.process().onExit().thenRun(() -> onWorkerExit(started));
            worker.complete(w);
            services.workerPool().refill(options.maxHeap());
            if (ended) {
                w.destroy();
            }
        } catch (Exception e) {
            if (w != null) {
                w.destroy();
                services.workerPool().refill(options.maxHeap());
            }
            Exception failure = e instanceof ProtocolException || e instanceof IOException
                    ? new IOException("could not start " + type.getName() + " in a worker JVM: " + e.getMessage(), e) : e;
            worker.completeExceptionally(failure);
            failBound(failure);
        }
    }

    /** Called by the Incarnation's constructor: from now on a dying worker kills {@code i}. */
    void bind(Incarnation i) {
        inc = i;
        if (worker.isCompletedExceptionally()) {
            failBound(worker.exceptionNow());
        } else {
            WorkerProcess w = worker.getNow(null);
            if (w != null && !w.process().isAlive()) {
                onWorkerExit(w);
            }
        }
    }

    private void failBound(Throwable failure) {
        Incarnation i = inc;
        if (i != null && !ended && i.tryKill(Kill.crash(failure))) {
            services.sup().onConductor(() -> services.sup().handleKill(i));
        }
    }

    /** The worker's process exited (any thread): unless we ended it, that ends the incarnation. */
    private void onWorkerExit(WorkerProcess w) {
        Incarnation i = inc;
        if (ended || i == null) {
            return;
        }
        String reason = w.exitReason(1000);
        if (i.tryKill(new Kill(reason, false, true))) {
            LOG.warn("PROCESS actor {} (worker pid {}) ended by itself: {}{}", i.cell.label(), w.pid(), reason,
                    tail(w));
            services.sup().onConductor(() -> services.sup().handleKill(i));
        }
    }

    private static String tail(WorkerProcess w) {
        String t = w.stderrTail(2000).strip();
        return t.isEmpty() ? "" : "; its stderr ended with:\n" + t;
    }

    // ---------------------------------------------------------------- conductor hooks

    /** The conductor is killing {@code i}: a PROCESS worker is SIGKILLed at once. */
    static void onKill(Incarnation i) {
        if (i.behaviour() instanceof ProcessBehaviour p) {
            p.end();
        }
    }

    /** {@code i} has ended: its worker (if any) is gone for good. */
    static void onFinish(Incarnation i) {
        if (i.behaviour() instanceof ProcessBehaviour p) {
            p.end();
        }
    }

    /** Ends the worker, once it exists; idempotent. */
    void end() {
        ended = true;
        WorkerProcess w = worker.getNow(null);
        if (w != null) {
            w.destroy();
        }
    }

    /** The worker's pid, or -1 while it starts (tests and diagnostics). */
    long pid() {
        WorkerProcess w = worker.getNow(null);
        return w == null ? -1 : w.pid();
    }

    // ---------------------------------------------------------------- handling one message (the drainer)

    @Override
    public void handle(ActorSelf self, Message msg, ActorContext ctx) throws Exception {
        Incarnation i = (Incarnation) ctx;
        WorkerProcess w;
        try {
            w = worker.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
        Frame.Deliver deliver = new Frame.Deliver(frame(msg), i.cell.id.value());
        known.add(i.cell.id.value());
        learn(msg);
        try {
            w.send(deliver);
            serve(i, w);
        } catch (ProtocolException e) {
            ended = true;
            i.tryKill(new Kill(PROTOCOL_ERROR, false, true));
            w.destroy();
            LOG.warn("PROCESS actor {} (worker pid {}) broke the protocol and was killed: {}", i.cell.label(),
                    w.pid(), e.getMessage());
            throw new IllegalStateException("protocol error: " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            if (!ended && i.kill() == null) {
                String reason = w.exitReason(2000);
                if (i.tryKill(new Kill(reason, false, true))) {
                    LOG.warn("PROCESS actor {} (worker pid {}) ended by itself: {}{}", i.cell.label(), w.pid(), reason,
                            tail(w));
                }
            }
            ended = true;
            w.destroy();
            throw new IllegalStateException("the worker JVM of actor " + i.cell.label() + " is gone", e);
        }
    }

    /** Serves the worker's requests until its handler ends. */
    private void serve(Incarnation i, WorkerProcess w) throws Exception {
        while (true) {
            Frame f = w.read();
            switch (f) {
                case Frame.Done d -> {
                    return;
                }
                case Frame.Crashed c -> {
                    ended = true;
                    w.destroy(); // a crashed worker is never reused
                    throw new RemoteCrash(c.exceptionClass(), c.message());
                }
                case Frame.Send s -> i.send(s.msg(), s.data());
                case Frame.Heartbeat h -> i.heartbeat();
                case Frame.TerminateSelf t -> i.terminate();
                case Frame.Release r -> release(i, r);
                case Frame.Tell t -> {
                    // a Tell comes only from a ref the supervisor handed out (a child): naming any other
                    // actor is a forged frame, not a mistake honest code can make
                    if (!known.contains(t.target())) {
                        throw new ProtocolException("Tell to " + new ActorId(t.target())
                                + ", an actor this worker was never told about");
                    }
                    reply(i, w, () -> tell(t));
                }
                case Frame.RefOp r -> reply(i, w, () -> refOp(i, r));
                case Frame.Read r -> reply(i, w, () -> read(i, r));
                case Frame.Resource r -> reply(i, w, () -> resource(i, r));
                case Frame.Spawn s -> reply(i, w, () -> spawn(i, s));
                case Frame.Receive r -> reply(i, w, () -> receive(i, r));
                case Frame.Write wr -> write(i, w, wr);
                default -> throw new ProtocolException("unexpected " + f.getClass().getSimpleName()
                        + " frame while a handler runs");
            }
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    /** Answers a request: its value, or its failure as the exception the worker rethrows. */
    private static void reply(Incarnation i, WorkerProcess w, Call call) throws Exception {
        Frame.Reply reply;
        try {
            reply = Frame.Reply.ok(call.run());
        } catch (ProtocolException | IOException e) {
            throw e;
        } catch (Exception e) {
            if (i.kill() != null) {
                throw e; // this incarnation is being killed: unwind
            }
            String kind = switch (e) {
                case ResourceException r -> "resource";
                case IllegalArgumentException a -> "argument";
                case IllegalStateException s -> "state";
                case InterruptedException x -> "interrupted";
                case UnsupportedOperationException u -> "unsupported";
                default -> "other";
            };
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            List<String> violations = e instanceof ResourceException r ? r.violations() : List.of();
            reply = Frame.Reply.error(kind, message, violations);
        }
        w.send(reply);
    }

    private Object tell(Frame.Tell t) {
        ActorCell target = services.sup().lookup(new ActorId(t.target()));
        if (target != null) {
            target.receive(t.msg(), t.data());
        }
        return null; // a dead ref: a silent no-op, as for THREAD
    }

    private Object refOp(Incarnation i, Frame.RefOp r) {
        checkKnown(r.target(), r.op());
        if (r.subject() != 0) {
            checkKnown(r.subject(), r.op());
        }
        SupervisorImpl sup = services.sup();
        ActorCell target = sup.lookup(new ActorId(r.target()));
        if (target == null) {
            if (r.op().equals("terminate") || r.op().startsWith("un") || r.op().startsWith("de")) {
                return null;
            }
            throw new IllegalArgumentException("actor " + new ActorId(r.target()) + " is not alive (" + r.op()
                    + " refused)");
        }
        if (r.op().equals("terminate")) {
            target.terminate();
            return null;
        }
        ActorRef subject = null;
        if (r.subject() != 0) {
            subject = sup.lookup(new ActorId(r.subject()));
            if (subject == null) {
                throw new IllegalArgumentException("actor " + new ActorId(r.subject()) + " is not alive");
            }
        }
        switch (r.op()) {
            case "link" -> {
                if (subject == null) {
                    i.link(target);
                } else {
                    subject.link(target);
                }
            }
            case "unlink" -> {
                if (subject == null) {
                    i.unlink(target);
                } else {
                    subject.unlink(target);
                }
            }
            case "monitor" -> {
                if (subject == null) {
                    i.monitor(target);
                } else {
                    subject.monitor(target);
                }
            }
            default -> {
                if (subject == null) {
                    i.demonitor(target);
                } else {
                    subject.demonitor(target);
                }
            }
        }
        return null;
    }

    /**
     * Refuses an id the worker was never told about. Honest code can name one (a made-up
     * {@code ActorId} in a {@code Share}, its own {@code ActorRef} implementation passed to
     * {@code link}), so this is a refused call, not a protocol error.
     */
    private void checkKnown(long id, String what) {
        if (!known.contains(id)) {
            throw new IllegalArgumentException(new ActorId(id) + " is not known to this PROCESS actor (" + what
                    + " refused): it may name only itself, its children and actors whose ids reached it in a message");
        }
    }

    /** Records the ids a message gives its receiver: its sender, and ActorIds and refs anywhere in its data. */
    private void learn(Message m) {
        if (m.from() != null && m.from().value() != 0) {
            known.add(m.from().value());
        }
        learnIds(m.data(), new int[] {10_000});
    }

    private void learnIds(Object o, int[] budget) {
        if (o == null || --budget[0] < 0) {
            return;
        }
        switch (o) {
            case ActorId id -> known.add(id.value());
            case ActorRef r -> known.add(r.id().value());
            case String s -> { }
            case Number n -> { }
            case Map<?, ?> map -> map.forEach((k, v) -> {
                learnIds(k, budget);
                learnIds(v, budget);
            });
            case Iterable<?> it -> it.forEach(e -> learnIds(e, budget));
            case Object[] array -> {
                for (Object e : array) {
                    learnIds(e, budget);
                }
            }
            case Optional<?> opt -> opt.ifPresent(e -> learnIds(e, budget));
            case Record rec -> {
                for (var c : rec.getClass().getRecordComponents()) {
                    try {
                        Method accessor = c.getAccessor();
                        if (accessor.trySetAccessible()) {
                            learnIds(accessor.invoke(rec), budget);
                        }
                    } catch (ReflectiveOperationException | RuntimeException ignored) {
                        // an accessor we cannot call: its ids are not learned (the worker is refused them)
                    }
                }
            }
            default -> { }
        }
    }

    private void release(Incarnation i, Frame.Release r) {
        Handle h = new Handle(r.box(), r.epoch());
        if (r.reader()) {
            Reader reader = readers.remove(h);
            if (reader != null) {
                reader.close();
            }
            return;
        }
        Reader reader = readers.remove(h);
        if (reader != null) {
            reader.close();
        } else {
            i.release(h);
        }
    }

    private Object read(Incarnation i, Frame.Read r) throws ProtocolException {
        Frame.MessageFrame mf = r.message();
        checkBox(mf.box());
        if (mf.box() < 0 || mf.type() == null) {
            return null;
        }
        Message m = new Message(mf.msg(), FmtType.valueOf(mf.type()), null, new Handle(mf.box(), mf.epoch()),
                new ActorId(mf.from()));
        Optional<Reader> read = i.read(m);
        if (read.isEmpty()) {
            return null;
        }
        Reader reader = read.get();
        MemorySegment seg = reader.segment();
        long base = region().segment().address();
        Reader old = readers.put(m.handle(), reader);
        if (old != null) {
            old.close();
        }
        return Map.of("offset", seg.address() - base, "size", seg.byteSize(),
                "type", reader instanceof BoxReader br ? br.type().name() : mf.type());
    }

    private void checkBox(int box) throws ProtocolException {
        if (box >= services.sup().config.poolSize()) {
            throw new ProtocolException("box out of range: box=" + box + " (poolSize="
                    + services.sup().config.poolSize() + ")");
        }
    }

    private SharedRegion region() {
        Result<SharedRegion> r = services.tier2().pool().region();
        if (r instanceof Result.Ok<SharedRegion>(SharedRegion region)) {
            return region;
        }
        throw new IllegalStateException("the shared pool is unavailable: " + r.error());
    }

    /** Thrown through Tier2's fill callback to abort a grant. */
    private static final class FillAborted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Exception cause;

        FillAborted(Exception cause) {
            super(cause == null ? "the worker failed to fill the box" : cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    private void write(Incarnation i, WorkerProcess w, Frame.Write wr) throws Exception {
        Share share = switch (wr.share()) {
            case "OWNER" -> Share.OWNER;
            case "GROUP" -> Share.GROUP;
            case "LINKED" -> Share.LINKED;
            default -> Share.of(wr.shareIds().stream().map(ActorId::new).toArray(ActorId[]::new));
        };
        for (long id : wr.shareIds()) {
            if (!known.contains(id)) {
                w.send(Frame.Reply.error("argument", "write '" + wr.msg() + "': " + new ActorId(id)
                        + " is not known to this PROCESS actor (Share refused)", List.of()));
                return;
            }
        }
        SharedRegion region;
        try {
            region = region();
        } catch (IllegalStateException e) {
            w.send(Frame.Reply.error("state", e.getMessage(), List.of()));
            return;
        }
        long base = region.segment().address();
        Result<Handle> result;
        try {
            result = i.write(wr.msg(), FmtType.valueOf(wr.type()), share, wr.size(), seg -> {
                try {
                    w.send(new Frame.Grant(seg.address() - base, seg.byteSize()));
                    Frame f = w.read();
                    if (!(f instanceof Frame.Filled filled)) {
                        throw new FillAborted(new ProtocolException("expected Filled after a Grant, got "
                                + f.getClass().getSimpleName()));
                    }
                    if (!filled.ok()) {
                        throw new FillAborted(null);
                    }
                } catch (IOException | ProtocolException e) {
                    throw new FillAborted(e);
                }
            });
        } catch (FillAborted e) {
            if (e.cause instanceof IOException io) {
                throw io;
            }
            if (e.cause instanceof ProtocolException pe) {
                throw pe;
            }
            if (i.kill() != null) {
                throw e;
            }
            w.send(Frame.Reply.error("other", "the box was not filled", List.of()));
            return;
        } catch (RuntimeException e) {
            if (i.kill() != null) {
                throw e;
            }
            w.send(Frame.Reply.error("state", String.valueOf(e.getMessage()), List.of()));
            return;
        }
        if (result instanceof Result.Ok<Handle>(Handle h)) {
            w.send(Frame.Reply.ok(Map.of("box", h.box(), "epoch", h.epoch())));
        } else {
            w.send(Frame.Reply.error("write", result.error(), List.of()));
        }
    }

    private Object resource(Incarnation i, Frame.Resource r) throws Exception {
        Class<?> api = null;
        for (SupervisorConfig.Resource<?> res : services.sup().config.resources()) {
            if (res.api().getName().equals(r.api())) {
                api = res.api();
            }
        }
        if (api == null) {
            throw new ResourceException("no resource is registered for " + r.api());
        }
        Method method = null;
        for (Method m : api.getMethods()) {
            if (m.getName().equals(r.method()) && m.getParameterCount() == r.parameterTypes().size()) {
                List<String> names = new ArrayList<>();
                for (Class<?> t : m.getParameterTypes()) {
                    names.add(t.getName());
                }
                if (names.equals(r.parameterTypes())) {
                    method = m;
                }
            }
        }
        if (method == null) {
            throw new IllegalArgumentException("resource " + api.getName() + " has no method " + r.method()
                    + r.parameterTypes());
        }
        Object proxy = i.resource(api);
        Object[] args = new Object[r.args().size()];
        var mapper = Codecs.cbor();
        for (int k = 0; k < args.length; k++) {
            Object arg = r.args().get(k);
            try {
                args[k] = arg == null ? null
                        : mapper.convertValue(arg, mapper.constructType(method.getGenericParameterTypes()[k]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("argument " + k + " of " + api.getSimpleName() + "." + r.method()
                        + " does not convert: " + e.getMessage(), e);
            }
        }
        Object result;
        try {
            result = method.invoke(proxy, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
        return PlainData.of(result);
    }

    private Object spawn(Incarnation i, Frame.Spawn s) throws ClassNotFoundException {
        Class<?> c = Class.forName(s.actorClass(), false, type.getClassLoader());
        if (!Actor.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("not an Actor class: actorClass=" + s.actorClass());
        }
        SpawnOptions.Builder b = SpawnOptions.builder().isolation(Isolation.valueOf(s.isolation()))
                .maxHeap(Long.toString(s.maxHeap())).trapExits(s.trapExits()).restart(Restart.valueOf(s.restart()));
        if (s.name() != null) {
            b.name(s.name());
        }
        if (s.hangTimeoutMillis() >= 0) {
            b.hangTimeout(Duration.ofMillis(s.hangTimeoutMillis()));
        }
        ActorRef child = i.spawn(c.asSubclass(Actor.class), b.build());
        known.add(child.id().value());
        return Map.of("id", child.id().value(), "name", child.name());
    }

    private Object receive(Incarnation i, Frame.Receive r) throws InterruptedException {
        Duration timeout = Duration.ofMillis(r.timeoutMillis());
        Optional<Message> m = r.key() == null ? i.receive(timeout) : i.receive(r.key(), timeout);
        m.ifPresent(this::learn);
        return m.isEmpty() ? null : FrameCodec.toMap(frame(m.get()));
    }

    // ---------------------------------------------------------------- conversions

    static Frame.MessageFrame frame(Message m) {
        Handle h = m.handle();
        Object data;
        try {
            data = PlainData.of(m.data());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the data of message '" + m.msg() + "' ("
                    + m.data().getClass().getName() + ") cannot cross to a PROCESS actor as CBOR: " + e.getMessage(), e);
        }
        return new Frame.MessageFrame(m.msg(), m.type() == null ? null : m.type().name(), data,
                h == null ? -1 : h.box(), h == null ? 0 : h.epoch(), m.from() == null ? 0 : m.from().value());
    }

    /** A crash in the worker: prints as the worker's exception did ({@code class: message}). */
    static final class RemoteCrash extends Exception {
        private static final long serialVersionUID = 1L;
        private final String exceptionClass;

        RemoteCrash(String exceptionClass, String message) {
            super(message, null, false, false);
            this.exceptionClass = exceptionClass;
        }

        @Override
        public String toString() {
            String m = getMessage();
            return m == null ? exceptionClass : exceptionClass + ": " + m;
        }
    }

    @Override
    public String toString() {
        return "ProcessBehaviour[" + type.getName() + ", pid " + pid() + "]";
    }
}
