package dev.future.internal.runtime;

import dev.future.Actor;
import dev.future.ActorContext;
import dev.future.ActorId;
import dev.future.ActorRef;
import dev.future.ActorSelf;
import dev.future.ActorState;
import dev.future.Fmt;
import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Message;
import dev.future.Reader;
import dev.future.Result;
import dev.future.Share;
import dev.future.SpawnOptions;
import dev.future.Write;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One life of an actor: its behaviour instance, its activation (the virtual thread draining the
 * mailbox), and the {@code self}/{@code ctx} its handler is given. A restart makes a new
 * incarnation; the old one is fenced for good, so a runaway thread still holding it can do nothing
 * (every call throws, its sends are dropped, it can never take another message).
 *
 * <h2>Activation</h2>
 * An idle actor has no thread. The first message starts a drainer ({@link #schedule()}, a CAS on
 * {@code scheduled}): a virtual thread from the supervisor's {@link Drainers}, woken on the sender's
 * carrier, that drains the mailbox in order, one handler at a time, yielding every {@value #BATCH}
 * messages so busy actors share the carriers, and goes back to the pool when the mailbox is empty.
 * A handler that blocks (or waits in {@link #receive}) simply keeps its thread.
 *
 * <h2>Kill</h2>
 * {@link #tryKill} sets {@code kill} once (first reason wins): from then {@link #isCancelled()} is
 * true. The conductor then either finishes the incarnation at once (not in a handler) or interrupts
 * the handler's thread and gives it the kill grace before declaring it a runaway. The handshake on
 * {@code activation.inHandler} and {@code kill} (all volatile) guarantees one side sees the other:
 * the drainer publishes its activation, sets inHandler, then reads kill; the conductor reads the
 * activation and its inHandler after kill was set. Leaving a handler clears inHandler with a release
 * store only: a conductor that still sees it set interrupts and waits the grace, and the drainer
 * meets the kill at its next fenced step (entering the next handler, or ending the run).
 *
 * <p>What a drainer writes per message (inHandler, the progress and handled counts, tier-2 deliveries
 * taken by receive) lives in an {@link Activation}, one per drainer run, not here: senders read
 * {@code kill} and {@code scheduled} on every send, and keeping the drainer's stores off this
 * object keeps them off the senders' cache line (and an idle actor smaller).
 *
 * <p>Fields: {@code kill} written by any killer (CAS), read by all; {@code scheduled} CAS by senders
 * and the drainer; {@code activation} written by the drainer, read by the conductor and diagnostics;
 * {@code finished}, {@code graceTimer} conductor only.
 */
final class Incarnation implements ActorSelf, ActorContext {

    static final int BATCH = 256;

    private static final VarHandle SCHEDULED;
    private static final VarHandle KILL;
    private static final VarHandle PROGRESS;
    private static final VarHandle HANDLED;
    private static final VarHandle IN_HANDLER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SCHEDULED = l.findVarHandle(Incarnation.class, "scheduled", int.class);
            KILL = l.findVarHandle(Incarnation.class, "kill", Kill.class);
            PROGRESS = l.findVarHandle(Activation.class, "progress", long.class);
            HANDLED = l.findVarHandle(Activation.class, "handled", long.class);
            IN_HANDLER = l.findVarHandle(Activation.class, "inHandler", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One run of a drainer: its thread, whether it is in a handler, its progress count for the hang
     * watchdog. Written by the drainer; {@code inHandler}, {@code inReceive}, {@code ended} are read
     * by the conductor and the watchdog; {@code watchSeen}, {@code watchSince} are the watchdog's own.
     */
    static final class Activation {
        final Incarnation inc;
        final Thread thread;
        volatile boolean inHandler;
        /** Parked in ctx.receive or a resource call: waiting is not being busy (for the watchdog). */
        volatile boolean inReceive;
        volatile boolean ended;
        @SuppressWarnings("unused") // through PROGRESS
        private long progress;
        /** Messages handled in this run; added to the cell's count when the run ends. */
        @SuppressWarnings("unused") // through HANDLED
        private long handled;
        /** Drainer only: tier-2 deliveries taken by ctx.receive during the current handler. */
        java.util.List<Message> received;
        long watchSeen = -1;
        long watchSince;

        Activation(Incarnation inc, Thread thread) {
            this.inc = inc;
            this.thread = thread;
        }

        void bump() {
            PROGRESS.setOpaque(this, (long) PROGRESS.getOpaque(this) + 1);
        }

        long progress() {
            return (long) PROGRESS.getOpaque(this);
        }

        void leaveHandler() {
            IN_HANDLER.setRelease(this, false);
        }

        void countHandled() {
            HANDLED.setOpaque(this, (long) HANDLED.getOpaque(this) + 1);
        }

        long handled() {
            return (long) HANDLED.getOpaque(this);
        }

        /**
         * Interrupts the drainer if this run has not ended: its thread is reused for other actors'
         * runs afterwards, which a late interrupt must not reach (the drainer ends the run under the
         * same lock, and clears the interrupt status before its next run).
         */
        void interrupt() {
            synchronized (this) {
                if (!ended) {
                    thread.interrupt();
                }
            }
        }

        void end() {
            synchronized (this) {
                ended = true;
            }
        }
    }

    final ActorCell cell;
    final int number;
    private final Actor behaviour;

    @SuppressWarnings("unused") // through SCHEDULED
    private volatile int scheduled;
    @SuppressWarnings("unused") // through KILL
    private volatile Kill kill;
    /** The running drainer's activation, or null when no drainer runs. */
    volatile Activation activation;

    // conductor only
    boolean finished;
    ScheduledFuture<?> graceTimer;

    /** Bound to no actor: what {@link SupervisorImpl#currentIncarnation()} finds outside handlers. */
    static final Incarnation NONE = new Incarnation(null, 0, null);

    Incarnation(ActorCell cell, int number, Actor behaviour) {
        this.cell = cell;
        this.number = number;
        this.behaviour = behaviour;
        if (behaviour instanceof ProcessBehaviour p) {
            p.bind(this); // PROCESS isolation: a worker that dies by itself now ends this incarnation
        }
    }

    /** The behaviour this incarnation runs (PROCESS hooks look at it). */
    Actor behaviour() {
        return behaviour;
    }

    // ---------------------------------------------------------------- activation

    /** Starts a drainer unless one is running or this incarnation is cancelled. */
    void schedule() {
        // read before the CAS: a running drainer is the common case under load, and a failed CAS
        // would still take the line exclusive (see drain() for why the plain read is enough)
        if (kill == null && (int) SCHEDULED.getVolatile(this) == 0 && SCHEDULED.compareAndSet(this, 0, 1)) {
            cell.sup.startDrainer(this);
        }
    }

    /**
     * The drainer's body: runs on a pooled virtual thread with {@link SupervisorImpl#CURRENT} bound.
     *
     * <p>Ending: the drainer clears {@code scheduled} and then re-reads the mailbox size; a sender
     * queues (size++) and then reads {@code scheduled}. Both are volatile, so either the sender sees 0
     * and starts a drainer, or this drainer sees the message and goes on. Before ending it yields once,
     * so a reply that is on its way (a ping-pong, an echo batch) finds it still running rather than
     * paying for a hand-off to a pooled thread (measured: without the yield, tell throughput drops by a
     * third).
     */
    void drain() {
        Mailbox mailbox = cell.mailbox;
        if (!mailbox.acquire(this)) {
            // a previous drainer (the previous incarnation's, or this one's last activation) is on
            // its way out and holds the consumer token; it wakes the current incarnation when it
            // releases it (and if it already has, we see the token free and retry)
            SCHEDULED.setVolatile(this, 0);
            if (kill == null && mailbox.owns(null) && !mailbox.isEmpty()) {
                schedule();
            }
            return;
        }
        Activation act = new Activation(this, Thread.currentThread());
        activation = act;
        SupervisorImpl sup = cell.sup;
        if (cell.hangTimeoutNanos() > 0) {
            sup.watchdog.watch(act);
        }
        try {
            int handled = 0;
            boolean yielded = false;
            while (true) {
                Message m = kill == null ? mailbox.poll() : null;
                if (m == null) {
                    if (kill == null && !yielded) {
                        yielded = true;
                        Thread.yield();
                        continue;
                    }
                    SCHEDULED.setVolatile(this, 0);
                    if (kill != null || mailbox.isEmpty() || !SCHEDULED.compareAndSet(this, 0, 1)) {
                        return;
                    }
                    continue;
                }
                yielded = false;
                if (!handle(m, act)) {
                    return;
                }
                if (++handled % BATCH == 0) {
                    Thread.yield();
                }
            }
        } finally {
            act.end();
            cell.addHandled(act.handled()); // before the activation goes: a reader may miss it a moment, never count it twice
            activation = null;
            int dropped = mailbox.release(this);
            if (dropped > 0) {
                sup.countDeadLetters(dropped);
            }
            // a drainer started while we still held the token (a newer incarnation's, or this
            // incarnation's own, started by a sender after we cleared scheduled) saw the token taken
            // and ended: wake the current incarnation. The starter clears scheduled and then reads
            // the owner; we free the owner and then read the size: both volatile, so either it saw
            // the token free and went on, or we see its message here.
            Incarnation next = cell.current;
            if (next != null && !mailbox.isEmpty()) {
                next.schedule();
            }
            if (kill != null) {
                // a run that ends killed always says so (the conductor's finish is idempotent): a
                // conductor that saw this run still in a handler is waiting for it, and must not wait
                // out the kill grace and declare a runaway because the drainer met the kill on its
                // way out rather than in a handler
                sup.onUnwound(this);
            }
        }
    }

    /** Runs the handler on one message; false when this incarnation has ended. */
    private boolean handle(Message m, Activation act) {
        act.inHandler = true;
        if (kill != null) {
            act.inHandler = false;
            // killed between taking m and handling it: give it back for the next incarnation (the
            // finally of drain() wakes that one once the token is free)
            cell.mailbox.unpoll(m);
            cell.sup.onUnwound(this);
            return false;
        }
        ActorCell c = cell;
        act.bump();
        Throwable failure = null;
        try {
            behaviour.handle(this, m, this);
        } catch (Throwable t) {
            failure = t;
        } finally {
            // a release store, not a volatile one (which costs a fence per message): the kill
            // handshake only needs the fence on the way in; a kill the drainer misses here it sees at
            // its next fenced step (the next handler's entry, or the end of the run)
            act.leaveHandler();
            if (m.handle() != null) {
                // a delivery never read is given back when the handler returns
                c.sup.tier2().deliveryDone(c.id.value(), m.handle());
            }
            if (act.received != null) {
                for (Message r : act.received) {
                    c.sup.tier2().deliveryDone(c.id.value(), r.handle());
                }
                act.received = null;
            }
        }
        act.countHandled();
        if (failure != null && kill == null) {
            if (Reasons.isFatal(failure)) {
                tryKill(Kill.crash(failure));
                c.sup.onUnwound(this);
                SupervisorImpl.rethrow(failure);
            }
            tryKill(Kill.crash(failure));
            c.sup.onCrashed(this, failure);
            return false;
        }
        if (kill != null) {
            c.sup.onUnwound(this);
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- kill and fencing

    /** Sets the kill once; false when this incarnation was already being killed. */
    boolean tryKill(Kill k) {
        return KILL.compareAndSet(this, (Kill) null, k);
    }

    Kill kill() {
        return kill;
    }

    /** Whether a drainer is inside the handler now (the conductor's half of the kill handshake). */
    boolean inHandler() {
        Activation a = activation;
        return a != null && a.inHandler;
    }

    /** The running drainer's thread, or null. */
    Thread thread() {
        Activation a = activation;
        return a == null ? null : a.thread;
    }

    /** A resource call or receive starts or ends waiting (not busy, for the watchdog). */
    void setWaiting(boolean waiting) {
        Activation a = activation;
        if (a != null) {
            a.inReceive = waiting;
        }
    }

    /** Counts as progress for the watchdog (a resource call starting or returning). */
    void heartbeatProgress() {
        Activation a = activation;
        if (a != null) {
            a.bump();
        }
    }

    /** Every ctx/self call: refuses once killed, and counts as progress for the watchdog. */
    private void enter() {
        Kill k = kill;
        if (k != null) {
            throw new IllegalStateException("actor " + cell.label() + " was stopped (" + k.reason()
                    + "); this call from its handler is refused");
        }
        heartbeatProgress();
    }

    // ---------------------------------------------------------------- ActorSelf

    @Override
    public ActorId id() {
        return cell.id;
    }

    @Override
    public void send(String msg) {
        send(msg, null);
    }

    @Override
    public void send(String msg, Object data) {
        Objects.requireNonNull(msg, "msg");
        enter();
        cell.sup.publishSignal(cell, new Message(msg, null, data, null, cell.id));
    }

    // ---------------------------------------------------------------- ActorContext

    @Override
    public void heartbeat() {
        enter();
        cell.onHeartbeat();
        cell.sup.onHeartbeat(cell);
    }

    @Override
    public void terminate() {
        if (kill != null) {
            return;
        }
        cell.sup.stopFromInside(this);
    }

    @Override
    public boolean isCancelled() {
        return kill != null;
    }

    @Override
    public Optional<Message> receive(Duration timeout) throws InterruptedException {
        return receive(m -> true, timeout);
    }

    @Override
    public Optional<Message> receive(String msgKey, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(msgKey, "msgKey");
        return receive(m -> msgKey.equals(m.msg()), timeout);
    }

    private Optional<Message> receive(java.util.function.Predicate<Message> accept, Duration timeout)
            throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: timeout=" + timeout);
        }
        enter();
        Activation act = activation;
        if (act == null || act.thread != Thread.currentThread()) {
            throw new IllegalStateException("ctx.receive may only be called from actor " + cell.label()
                    + "'s own handler thread");
        }
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        Mailbox mailbox = cell.mailbox;
        while (true) {
            Message m = mailbox.pollMatching(this, accept);
            if (m != null) {
                heartbeatProgress();
                return Optional.of(noteReceived(m));
            }
            enter();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            mailbox.waiter = Thread.currentThread();
            act.inReceive = true;
            try {
                // re-check after publishing ourselves as the waiter, so no offer is missed
                m = mailbox.pollMatching(this, accept);
                if (m != null) {
                    return Optional.of(noteReceived(m));
                }
                if (mailbox.owns(this) && mailbox.linking()) {
                    Thread.onSpinWait(); // a message is being linked: take it rather than sleep through it
                    continue;
                }
                LockSupport.parkNanos(mailbox, left);
            } finally {
                act.inReceive = false;
                act.bump();
                mailbox.waiter = null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("actor " + cell.label() + " interrupted while waiting in receive");
            }
        }
    }

    private Message noteReceived(Message m) {
        Activation act = activation;
        if (m.handle() != null && act != null) {
            if (act.received == null) {
                act.received = new java.util.ArrayList<>(2);
            }
            act.received.add(m);
        }
        return m;
    }

    @Override
    public Result<Handle> write(Write write) {
        Objects.requireNonNull(write, "write");
        enter();
        return cell.sup.tier2().write(this, write);
    }

    @Override
    public Result<Handle> write(String msg, FmtType type, Share share, long size, Consumer<MemorySegment> fill) {
        Objects.requireNonNull(msg, "msg");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(fill, "fill");
        enter();
        return cell.sup.tier2().writeInPlace(this, msg, type, share, size, fill);
    }

    @Override
    public Optional<Reader> read(Message message) {
        Objects.requireNonNull(message, "message");
        enter();
        return cell.sup.tier2().read(cell.id.value(), cell, message);
    }

    @Override
    public void release(Handle handle) {
        Objects.requireNonNull(handle, "handle");
        enter();
        cell.sup.tier2().release(cell.id.value(), handle);
    }

    @Override
    public <R> R resource(Class<R> api) {
        Objects.requireNonNull(api, "api");
        enter();
        return cell.sup.resourceFor(api, this);
    }

    @Override
    public void link(ActorRef other) {
        Objects.requireNonNull(other, "other");
        enter();
        cell.sup.link(cell, other);
    }

    @Override
    public void unlink(ActorRef other) {
        Objects.requireNonNull(other, "other");
        enter();
        cell.sup.unlink(cell, other);
    }

    @Override
    public void monitor(ActorRef other) {
        Objects.requireNonNull(other, "other");
        enter();
        cell.sup.monitor(cell, other);
    }

    @Override
    public void demonitor(ActorRef other) {
        Objects.requireNonNull(other, "other");
        enter();
        cell.sup.demonitor(cell, other);
    }

    @Override
    public ActorRef spawn(Actor actor) {
        return spawn(actor, SpawnOptions.defaults());
    }

    @Override
    public ActorRef spawn(Actor actor, SpawnOptions options) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(options, "options");
        enter();
        return cell.sup.spawnChild(this, ActorFactory.of(actor), options);
    }

    @Override
    public ActorRef spawn(Class<? extends Actor> actorClass, SpawnOptions options) {
        Objects.requireNonNull(actorClass, "actorClass");
        Objects.requireNonNull(options, "options");
        enter();
        return cell.sup.spawnChild(this, ActorFactory.of(actorClass), options);
    }

    @Override
    public Fmt fmt() {
        enter();
        return cell.sup.fmt();
    }

    @Override
    public String toString() {
        return cell.label() + "#" + number;
    }
}
