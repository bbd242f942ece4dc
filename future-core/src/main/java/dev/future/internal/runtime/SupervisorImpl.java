package dev.future.internal.runtime;

import dev.future.Actor;
import dev.future.ActorDiagnostics;
import dev.future.ActorId;
import dev.future.ActorRef;
import dev.future.ActorState;
import dev.future.Down;
import dev.future.Escalated;
import dev.future.Exit;
import dev.future.Fmt;
import dev.future.Group;
import dev.future.GroupConfig;
import dev.future.Handle;
import dev.future.Isolation;
import dev.future.Message;
import dev.future.Overflow;
import dev.future.Reader;
import dev.future.Restart;
import dev.future.SpawnOptions;
import dev.future.Subscription;
import dev.future.Supervisor;
import dev.future.SupervisorConfig;
import dev.future.SupervisorDiagnostics;
import dev.future.Task;
import dev.future.TaskBody;
import dev.future.TaskOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import dev.future.MetricHistogram;
import dev.future.Track;
import dev.future.internal.diag.FlightEvents;
import dev.future.internal.diag.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor.
 *
 * <h2>Implementation overview</h2>
 * Messages never pass through the supervisor: {@code receive} queues into the actor's mailbox and
 * starts its drainer ({@link Incarnation}). Everything about lifecycles — kills, crashes, the kill
 * grace, the hang watchdog, links, monitors, strategies, restarts and their backoff, escalation,
 * shutdown — runs on one platform thread, the <em>conductor</em> (a single-threaded scheduled
 * executor that is also the one timer of the supervisor). One thread owns the decisions, so they
 * need no locks among themselves and never race; the actors' threads only post events to it, and
 * it never waits on them (a runaway is fenced after the grace, not joined).
 *
 * <h2>Ending an incarnation</h2>
 * {@link #finish} runs once per incarnation, on the conductor, when its handler has unwound, it
 * crashed, it was idle when killed, or the kill grace ran out (then it is a runaway: fenced, its
 * stack kept). In order: the mailbox is closed when the actor will not restart; its tier-2
 * references are given back (its WRITING box reclaimed) and its children told to die; links fire
 * (unless the stop was intentional); then either a restart is planned by its group's strategy, or
 * the actor dies for good: monitors get DOWN (so a DOWN means cleanup is done), subscribers get
 * DOWN, its slot is freed.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdown()} refuses new work, asks every actor to stop in reverse start order (groups
 * depth-first, children before their parents), waits for them (each is fenced after its grace),
 * then runs the resources' release hooks, unmaps the pool and stops the conductor.
 */
public final class SupervisorImpl implements Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisorImpl.class);
    private static final AtomicLong ACTOR_IDS = new AtomicLong();
    private static final AtomicInteger SUPERVISOR_IDS = new AtomicInteger();
    private static final int RECENT = 64;
    private static final long DEAD_VISIBLE_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final long BLOCK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** The incarnation whose handler is running on this thread. */
    static final ScopedValue<Incarnation> CURRENT = ScopedValue.newInstance();
    /** The subscriber channel whose callback is running on this thread. */
    static final ScopedValue<Subscribers.Channel> CURRENT_CHANNEL = ScopedValue.newInstance();

    final SupervisorConfig config;
    /** Chosen once: a no-op when diagnostics are disabled. */
    final Recorder recorder;
    private final int number;
    private final GroupImpl root;
    private final ConcurrentHashMap<ActorId, ActorCell> registry = new ConcurrentHashMap<>();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong groupIds = new AtomicLong();
    private final AtomicLong holderKeys = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean shutDown;
    private final Subscribers subscribers = new Subscribers();
    /** Guards every actor's relationship sets (links, watchers, watching, children). */
    final Object relations = new Object();

    private final ScheduledThreadPoolExecutor conductor;
    private final Thread conductorThread;
    /** Virtual threads for drainers, reused between runs (at most 256 idle, each for at most 1 s). */
    private final Drainers drainers = new Drainers(Thread.ofVirtual().name("future-actor").factory(), 256,
            TimeUnit.SECONDS.toNanos(1));
    final Watchdog watchdog;
    private final Tier2 tier2;
    private final Services services;

    // counters
    private final LongAdder spawned = new LongAdder();
    private final LongAdder terminated = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final LongAdder runaways = new LongAdder();
    private final LongAdder escalations = new LongAdder();
    // conductor writes, diagnostics reads under their own monitors
    private final Map<String, Long> endsByReason = new TreeMap<>();
    private final ArrayDeque<SupervisorDiagnostics.Runaway> recentRunaways = new ArrayDeque<>();
    private final ArrayDeque<SupervisorDiagnostics.Crash> recentCrashes = new ArrayDeque<>();
    private final ArrayDeque<Escalated> recentEscalations = new ArrayDeque<>();
    private final ArrayDeque<ActorCell> recentlyTerminated = new ArrayDeque<>();

    private SupervisorImpl(SupervisorConfig config) {
        this.config = config;
        this.recorder = Recorder.of(config.diagnostics());
        this.number = SUPERVISOR_IDS.incrementAndGet();
        this.root = new GroupImpl(this, null, "root", GroupConfig.of(config.strategy(), config.retry()));
        Thread[] holder = new Thread[1];
        this.conductor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Thread.ofPlatform().daemon().name("future-conductor-" + number).unstarted(r);
            holder[0] = t;
            return t;
        });
        conductor.setRemoveOnCancelPolicy(true);
        conductor.prestartCoreThread();
        this.conductorThread = holder[0];
        this.watchdog = new Watchdog(this);
        scheduleAtFixedRate(TimeUnit.SECONDS.toNanos(1), () -> drainers.trim(false));
        this.services = Services.create(this, config);
        this.tier2 = services.tier2();
    }

    /** A running supervisor. */
    public static Supervisor create(SupervisorConfig config) {
        Objects.requireNonNull(config, "config");
        SupervisorImpl s = new SupervisorImpl(config);
        s.watchdog.ensureTick(config.hangTimeout().toNanos());
        return s;
    }

    // ================================================================ threads

    void startDrainer(Incarnation inc) {
        drainers.start(() -> ScopedValue.where(CURRENT, inc).run(inc::drain));
    }

    void startSubscriberDrainer(Runnable drain) {
        drainers.start(drain);
    }

    /** Runs {@code task} on the conductor; failures are logged, never lost silently. */
    void onConductor(Runnable task) {
        try {
            conductor.execute(() -> guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the supervisor has shut down: lifecycle events after that are moot
        }
    }

    ScheduledFuture<?> schedule(long delayNanos, Runnable task) {
        try {
            return conductor.schedule(() -> guarded(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    ScheduledFuture<?> scheduleAtFixedRate(long periodNanos, Runnable task) {
        return conductor.scheduleAtFixedRate(() -> guarded(task), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            if (Reasons.isFatal(t)) {
                throw t;
            }
            LOG.error("supervisor conductor task failed (the supervisor goes on)", t);
        }
    }

    /** The conductor, as the one timer of this supervisor (the box pool's lease checks run on it). */
    java.util.concurrent.ScheduledExecutorService timer() {
        return conductor;
    }

    boolean onConductorThread() {
        return Thread.currentThread() == conductorThread;
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> void rethrow(Throwable t) throws E {
        throw (E) t;
    }

    long nextHolderKey() {
        return -holderKeys.incrementAndGet();
    }

    Tier2 tier2() {
        return tier2;
    }

    // ================================================================ spawning

    @Override
    public ActorRef spawn(Actor actor) {
        return root.spawn(actor);
    }

    @Override
    public ActorRef spawn(Actor actor, SpawnOptions options) {
        return root.spawn(actor, options);
    }

    @Override
    public ActorRef spawn(Class<? extends Actor> actorClass, SpawnOptions options) {
        return root.spawn(actorClass, options);
    }

    @Override
    public Group createGroup(GroupConfig config) {
        Objects.requireNonNull(config, "config");
        return createGroup(root, config);
    }

    @Override
    public Group root() {
        return root;
    }

    GroupImpl rootGroup() {
        return root;
    }

    Group createGroup(GroupImpl parent, GroupConfig groupConfig) {
        checkOpen("createGroup");
        if (parent.down) {
            throw new IllegalStateException("group " + parent.id() + " is down (it spent its restart budget)");
        }
        GroupImpl g = new GroupImpl(this, parent, "group-" + groupIds.incrementAndGet(), groupConfig);
        parent.add(g);
        return g;
    }

    ActorRef spawnChild(Incarnation parent, ActorFactory factory, SpawnOptions options) {
        ActorCell p = parent.cell;
        GroupImpl group = p.owner != null ? p.owner : root;
        return spawnInto(group, factory, options, parent);
    }

    ActorRef spawnInto(GroupImpl group, ActorFactory factory, SpawnOptions options, Incarnation parent) {
        checkOpen("spawn");
        if (group.down) {
            throw new IllegalStateException("group " + group.id() + " is down: it spent its restart budget ("
                    + group.config.retry() + ") and stays down");
        }
        if (options.isolation() == Isolation.PROCESS) {
            factory = services.processFactory(factory, options); // PROCESS: each incarnation in a worker JVM
        }
        long t0 = recorder.tracks(Track.START_TIMES) ? System.nanoTime() : 0;
        Actor behaviour;
        try {
            behaviour = factory.create();
        } catch (Exception e) {
            throw new IllegalArgumentException("could not construct actor " + describe(factory, options) + ": " + e, e);
        }
        ActorCell cell;
        try {
            cell = register(group, factory, options, parent, behaviour);
        } catch (RuntimeException e) {
            if (behaviour instanceof ProcessBehaviour p) {
                p.end(); // refused (maxActors): its worker must not linger
            }
            throw e;
        }
        if (t0 != 0) {
            recorder.maybeRecord(Track.START_TIMES, (System.nanoTime() - t0) / 1000);
        }
        return cell;
    }

    private ActorCell register(GroupImpl group, ActorFactory factory, SpawnOptions options, Incarnation parent,
            Actor behaviour) {
        reserveSlot();
        ActorId id = new ActorId(ACTOR_IDS.incrementAndGet());
        long hang = options.hangTimeout().orElse(config.hangTimeout()).toNanos();
        ActorCell cell = new ActorCell(this, group == root ? null : group, id, options, factory, hang);
        if (hang > 0) {
            watchdog.ensureTick(hang);
        }
        cell.incarnations = 1;
        if (options.isolation() == Isolation.PROCESS) {
            cell.extras().incarnationStartedNanos = System.nanoTime();
        }
        Incarnation inc = new Incarnation(cell, 1, behaviour);
        cell.current = inc;
        registry.put(id, cell);
        spawned.increment();
        if (parent != null) {
            ActorCell p = parent.cell;
            ActorCell.Extras e = cell.extras();
            e.parent = p;
            e.parentIncarnation = parent;
            synchronized (relations) {
                ActorCell.Extras pe = p.extras();
                pe.children = ActorCell.add(pe.children, cell);
            }
        }
        group.add(cell);
        cell.state = ActorState.IDLE;
        FlightEvents.Spawn spawnEvent = new FlightEvents.Spawn();
        if (spawnEvent.shouldCommit()) {
            spawnEvent.actor = cell.label();
            spawnEvent.isolation = options.isolation().name();
            spawnEvent.group = group.id();
            spawnEvent.commit();
        }
        if (closed.get() || (parent != null && parent.isCancelled())) {
            // raced with shutdown or the parent's end: it must not outlive them
            stopNow(cell, closed.get() ? Kill.SHUTDOWN : Kill.PARENT_DIED);
        }
        return cell;
    }

    private void reserveSlot() {
        int max = config.maxActors();
        while (true) {
            int n = live.get();
            if (n >= max) {
                throw new IllegalStateException("maxActors reached: " + n + " actors are alive (maxActors=" + max
                        + "); wait for some to end or raise maxActors");
            }
            if (live.compareAndSet(n, n + 1)) {
                return;
            }
        }
    }

    private static String describe(ActorFactory factory, SpawnOptions options) {
        String what = factory.actorClass() != null ? factory.actorClass().getName() : "(lambda)";
        return options.name().map(n -> n + " " + what).orElse(what);
    }

    private void checkOpen(String what) {
        if (closed.get()) {
            throw new IllegalStateException("the supervisor is shut down: " + what + " is refused");
        }
    }

    // ================================================================ messages

    /** The actor whose handler runs on this thread, or null (main-thread code). */
    static Incarnation currentIncarnation() {
        Incarnation inc = CURRENT.orElse(Incarnation.NONE); // one lookup, not isBound() then get()
        return inc == Incarnation.NONE ? null : inc;
    }

    /** {@code receive(msg, data)}: builds the message once, with the real sender. */
    void deliverNew(ActorCell target, String msg, Object data) {
        Incarnation sender = currentIncarnation();
        if (sender != null && sender.isCancelled()) {
            return; // a fenced runaway's sends are dropped
        }
        offer(target, new Message(msg, null, data, null, sender != null ? sender.cell.id : ActorId.SYSTEM));
    }

    void deliver(ActorCell target, Message message) {
        Incarnation sender = currentIncarnation();
        if (sender != null && sender.isCancelled()) {
            return; // a fenced runaway's sends are dropped
        }
        offer(target, message.withFrom(sender != null ? sender.cell.id : ActorId.SYSTEM));
    }

    void countDeadLetters(int n) {
        deadLetters.add(n);
    }

    private void offer(ActorCell target, Message m) {
        if (target.dead) {
            deadLetters.increment();
            return;
        }
        Mailbox mailbox = target.mailbox;
        Mailbox.Offer offer = mailbox.offer(m);
        if (offer == Mailbox.Offer.FULL) {
            Overflow policy = target.options.overflow();
            if (policy == Overflow.DROP_NEWEST) {
                deadLetters.increment();
                return;
            }
            if (policy == Overflow.BLOCK) {
                try {
                    offer = mailbox.offerBlocking(m, BLOCK_TIMEOUT_NANOS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for room in the mailbox of actor "
                            + target.label(), e);
                }
            }
            if (offer == Mailbox.Offer.FULL) {
                deadLetters.increment();
                throw new IllegalStateException("the mailbox of actor " + target.label() + " is full (capacity "
                        + mailbox.capacity() + ")" + (policy == Overflow.BLOCK ? " and stayed full for 5 s" : ""));
            }
        }
        if (offer == Mailbox.Offer.CLOSED) {
            deadLetters.increment();
            return;
        }
        Incarnation inc = target.current;
        if (inc != null) {
            inc.schedule();
        }
    }

    /** Puts a runtime message (DOWN, EXIT, a tier-2 delivery) in an actor's mailbox. */
    boolean deliverSystem(ActorCell target, Message m) {
        if (target.dead || target.mailbox.offer(m) != Mailbox.Offer.QUEUED) {
            return false;
        }
        Incarnation inc = target.current;
        if (inc != null) {
            inc.schedule();
        }
        return true;
    }

    void publishSignal(ActorCell cell, Message m) {
        ActorCell.Extras e = cell.extrasOrNull();
        if (e != null) {
            e.subscribers.publish(m);
        }
        subscribers.publish(m);
    }

    Subscribers supervisorSubscribers() {
        return subscribers;
    }

    @Override
    public Subscription subscribe(Consumer<Message> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        return subscribers.add(subscriber, this);
    }

    void onHeartbeat(ActorCell cell) {
        tier2.heartbeat(cell);
    }

    // ================================================================ stopping (any thread)

    @Override
    public boolean terminateActor(ActorId id) {
        Objects.requireNonNull(id, "id");
        ActorCell cell = registry.get(id);
        if (cell == null || cell.dead) {
            return false;
        }
        stop(cell, Kill.TERMINATE);
        return true;
    }

    /** An intentional stop asked from outside the actor: recorded on the cell so no restart can revive it. */
    void stop(ActorCell cell, Kill kill) {
        if (cell.dead) {
            return;
        }
        if (cell.stop == null) {
            cell.stop = kill;
        }
        Incarnation inc = cell.current;
        if (inc != null) {
            inc.tryKill(kill);
        }
        onConductor(() -> onStopRequested(cell));
    }

    /** {@code ctx.terminate()}: ends with reason normal once the handler returns. */
    void stopFromInside(Incarnation inc) {
        ActorCell cell = inc.cell;
        if (cell.stop == null) {
            cell.stop = Kill.SELF;
        }
        inc.tryKill(Kill.SELF);
        onConductor(() -> handleKill(inc));
    }

    /** A stop that must not wait for a conductor hop (used while spawning). */
    private void stopNow(ActorCell cell, Kill kill) {
        if (kill.intentional()) {
            stop(cell, kill);
        } else {
            Incarnation inc = cell.current;
            if (inc != null && inc.tryKill(kill)) {
                onConductor(() -> handleKill(inc));
            }
        }
    }

    /** A non-intentional kill of the current incarnation (watchdog, lease, link, parent). */
    void kill(ActorCell cell, Kill kill) {
        Incarnation inc = cell.current;
        if (inc != null && inc.tryKill(kill)) {
            if (onConductorThread()) {
                handleKill(inc);
            } else {
                onConductor(() -> handleKill(inc));
            }
        }
    }

    void onUnwound(Incarnation inc) {
        onConductor(() -> finish(inc));
    }

    void onCrashed(Incarnation inc, Throwable failure) {
        onConductor(() -> finish(inc));
    }

    // ================================================================ the conductor's lifecycle logic

    private void onStopRequested(ActorCell cell) {
        if (cell.dead) {
            return;
        }
        Incarnation inc = cell.current;
        if (inc != null && !inc.finished) {
            inc.tryKill(cell.stop);
            handleKill(inc);
        } else {
            // between incarnations (restart pending): it simply stays dead
            RestartPlan plan = cell.plan();
            if (plan != null) {
                plan.cells.remove(cell);
                cell.setPlan(null);
            }
            finalDeath(cell, cell.stop.reason());
        }
    }

    /** Conductor: ends {@code inc} now, or interrupts its handler and starts the kill grace. */
    void handleKill(Incarnation inc) {
        if (inc.finished) {
            return;
        }
        ProcessBehaviour.onKill(inc); // PROCESS: SIGKILL now; the drainer unwinds at EOF, no grace needed
        if (!inc.inHandler()) {
            finish(inc);
            return;
        }
        Kill kill = inc.kill();
        Incarnation.Activation act = inc.activation;
        if (kill.interrupt() && act != null) {
            // never interrupt from the conductor itself: interrupting a thread stuck in some file reads
            // can block the caller (JDK-8321594)
            startSubscriberDrainer(act::interrupt);
        }
        if (inc.graceTimer == null) {
            inc.graceTimer = schedule(config.killGrace().toNanos(), () -> onGraceExpired(inc));
        }
    }

    private void onGraceExpired(Incarnation inc) {
        if (inc.finished) {
            return;
        }
        Thread t = inc.thread();
        StringBuilder stack = new StringBuilder();
        if (t != null) {
            for (StackTraceElement e : t.getStackTrace()) {
                stack.append("\tat ").append(e).append('\n');
            }
        }
        ActorCell cell = inc.cell;
        // it is stuck inside a handler, not in the mailbox: the next incarnation may consume
        cell.mailbox.revoke(inc);
        SupervisorDiagnostics.Runaway r = new SupervisorDiagnostics.Runaway(cell.id, cell.label(), inc.number,
                inc.kill().reason(), System.currentTimeMillis(), stack.toString());
        cell.extras().runaway = r;
        runaways.increment();
        FlightEvents.Runaway runawayEvent = new FlightEvents.Runaway();
        if (runawayEvent.shouldCommit()) {
            runawayEvent.actor = cell.label();
            runawayEvent.incarnation = inc.number;
            runawayEvent.reason = inc.kill().reason();
            runawayEvent.stack = r.stackTrace();
            runawayEvent.commit();
        }
        synchronized (recentRunaways) {
            addBounded(recentRunaways, r);
        }
        LOG.warn("actor {} did not end within the kill grace ({}) after '{}': declared dead and fenced; its thread "
                + "runs on (CPU-bound or untrusted work belongs in Isolation.PROCESS)\n{}", cell.label(),
                config.killGrace(), inc.kill().reason(), stack);
        finish(inc);
    }

    /** Conductor: the incarnation has ended (unwound, crashed, idle when killed, or fenced). */
    void finish(Incarnation inc) {
        if (inc.finished) {
            return;
        }
        inc.finished = true;
        ProcessBehaviour.onFinish(inc); // PROCESS: a worker is never reused
        if (inc.graceTimer != null) {
            inc.graceTimer.cancel(false);
        }
        ActorCell cell = inc.cell;
        Kill kill = inc.kill();
        if (kill == null) { // defensive: an unwind without a kill is a crash of the runtime's own making
            kill = new Kill(Reasons.crashed(new IllegalStateException("incarnation ended without a reason")), false,
                    false);
            inc.tryKill(kill);
        }
        if (cell.current == inc) {
            cell.current = null;
        }
        String reason = kill.reason();
        countEnd(reason);
        if (reason.startsWith(Reasons.CRASHED_PREFIX)) {
            recordCrash(cell, inc.number, reason);
            FlightEvents.Crash crashEvent = new FlightEvents.Crash();
            if (crashEvent.shouldCommit()) {
                crashEvent.actor = cell.label();
                crashEvent.incarnation = inc.number;
                crashEvent.reason = reason;
                crashEvent.commit();
            }
        } else if (!reason.equals(Reasons.NORMAL)) {
            FlightEvents.Kill killEvent = new FlightEvents.Kill();
            if (killEvent.shouldCommit()) {
                killEvent.actor = cell.label();
                killEvent.incarnation = inc.number;
                killEvent.reason = reason;
                killEvent.commit();
            }
        }
        if (cell.options.isolation() == Isolation.PROCESS && recorder.tracks(Track.PROCESS_LIFETIMES)) {
            recorder.maybeRecord(Track.PROCESS_LIFETIMES, (System.nanoTime() - cell.extras().incarnationStartedNanos) / 1_000_000);
        }
        boolean restartable = !kill.intentional() && !kill.fatal() && cell.stop == null && !cell.finalStop() && !shutDown
                && cell.restartType() != Restart.TEMPORARY && !parentEnded(cell) && group(cell).config.retry().restarts()
                && !group(cell).down;
        if (cell.plan() == null && !restartable) {
            cell.mailbox.close();
        }
        // tier 2: every reference it held is given back, its WRITING box reclaimed
        tier2.holderEnded(cell);
        services.onIncarnationEnded(cell);
        // children die with their parent, whatever the reason
        killChildren(cell);
        // links fire unless the stop was asked for
        fireLinks(cell, reason, kill.intentional());
        if (cell.dead || cell.current != null) {
            // Links fire synchronously on this thread: a partner killed above may finish at once, and
            // its end may already have settled this actor, re-entering this logic while we were in
            // fireLinks. Two ways, both seen in tests:
            // - dead: a crashed child linked to its parent died for good with parent_died (its DOWN
            //   has gone out);
            // - current != null: the partner's restart plan took this actor in and, with a zero
            //   backoff, already restarted it (mutually linked members under one-for-all).
            // Going on would mark it RESTARTING over a live incarnation or after its death, publish a
            // stale EXIT, and charge the budget for a second plan that restarts it over the new
            // incarnation without stopping it (two drainers on one mailbox).
            return;
        }

        RestartPlan plan = cell.plan();
        if (plan != null) {
            cell.state = ActorState.RESTARTING;
            publishLifecycle(cell, new Message("EXIT", null, new Exit(cell.id, reason), null, ActorId.SYSTEM));
            planEnded(plan, cell);
            return;
        }
        if (restartable) {
            cell.state = ActorState.RESTARTING;
            publishLifecycle(cell, new Message("EXIT", null, new Exit(cell.id, reason), null, ActorId.SYSTEM));
            memberFailed(group(cell), cell, reason, cell);
            return;
        }
        finalDeath(cell, reason);
    }

    private GroupImpl group(ActorCell cell) {
        return cell.owner != null ? cell.owner : root;
    }

    private static boolean parentEnded(ActorCell cell) {
        ActorCell.Extras e = cell.extrasOrNull();
        return e != null && e.parentIncarnation != null && (e.parentIncarnation.finished
                || e.parentIncarnation.isCancelled());
    }

    private void killChildren(ActorCell cell) {
        List<ActorCell> children;
        synchronized (relations) {
            ActorCell.Extras e = cell.extrasOrNull();
            if (e == null || e.children == null || e.children.isEmpty()) {
                return;
            }
            children = new ArrayList<>(e.children);
            e.children.clear();
        }
        for (ActorCell child : children) {
            if (child.dead) {
                continue;
            }
            child.setFinalStop(true);
            RestartPlan p = child.plan();
            if (child.current == null) {
                // waiting for a restart: it simply stays dead
                if (p != null) {
                    p.cells.remove(child);
                    child.setPlan(null);
                }
                finalDeath(child, Reasons.PARENT_DIED);
            } else {
                if (p != null) {
                    // it was being stopped for a restart: now it dies for good instead
                    p.cells.remove(child);
                    child.setPlan(null);
                    p.stopping.remove(child);
                    maybeScheduleRestart(p);
                }
                kill(child, Kill.PARENT_DIED);
            }
        }
    }

    private void fireLinks(ActorCell cell, String reason, boolean intentional) {
        List<ActorCell> partners;
        synchronized (relations) {
            ActorCell.Extras e = cell.extrasOrNull();
            if (e == null || e.links == null || e.links.isEmpty()) {
                return;
            }
            partners = new ArrayList<>(e.links);
        }
        // The signal is for the partners' incarnations alive now. Each kill below may finish its
        // partner at once and cascade (its own links, its group's plan, which with a zero backoff
        // restarts at once), so by the time the loop reaches a later partner that partner may
        // already have ended and been restarted: killing "its current incarnation" then would kill
        // the fresh one, and the cascade would go round again.
        List<Incarnation> targets = new ArrayList<>(partners.size());
        for (ActorCell p : partners) {
            targets.add(p.current);
        }
        for (int i = 0; i < partners.size(); i++) {
            ActorCell p = partners.get(i);
            if (p.dead) {
                continue;
            }
            if (p.options.trapExits()) {
                deliverSystem(p, new Message("EXIT", null, new Exit(cell.id, reason), null, ActorId.SYSTEM));
            } else if (!intentional) {
                Incarnation inc = targets.get(i);
                if (inc != null && inc.tryKill(Kill.LINKED)) {
                    handleKill(inc); // we are on the conductor
                }
            }
        }
    }

    /** Conductor: the actor is dead for good. */
    void finalDeath(ActorCell cell, String reason) {
        if (cell.dead) {
            return;
        }
        cell.setPlan(null);
        int dropped = cell.mailbox.close();
        if (dropped > 0) {
            deadLetters.add(dropped);
        }
        cell.extras().terminationReason = reason;
        cell.state = ActorState.TERMINATED;
        ActorCell.Extras e = cell.extras();
        e.endedAtMillis = System.currentTimeMillis();
        recorder.maybeRecord(Track.ACTOR_LIFETIMES, e.endedAtMillis - cell.startedAtMillis);
        cell.dead = true;
        group(cell).remove(cell);
        registry.remove(cell.id);
        live.decrementAndGet();
        terminated.increment();
        synchronized (recentlyTerminated) {
            addBounded(recentlyTerminated, cell);
        }
        // monitors: one DOWN per watcher, in its handler and on its subscribers
        List<ActorCell> watchers;
        synchronized (relations) {
            watchers = e.watchers == null ? List.of() : new ArrayList<>(e.watchers);
            if (e.watchers != null) {
                e.watchers.clear();
            }
            for (ActorCell w : watchers) {
                ActorCell.Extras we = w.extrasOrNull();
                if (we != null && we.watching != null) {
                    we.watching.remove(cell);
                }
            }
            if (e.links != null) {
                for (ActorCell p : e.links) {
                    ActorCell.Extras pe = p.extrasOrNull();
                    if (pe != null && pe.links != null) {
                        pe.links.remove(cell);
                    }
                }
                e.links.clear();
            }
            if (e.watching != null) {
                for (ActorCell t : e.watching) {
                    ActorCell.Extras te = t.extrasOrNull();
                    if (te != null && te.watchers != null) {
                        te.watchers.remove(cell);
                    }
                }
                e.watching.clear();
            }
            ActorCell parent = e.parent;
            if (parent != null) {
                ActorCell.Extras pe = parent.extrasOrNull();
                if (pe != null && pe.children != null) {
                    pe.children.remove(cell);
                }
            }
        }
        Message down = new Message("DOWN", null, new Down(cell.id, reason), null, ActorId.SYSTEM);
        for (ActorCell w : watchers) {
            if (!w.dead) {
                deliverSystem(w, down);
                ActorCell.Extras we = w.extrasOrNull();
                if (we != null) {
                    we.subscribers.publish(down);
                }
            }
        }
        publishLifecycle(cell, down);
        e.ended.complete(null);
        services.onActorDead(cell);
    }

    private void publishLifecycle(ActorCell cell, Message m) {
        ActorCell.Extras e = cell.extrasOrNull();
        if (e != null) {
            e.subscribers.publish(m);
        }
        subscribers.publish(m);
    }

    // ---------------------------------------------------------------- strategies (conductor)

    /**
     * A member of {@code group} failed: an actor crashed ({@code member == endedCell}) or a nested
     * group spent its budget ({@code member} is that group; {@code endedCell} is the actor whose
     * crash spent it). Applies the strategy within the budget, or escalates.
     */
    private void memberFailed(GroupImpl group, Member member, String reason, ActorCell endedCell) {
        if (group.down || shutDown) {
            stopForGood(member, reason, endedCell);
            return;
        }
        if (!group.config.retry().restarts()) {
            // Retry.none(): the failed member is not restarted; the group lives on
            stopForGood(member, reason, endedCell);
            return;
        }
        int n = group.tryRecordRestart(System.nanoTime());
        if (n < 0) {
            escalate(group, reason, endedCell);
            return;
        }
        long delay = group.config.retry().delayBefore(n).toNanos();
        RestartPlan plan = new RestartPlan(group, delay);
        List<Member> members = group.snapshot();
        int at = members.indexOf(member);
        List<Member> targets = switch (group.config.strategy()) {
            case ONE_FOR_ONE -> List.of(member);
            case ONE_FOR_ALL -> members;
            case REST_FOR_ONE -> at < 0 ? List.of(member) : members.subList(at, members.size());
        };
        if (at < 0 && !targets.contains(member)) {
            targets = new ArrayList<>(targets);
            targets.add(member);
        }
        plan.building = true; // members stopped below must not start the plan before all are in it
        for (Member t : targets) {
            addToPlan(plan, t, endedCell);
        }
        plan.building = false;
        maybeScheduleRestart(plan);
    }

    private void addToPlan(RestartPlan plan, Member m, ActorCell endedCell) {
        switch (m) {
            case GroupImpl g -> {
                plan.groupsToReset.add(g);
                for (Member sub : g.snapshot()) {
                    addToPlan(plan, sub, endedCell);
                }
            }
            case ActorCell c -> {
                if (c.dead || c.stop != null) {
                    return;
                }
                if (c == endedCell) {
                    c.setPlan(plan);
                    plan.cells.add(c);
                    return;
                }
                if (c.plan() != null && c.plan() != plan) {
                    // already waiting for another restart: this plan takes it over
                    RestartPlan old = c.plan();
                    old.cells.remove(c);
                    if (old.stopping.remove(c)) {
                        maybeScheduleRestart(old);
                    }
                }
                if (c.restartType() == Restart.TEMPORARY || parentEnded(c)) {
                    c.setFinalStop(true);
                    stopCell(c, Kill.SHUTDOWN);
                    return;
                }
                c.setPlan(plan);
                plan.cells.add(c);
                if (c.current != null) {
                    plan.stopping.add(c);
                    stopCell(c, Kill.SHUTDOWN);
                }
            }
        }
    }

    /** Conductor: stops the current incarnation of {@code c} (a strategy or escalation stop). */
    private void stopCell(ActorCell c, Kill kill) {
        Incarnation inc = c.current;
        if (inc == null) {
            if (c.plan() == null) {
                finalDeath(c, kill.reason());
            }
            return;
        }
        inc.tryKill(kill);
        handleKill(inc);
    }

    private void planEnded(RestartPlan plan, ActorCell cell) {
        if (plan.abandoned) {
            cell.setPlan(null);
            finalDeath(cell, cell.terminationReason() != null ? cell.terminationReason() : Reasons.SHUTDOWN);
            return;
        }
        if (cell != null) {
            // no-op unless the plan stopped it (not for the member that failed first)
            plan.stopping.remove(cell);
        }
        maybeScheduleRestart(plan);
    }

    private void maybeScheduleRestart(RestartPlan plan) {
        if (plan.abandoned || plan.scheduled || plan.building || !plan.stopping.isEmpty()) {
            return;
        }
        plan.scheduled = true;
        if (plan.delayNanos <= 0) {
            restartAll(plan);
        } else {
            schedule(plan.delayNanos, () -> restartAll(plan));
        }
    }

    private void restartAll(RestartPlan plan) {
        if (plan.abandoned) {
            return;
        }
        for (GroupImpl g : plan.groupsToReset) {
            g.resetIntensity();
        }
        List<ActorCell> failedToStart = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (ActorCell c : new ArrayList<>(plan.cells)) {
            if (c.plan() != plan || c.dead) {
                continue;
            }
            c.setPlan(null);
            if (c.stop != null || shutDown || parentEnded(c)) {
                finalDeath(c, c.stop != null ? c.stop.reason() : shutDown ? Reasons.SHUTDOWN : Reasons.PARENT_DIED);
                continue;
            }
            Actor behaviour;
            try {
                behaviour = c.factory.create();
            } catch (Throwable t) {
                if (Reasons.isFatal(t)) {
                    throw (Error) t;
                }
                failedToStart.add(c);
                why.add(Reasons.crashed(t));
                LOG.warn("restart of actor {} failed: its constructor threw", c.label(), t);
                continue;
            }
            c.incarnations++;
            if (c.options.isolation() == Isolation.PROCESS) {
                c.extras().incarnationStartedNanos = System.nanoTime();
            }
            Incarnation inc = new Incarnation(c, c.incarnations, behaviour);
            ActorCell.Extras e = c.extras();
            e.restarts++;
            restarts.increment();
            FlightEvents.Restart restartEvent = new FlightEvents.Restart();
            if (restartEvent.shouldCommit()) {
                restartEvent.actor = c.label();
                restartEvent.incarnation = inc.number;
                restartEvent.group = group(c).id();
                restartEvent.commit();
            }
            c.current = inc;
            c.state = ActorState.IDLE;
            if (c.stop != null) { // raced with terminate(): the new incarnation never runs
                inc.tryKill(c.stop);
                finish(inc);
                continue;
            }
            if (!c.mailbox.isEmpty()) {
                inc.schedule();
            }
        }
        // a restart that could not happen is reported (its constructor threw): it counts as a crash
        for (int i = 0; i < failedToStart.size(); i++) {
            ActorCell c = failedToStart.get(i);
            c.incarnations++;
            countEnd(why.get(i));
            recordCrash(c, c.incarnations, why.get(i));
            c.state = ActorState.RESTARTING;
            memberFailed(group(c), c, why.get(i), c);
        }
    }

    /** {@code group} spent its budget: stop its members and hand the failure up. */
    private void escalate(GroupImpl group, String reason, ActorCell endedCell) {
        escalations.increment();
        FlightEvents.Escalation escalationEvent = new FlightEvents.Escalation();
        if (escalationEvent.shouldCommit()) {
            escalationEvent.group = group.id();
            escalationEvent.reason = reason;
            escalationEvent.commit();
        }
        if (group.isRoot() || group.isTopLevel()) {
            Escalated esc = new Escalated(group.id(), reason);
            synchronized (recentEscalations) {
                addBounded(recentEscalations, esc);
            }
            LOG.warn("group {} spent its restart budget ({}) after '{}': its members are stopped{}", group.id(),
                    group.config.retry(), reason, group.isRoot() ? "" : " and it stays down");
            if (!group.isRoot()) {
                group.down = true;
                List<GroupImpl> nested = new ArrayList<>();
                group.nestedGroups(nested);
                nested.forEach(g -> g.down = true);
            }
            stopForGood(group, reason, endedCell);
            subscribers.publish(new Message("ESCALATED", null, esc, null, ActorId.SYSTEM));
            return;
        }
        // a nested group: its parent treats it as one crashed child
        memberFailed(group.owner, group, reason, endedCell);
    }

    /** Stops {@code m} (an actor, or every actor under a group) for good; {@code endedCell} keeps its own reason. */
    private void stopForGood(Member m, String reason, ActorCell endedCell) {
        List<ActorCell> cells = new ArrayList<>();
        switch (m) {
            case ActorCell c -> cells.add(c);
            case GroupImpl g -> g.leafCells(cells);
        }
        if (endedCell != null && !cells.contains(endedCell)) {
            cells.add(endedCell);
        }
        for (int i = cells.size() - 1; i >= 0; i--) {
            ActorCell c = cells.get(i);
            if (c.dead) {
                continue;
            }
            RestartPlan p = c.plan();
            if (p != null) {
                p.abandoned = true;
                for (ActorCell other : p.cells) {
                    if (!cells.contains(other)) {
                        cells.add(0, other);
                        i++;
                    }
                }
            }
            c.setFinalStop(true);
            c.setPlan(null);
            if (c.current == null) {
                finalDeath(c, c == endedCell ? reason : Reasons.SHUTDOWN);
            } else {
                stopCell(c, Kill.SHUTDOWN);
            }
        }
    }

    private void countEnd(String reason) {
        synchronized (endsByReason) {
            endsByReason.merge(Reasons.kind(reason), 1L, Long::sum);
        }
    }

    private void recordCrash(ActorCell cell, int incarnation, String reason) {
        cell.extras().lastCrash = reason;
        long now = System.currentTimeMillis();
        synchronized (recentCrashes) {
            SupervisorDiagnostics.Crash last = recentCrashes.peekLast();
            if (last != null && last.id().equals(cell.id) && last.reason().equals(reason)) {
                recentCrashes.pollLast();
                recentCrashes.addLast(new SupervisorDiagnostics.Crash(cell.id, cell.label(), incarnation, reason, now,
                        last.count() + 1));
            } else {
                addBounded(recentCrashes, new SupervisorDiagnostics.Crash(cell.id, cell.label(), incarnation, reason,
                        now, 1));
            }
        }
    }

    private static <T> void addBounded(ArrayDeque<T> q, T item) {
        if (q.size() >= RECENT) {
            q.pollFirst();
        }
        q.addLast(item);
    }

    // ================================================================ links and monitors (any thread)

    private ActorCell cellOf(ActorRef ref) {
        if (ref instanceof ActorCell c && c.sup == this) {
            return c;
        }
        ActorCell c = registry.get(ref.id());
        if (c == null) {
            throw new IllegalArgumentException("actor " + ref.id() + " does not belong to this supervisor (or is dead)");
        }
        return c;
    }

    void link(ActorCell a, ActorRef otherRef) {
        ActorCell b = cellOf(otherRef);
        if (a == b) {
            return;
        }
        boolean noproc;
        synchronized (relations) {
            noproc = a.dead || b.dead;
            if (!noproc) {
                ActorCell.Extras ea = a.extras();
                ActorCell.Extras eb = b.extras();
                ea.links = ActorCell.add(ea.links, b);
                eb.links = ActorCell.add(eb.links, a);
            }
        }
        if (noproc && !a.dead && b.dead && a.options.trapExits()) {
            deliverSystem(a, new Message("EXIT", null, new Exit(b.id, Reasons.NOPROC), null, ActorId.SYSTEM));
        }
    }

    void unlink(ActorCell a, ActorRef otherRef) {
        ActorCell b = cellOf(otherRef);
        synchronized (relations) {
            ActorCell.Extras ea = a.extrasOrNull();
            ActorCell.Extras eb = b.extrasOrNull();
            if (ea != null && ea.links != null) {
                ea.links.remove(b);
            }
            if (eb != null && eb.links != null) {
                eb.links.remove(a);
            }
        }
    }

    void monitor(ActorCell watcher, ActorRef targetRef) {
        ActorCell target = cellOf(targetRef);
        if (watcher == target) {
            return;
        }
        boolean noproc;
        synchronized (relations) {
            noproc = target.dead;
            if (!noproc && !watcher.dead) {
                ActorCell.Extras et = target.extras();
                ActorCell.Extras ew = watcher.extras();
                et.watchers = ActorCell.add(et.watchers, watcher);
                ew.watching = ActorCell.add(ew.watching, target);
            }
        }
        if (noproc && !watcher.dead) {
            Message down = new Message("DOWN", null, new Down(target.id, Reasons.NOPROC), null, ActorId.SYSTEM);
            deliverSystem(watcher, down);
            watcher.extras().subscribers.publish(down);
        }
    }

    void demonitor(ActorCell watcher, ActorRef targetRef) {
        ActorCell target = cellOf(targetRef);
        synchronized (relations) {
            ActorCell.Extras et = target.extrasOrNull();
            ActorCell.Extras ew = watcher.extrasOrNull();
            if (et != null && et.watchers != null) {
                et.watchers.remove(watcher);
            }
            if (ew != null && ew.watching != null) {
                ew.watching.remove(target);
            }
        }
    }

    /** Live cells linked to, or monitoring, {@code cell} (for Share.LINKED). */
    List<ActorCell> linkedOrMonitoring(ActorCell cell) {
        synchronized (relations) {
            ActorCell.Extras e = cell.extrasOrNull();
            if (e == null) {
                return List.of();
            }
            List<ActorCell> out = new ArrayList<>();
            if (e.links != null) {
                out.addAll(e.links);
            }
            if (e.watchers != null) {
                for (ActorCell w : e.watchers) {
                    if (!out.contains(w)) {
                        out.add(w);
                    }
                }
            }
            out.removeIf(c -> c.dead);
            return out;
        }
    }

    /** Live cells of {@code cell}'s own group, itself excluded (for Share.GROUP). */
    List<ActorCell> groupMates(ActorCell cell) {
        List<ActorCell> out = new ArrayList<>();
        for (Member m : group(cell).snapshot()) {
            if (m instanceof ActorCell c && c != cell && !c.dead) {
                out.add(c);
            }
        }
        return out;
    }

    ActorCell lookup(ActorId id) {
        return registry.get(id);
    }

    // ================================================================ main-thread tier 2, resources, codecs

    @Override
    public Optional<Reader> read(Message message) {
        Objects.requireNonNull(message, "message");
        return readOnMainThread(message);
    }

    @Override
    public void release(Handle handle) {
        Objects.requireNonNull(handle, "handle");
        releaseOnMainThread(handle);
    }

    Optional<Reader> readOnMainThread(Message message) {
        Incarnation inc = currentIncarnation();
        if (inc != null) {
            return inc.read(message);
        }
        return tier2.read(mainThreadHolder(), null, message);
    }

    void releaseOnMainThread(Handle handle) {
        Incarnation inc = currentIncarnation();
        if (inc != null) {
            inc.release(handle);
            return;
        }
        tier2.release(mainThreadHolder(), handle);
    }

    /** The holder key of main-thread code: the subscriber whose callback runs here, else 0. */
    private static long mainThreadHolder() {
        return CURRENT_CHANNEL.isBound() ? CURRENT_CHANNEL.get().holderKey : 0L;
    }

    <R> R resourceFor(Class<R> api, Incarnation inc) {
        return services.resource(api, inc);
    }

    @Override
    public Fmt fmt() {
        return services.fmt();
    }

    // ================================================================ tasks

    @Override
    public <T> Task<T> task(Callable<T> work) {
        return task(work, TaskOptions.defaults());
    }

    @Override
    public <T> Task<T> task(Callable<T> work, TaskOptions options) {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(options, "options");
        checkOpen("task");
        return services.task(work, options);
    }

    @Override
    public <I, T> Task<T> task(Class<? extends TaskBody<I, T>> body, I input, TaskOptions options) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(options, "options");
        checkOpen("task");
        return services.task(body, input, options);
    }

    // ================================================================ diagnostics

    @Override
    public SupervisorDiagnostics diagnostics() {
        List<ActorDiagnostics> actors = new ArrayList<>();
        for (ActorCell c : registry.values()) {
            if (!c.dead) {
                actors.add(c.diagnostics());
            }
        }
        actors.sort((a, b) -> Long.compare(a.id().value(), b.id().value()));
        List<ActorDiagnostics> ended = new ArrayList<>();
        long visibleSince = System.currentTimeMillis() - DEAD_VISIBLE_MILLIS;
        synchronized (recentlyTerminated) {
            // dead actors stay visible for a bounded time and count
            while (!recentlyTerminated.isEmpty() && endedAt(recentlyTerminated.peekFirst()) < visibleSince) {
                recentlyTerminated.pollFirst();
            }
            for (ActorCell c : recentlyTerminated) {
                ended.add(c.diagnostics());
            }
        }
        List<SupervisorDiagnostics.GroupInfo> groups = new ArrayList<>();
        groups.add(root.info());
        List<GroupImpl> nested = new ArrayList<>();
        root.nestedGroups(nested);
        for (GroupImpl g : nested) {
            groups.add(g.info());
        }
        Map<String, Long> ends;
        synchronized (endsByReason) {
            ends = Map.copyOf(endsByReason);
        }
        List<SupervisorDiagnostics.Runaway> runawayList;
        synchronized (recentRunaways) {
            runawayList = List.copyOf(recentRunaways);
        }
        List<SupervisorDiagnostics.Crash> crashes;
        synchronized (recentCrashes) {
            crashes = List.copyOf(recentCrashes);
        }
        List<Escalated> escs;
        synchronized (recentEscalations) {
            escs = List.copyOf(recentEscalations);
        }
        dev.future.internal.box.BoxPoolStats pool = tier2.poolStats();
        Optional<SupervisorDiagnostics.Heartbeats> heartbeats = recorder.snapshot(Track.HEARTBEAT_INTERVALS)
                .map(h -> new SupervisorDiagnostics.Heartbeats(h, ends.getOrDefault(Reasons.TIMEOUT, 0L)));
        Optional<List<SupervisorDiagnostics.ResourceCalls>> resourceCalls = recorder.tracks(Track.RESOURCE_CALL_LATENCY)
                ? Optional.of(services.resourceCalls()) : Optional.empty();
        Optional<SupervisorDiagnostics.Authorization> authorization = recorder.tracks(Track.AUTHORIZATION_EVENTS)
                ? Optional.of(new SupervisorDiagnostics.Authorization(pool.granted(), pool.denied())) : Optional.empty();
        return new SupervisorDiagnostics(live.get(), spawned.sum(), terminated.sum(), runaways.sum(),
                pool.toMemoryPool(), List.copyOf(actors), deadLetters.sum(), pool.denied(), restarts.sum(),
                escalations.sum(), ends, runawayList, List.copyOf(ended), escs, crashes, List.copyOf(groups),
                recorder.snapshot(Track.ACTOR_LIFETIMES), recorder.snapshot(Track.START_TIMES),
                recorder.snapshot(Track.PROCESS_LIFETIMES),
                poolHistogram(Track.WRITE_QUEUE_WAIT, pool.writeQueueWaitMs(), "ms"),
                poolHistogram(Track.WRITE_QUEUE_DEPTH, pool.writeQueueDepthSeen(), "writes"),
                recorder.snapshot(Track.MESSAGE_LATENCY), recorder.snapshot(Track.BUFFER_UTILIZATION), heartbeats,
                resourceCalls, authorization, recorder.snapshot(Track.INBOX_DEPTH),
                recorder.snapshot(Track.REF_COUNT_HISTORY));
    }

    private static long endedAt(ActorCell c) {
        ActorCell.Extras e = c.extrasOrNull();
        return e == null ? 0 : e.endedAtMillis;
    }

    private Optional<MetricHistogram> poolHistogram(Track t, dev.future.internal.box.BoxPoolStats.Histogram h,
            String unit) {
        if (!recorder.tracks(t)) {
            return Optional.empty();
        }
        long[] bounds = h.upperBounds();
        long[] counts = h.counts();
        long total = h.count();
        return Optional.of(new MetricHistogram(unit, total, total == 0 ? 0 : (double) h.sum() / total,
                percentile(bounds, counts, total, 0.5, h.max()), percentile(bounds, counts, total, 0.99, h.max()),
                h.max()));
    }

    private static long percentile(long[] bounds, long[] counts, long total, double q, long max) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (total > 0 && seen >= rank && counts[i] > 0) {
                return Math.min(i < bounds.length ? bounds[i] : max, max);
            }
        }
        return max;
    }

    // ================================================================ shutdown

    @Override
    public void shutdown() {
        if (!closed.compareAndSet(false, true)) {
            awaitConductorEnd();
            return;
        }
        long graceNanos = config.killGrace().toNanos();
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos() + graceNanos;
        List<ActorCell> order = new ArrayList<>();
        root.leafCells(order);
        // stop in reverse start order (children were appended after their parents, so they go first)
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        onConductor(() -> {
            shutDown = true;
            stopInTurn(order, order.size() - 1, deadline, asked);
        });
        try {
            asked.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            for (ActorCell c : order) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                if (!c.dead) {
                    c.extras().ended.get(left, TimeUnit.NANOSECONDS);
                }
            }
            while (live.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("shutdown: some actors did not end within {} + the kill grace; going on", config.shutdownTimeout());
        }
        try {
            services.close();
        } finally {
            watchdog.stop();
            conductor.shutdown();
            awaitConductorEnd();
            drainers.close();
        }
    }

    /**
     * Conductor: stops {@code order[i]}, then (once it has ended, or been fenced after its grace) the
     * one before it: reverse start order, one at a time, as OTP does. Past the deadline the rest are
     * stopped all at once.
     */
    private void stopInTurn(List<ActorCell> order, int i, long deadline, java.util.concurrent.CountDownLatch asked) {
        for (; i >= 0; i--) {
            ActorCell c = order.get(i);
            if (c.dead) {
                continue;
            }
            if (c.stop == null) {
                c.stop = Kill.SHUTDOWN;
            }
            c.setFinalStop(true);
            RestartPlan p = c.plan();
            if (p != null) {
                p.abandoned = true;
            }
            Incarnation inc = c.current;
            if (inc == null) {
                finalDeath(c, Reasons.SHUTDOWN);
                continue;
            }
            inc.tryKill(Kill.SHUTDOWN);
            handleKill(inc);
            if (c.dead || System.nanoTime() > deadline) {
                continue; // ended at once (it was idle), or no time is left to wait in turn
            }
            int next = i - 1;
            c.extras().ended.whenComplete((v, t) -> onConductor(() -> stopInTurn(order, next, deadline, asked)));
            return;
        }
        // anything that raced in (spawned while we were collecting) goes too
        for (ActorCell c : registry.values()) {
            if (!c.dead && c.stop == null) {
                stop(c, Kill.SHUTDOWN);
            }
        }
        asked.countDown();
    }

    private void awaitConductorEnd() {
        if (onConductorThread()) {
            return;
        }
        try {
            conductor.awaitTermination(config.shutdownTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    boolean isShutDown() {
        return closed.get();
    }

    @Override
    public String toString() {
        return "Supervisor[" + number + ", " + live.get() + " actors]";
    }

    // ================================================================ the hang watchdog

    /**
     * One timer for every actor: a periodic scan, on the conductor, of the incarnations whose
     * drainer is running, killing (reason {@code "timeout"}) a handler busy longer than its
     * actor's hang timeout without a heartbeat or any ctx/self call. Waiting in
     * {@code ctx.receive} is not busy. The period adapts to the shortest timeout in use (a quarter
     * of it, between 2 ms and 250 ms).
     */
    static final class Watchdog {
        private final SupervisorImpl sup;
        /** Activations to watch: offered by drainers (any thread), taken by the scan. */
        private final dev.future.internal.util.MpscQueue<Incarnation.Activation> incoming =
                new dev.future.internal.util.MpscQueue<>();
        /** The scan's own list (conductor only), rebuilt each tick so it never keeps what ended. */
        private List<Incarnation.Activation> watched = new ArrayList<>();
        private long periodNanos = Long.MAX_VALUE; // guarded by this
        private ScheduledFuture<?> tick; // guarded by this

        Watchdog(SupervisorImpl sup) {
            this.sup = sup;
        }

        /** The drainer: watch this activation (one queue offer per activation, no table). */
        void watch(Incarnation.Activation act) {
            incoming.offer(act);
        }

        synchronized void ensureTick(long hangNanos) {
            if (hangNanos <= 0) {
                return;
            }
            long want = Math.clamp(hangNanos / 4, TimeUnit.MILLISECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(250));
            if (want >= periodNanos) {
                return;
            }
            periodNanos = want;
            if (tick != null) {
                tick.cancel(false);
            }
            try {
                tick = sup.scheduleAtFixedRate(want, this::scan);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                tick = null;
            }
        }

        synchronized void stop() {
            if (tick != null) {
                tick.cancel(false);
            }
        }

        /**
         * A handler is hung when it has been in the handler, not waiting in receive or on a
         * resource, with the same progress count (no new message, heartbeat or ctx/self call) for
         * longer than its limit. Activations that ended are dropped.
         */
        private void scan() {
            for (Incarnation.Activation a; (a = incoming.poll()) != null; ) {
                watched.add(a);
            }
            long now = System.nanoTime();
            List<Incarnation.Activation> still = new ArrayList<>(watched.size());
            for (Incarnation.Activation act : watched) {
                Incarnation inc = act.inc;
                if (act.ended || inc.kill() != null) {
                    continue;
                }
                still.add(act);
                long progress = act.progress();
                if (!act.inHandler || act.inReceive || progress != act.watchSeen) {
                    act.watchSeen = progress;
                    act.watchSince = now;
                    continue;
                }
                long hang = inc.cell.hangTimeoutNanos();
                if (hang > 0 && now - act.watchSince > hang && inc.tryKill(Kill.TIMEOUT)) {
                    LOG.warn("actor {} was busy in its handler for more than its hang timeout ({} ms) with no "
                            + "heartbeat: killed (timeout)", inc.cell.label(), TimeUnit.NANOSECONDS.toMillis(hang));
                    sup.handleKill(inc);
                }
            }
            watched = still;
        }
    }

}
