package dev.future.internal.runtime;

import dev.future.ActorDiagnostics;
import dev.future.ActorId;
import dev.future.ActorRef;
import dev.future.ActorState;
import dev.future.Handle;
import dev.future.Message;
import dev.future.MetricHistogram;
import dev.future.Track;
import dev.future.internal.diag.Histogram;
import dev.future.internal.diag.Recorder;
import dev.future.Reader;
import dev.future.Restart;
import dev.future.SpawnOptions;
import dev.future.Subscription;
import dev.future.SupervisorDiagnostics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * An actor: what survives its restarts (id, name, mailbox, subscriptions, links, monitors, group
 * membership) plus its current {@link Incarnation}. The cell is the {@link ActorRef} users hold.
 *
 * <p>Kept small for idle actors (a few hundred bytes with its mailbox): rarely used state lives in
 * a lazily made {@link Extras}.
 *
 * <p>Fields: {@code current}, {@code state}, {@code dead}, {@code terminationReason} written by the
 * conductor (and by spawn before publication), read by anyone; {@code stop} written once by any
 * thread asking for an intentional stop (CAS), read by the conductor; {@code messageCount} written
 * by a drainer when it ends (a running drainer counts in its own {@code Activation}, so nothing a
 * sender reads is written per message); {@code plan}, {@code finalStop} conductor only;
 * {@code extras} made under this cell's monitor; relationship sets guarded by
 * {@link SupervisorImpl#relations}.
 */
final class ActorCell extends Member implements ActorRef, Mailbox.Listener {

    final SupervisorImpl sup;
    final ActorId id;
    final String name;
    final SpawnOptions options;
    final ActorFactory factory;
    final Mailbox mailbox;
    final long startedAtMillis;

    private static final java.lang.invoke.VarHandle HANDLED;

    static {
        try {
            var l = java.lang.invoke.MethodHandles.lookup();
            HANDLED = l.findVarHandle(ActorCell.class, "messageCount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile Incarnation current;
    volatile ActorState state = ActorState.STARTING;
    volatile boolean dead;
    volatile Kill stop;
    volatile long messageCount;
    private volatile Extras extras;

    // conductor only
    int incarnations;

    /** Rarely used state, made on first use. */
    static final class Extras {
        volatile String terminationReason;
        // conductor only
        RestartPlan plan;
        boolean finalStop;
        long incarnationStartedNanos;
        volatile long heartbeatCount;
        volatile long lastHeartbeatAt;
        volatile long endedAtMillis;
        volatile long restarts;
        volatile String lastCrash;
        volatile SupervisorDiagnostics.Runaway runaway;
        ActorCell parent;
        Incarnation parentIncarnation;
        // guarded by sup.relations
        Set<ActorCell> links;
        Set<ActorCell> watchers;
        Set<ActorCell> watching;
        Set<ActorCell> children;
        final Subscribers subscribers = new Subscribers();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        // per-actor tracked metrics (diagnostics enabled only)
        volatile long lastHeartbeatNanos;
        volatile Histogram messageLatency;
        volatile Histogram heartbeatIntervals;
        volatile Histogram inboxDepth;
    }

    private static Histogram histogram(Histogram h, String unit) {
        return h != null ? h : new Histogram(unit);
    }

    // ---------------------------------------------------------------- tracked metrics (Mailbox.Listener)

    @Override
    public void onEnqueued(int depth) {
        Recorder r = sup.recorder;
        if (r.sample(Track.INBOX_DEPTH)) {
            r.record(Track.INBOX_DEPTH, depth);
            Extras e = extras();
            e.inboxDepth = histogram(e.inboxDepth, "messages");
            e.inboxDepth.record(depth);
        }
    }

    @Override
    public void onDequeued(long latencyNanos) {
        Recorder r = sup.recorder;
        if (r.sample(Track.MESSAGE_LATENCY)) {
            long micros = latencyNanos / 1000;
            r.record(Track.MESSAGE_LATENCY, micros);
            Extras e = extras();
            e.messageLatency = histogram(e.messageLatency, "us");
            e.messageLatency.record(micros);
        }
    }

    ActorCell(SupervisorImpl sup, GroupImpl group, ActorId id, SpawnOptions options, ActorFactory factory,
            long hangTimeoutNanos) {
        // the hang timeout is not stored: hangTimeoutNanos() derives it (a field per idle actor costs memory)
        super(group);
        this.sup = sup;
        this.id = id;
        this.name = options.name().orElse(null);
        this.options = options;
        this.factory = factory;
        this.mailbox = Mailbox.create(options.mailboxCapacity(), sup.recorder.tracksActors() ? this : null);
        this.startedAtMillis = System.currentTimeMillis();
    }

    Extras extras() {
        Extras e = extras;
        if (e == null) {
            synchronized (this) {
                e = extras;
                if (e == null) {
                    e = new Extras();
                    e.lastHeartbeatAt = startedAtMillis;
                    if (dead) {
                        e.ended.complete(null);
                    }
                    extras = e;
                }
            }
        }
        return e;
    }

    Extras extrasOrNull() {
        return extras;
    }

    /**
     * The state as users see it. {@code state} holds the lifecycle (set by spawn and the conductor);
     * BUSY is derived from the current incarnation's drainer being in a handler, so no drainer ever
     * writes it (a fenced runaway resuming late cannot overwrite a newer incarnation's state).
     */
    private ActorState observedState() {
        ActorState s = state;
        if (s == ActorState.IDLE) {
            Incarnation inc = current;
            // in a handler, or ending (killed or crashed, the conductor not done with it yet): not idle
            if (inc == null || inc.inHandler() || inc.isCancelled()) {
                return ActorState.BUSY;
            }
        }
        return s;
    }

    /** A drainer that ends adds what it handled (atomically: a fenced runaway may end beside a new drainer). */
    void addHandled(long n) {
        if (n != 0) {
            HANDLED.getAndAdd(this, n);
        }
    }

    /** Messages handled: the ended drainers' total plus what the running one has counted so far. */
    long handledCount() {
        long ended = (long) HANDLED.getOpaque(this); // read before the activation: at worst one run is missed for a moment
        Incarnation inc = current;
        Incarnation.Activation a = inc == null ? null : inc.activation;
        return ended + (a == null ? 0 : a.handled());
    }

    /** The name, or the id as text. */
    String label() {
        return name != null ? name : id.toString();
    }

    ActorCell parent() {
        Extras e = extras;
        return e == null ? null : e.parent;
    }

    /** The hang watchdog's limit for this actor, in nanoseconds (0: off). */
    long hangTimeoutNanos() {
        return options.hangTimeout().orElse(sup.config.hangTimeout()).toNanos();
    }

    /** Why it ended for good, or null. */
    String terminationReason() {
        Extras e = extras;
        return e == null ? null : e.terminationReason;
    }

    /** Conductor only: the restart plan waiting for this actor, or null. */
    RestartPlan plan() {
        Extras e = extras;
        return e == null ? null : e.plan;
    }

    void setPlan(RestartPlan p) {
        if (p != null || extras != null) {
            extras().plan = p;
        }
    }

    /** Conductor only: whether this actor must not be restarted whatever happens. */
    boolean finalStop() {
        Extras e = extras;
        return e != null && e.finalStop;
    }

    void setFinalStop(boolean b) {
        if (b || extras != null) {
            extras().finalStop = b;
        }
    }

    Restart restartType() {
        return options.restart();
    }

    void onHeartbeat() {
        Extras e = extras();
        e.heartbeatCount++;
        e.lastHeartbeatAt = System.currentTimeMillis();
        Recorder r = sup.recorder;
        if (r.tracks(Track.HEARTBEAT_INTERVALS)) {
            long now = System.nanoTime();
            long last = e.lastHeartbeatNanos;
            e.lastHeartbeatNanos = now;
            if (last != 0 && r.sample(Track.HEARTBEAT_INTERVALS)) {
                long ms = (now - last) / 1_000_000;
                r.record(Track.HEARTBEAT_INTERVALS, ms);
                e.heartbeatIntervals = histogram(e.heartbeatIntervals, "ms");
                e.heartbeatIntervals.record(ms);
            }
        }
    }

    // ---------------------------------------------------------------- ActorRef

    @Override
    public ActorId id() {
        return id;
    }

    @Override
    public String name() {
        return label();
    }

    @Override
    public void receive(Message message) {
        Objects.requireNonNull(message, "message");
        sup.deliver(this, message);
    }

    @Override
    public void receive(String msg, Object data) {
        Objects.requireNonNull(msg, "msg");
        sup.deliverNew(this, msg, data);
    }

    @Override
    public Subscription subscribe(Consumer<Message> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        return extras().subscribers.add(subscriber, sup);
    }

    @Override
    public void terminate() {
        sup.stop(this, Kill.TERMINATE);
    }

    @Override
    public boolean isAlive() {
        return !dead;
    }

    @Override
    public ActorState state() {
        return observedState();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (dead) {
            return true;
        }
        try {
            extras().ended.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return dead;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public Optional<Reader> read(Message message) {
        Objects.requireNonNull(message, "message");
        return sup.readOnMainThread(message);
    }

    @Override
    public void release(Handle handle) {
        Objects.requireNonNull(handle, "handle");
        sup.releaseOnMainThread(handle);
    }

    @Override
    public ActorDiagnostics diagnostics() {
        Extras e = extras;
        long now = System.currentTimeMillis();
        long end = dead && e != null && e.endedAtMillis > 0 ? e.endedAtMillis : now;
        List<ActorId> links = List.of();
        List<ActorId> watching = List.of();
        if (e != null) {
            synchronized (sup.relations) {
                links = ids(e.links);
                watching = ids(e.watching);
            }
        }
        SupervisorDiagnostics.Runaway runaway = e == null ? null : e.runaway;
        return new ActorDiagnostics(id, label(), observedState(), options.isolation(), Math.max(1, incarnationNumber()),
                Math.max(0, end - startedAtMillis), handledCount(), e == null ? 0 : e.heartbeatCount,
                e == null ? startedAtMillis : e.lastHeartbeatAt, mailbox.size(), Optional.ofNullable(terminationReason()),
                startedAtMillis, e == null ? 0 : e.restarts, owner == null ? "root" : owner.id(),
                Optional.ofNullable(e == null || e.parent == null ? null : e.parent.id), links, watching,
                Optional.ofNullable(e == null ? null : e.lastCrash), runaway != null,
                Optional.ofNullable(runaway == null ? null : runaway.stackTrace()),
                tracked(Track.MESSAGE_LATENCY, e == null ? null : e.messageLatency, "us"),
                tracked(Track.HEARTBEAT_INTERVALS, e == null ? null : e.heartbeatIntervals, "ms"),
                tracked(Track.INBOX_DEPTH, e == null ? null : e.inboxDepth, "messages"));
    }

    private Optional<MetricHistogram> tracked(Track t, Histogram h, String unit) {
        if (!sup.recorder.tracks(t)) {
            return Optional.empty();
        }
        return Optional.of(h != null ? h.snapshot() : new MetricHistogram(unit, 0, 0, 0, 0, 0));
    }

    private int incarnationNumber() {
        Incarnation inc = current;
        return inc != null ? inc.number : incarnations;
    }

    private static List<ActorId> ids(Set<ActorCell> cells) {
        if (cells == null || cells.isEmpty()) {
            return List.of();
        }
        List<ActorId> out = new ArrayList<>(cells.size());
        for (ActorCell c : cells) {
            out.add(c.id);
        }
        return List.copyOf(out);
    }

    @Override
    public void link(ActorRef other) {
        sup.link(this, Objects.requireNonNull(other, "other"));
    }

    @Override
    public void unlink(ActorRef other) {
        sup.unlink(this, Objects.requireNonNull(other, "other"));
    }

    @Override
    public void monitor(ActorRef other) {
        sup.monitor(this, Objects.requireNonNull(other, "other"));
    }

    @Override
    public void demonitor(ActorRef other) {
        sup.demonitor(this, Objects.requireNonNull(other, "other"));
    }

    static Set<ActorCell> add(Set<ActorCell> set, ActorCell c) {
        Set<ActorCell> s = set == null ? new LinkedHashSet<>(4) : set;
        s.add(c);
        return s;
    }

    @Override
    public String toString() {
        return "ActorRef[" + label() + (name != null ? " " + id : "") + ", " + state + "]";
    }
}
