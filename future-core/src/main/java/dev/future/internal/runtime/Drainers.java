package dev.future.internal.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The virtual threads that run drainers (an actor's activation, a subscriber's delivery run), kept
 * parked between runs and handed the next one.
 *
 * <p>Why not a new virtual thread per run: starting one allocates the thread and its continuation,
 * and {@code Thread.start} submits it to the scheduler's <em>shared</em> queue, so whichever carrier
 * polls first runs it. Unparking a parked thread from a virtual thread instead pushes it onto the
 * <em>current</em> carrier's own queue: an actor woken by a message runs next to its sender, as an
 * actor scheduled on a fork-join dispatcher does (Pekko's), and a pair of actors that talk stays on
 * one core instead of moving every message between two caches.
 *
 * <p>Idle threads wait on a lock-free stack (newest on top: its stack is the warmest); at most
 * {@code maxIdle} wait, and those idle longer than {@code idleNanos} are ended by {@link #trim}, so
 * a quiet supervisor holds no threads. {@link #close} ends all of them.
 *
 * <p>Hand-off: a starter pops an idle drainer and claims it (CAS {@code IDLE -> RUNNING}), sets its
 * task, unparks it. Trimming claims it the other way ({@code IDLE -> RETIRED}), after taking it off
 * the stack (a pop that got it first wins the claim, and trimming skips it). Stack nodes are never reused (a new one per push),
 * so a pop's CAS cannot succeed on a recycled node (no ABA).
 */
final class Drainers {

    private static final VarHandle TOP;
    private static final VarHandle STATE;
    private static final int RUNNING = 0;
    private static final int IDLE = 1;
    private static final int RETIRED = 2;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TOP = l.findVarHandle(Drainers.class, "top", Waiting.class);
            STATE = l.findVarHandle(Drainer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A stack entry: one idle drainer, and how many wait below it (a bound, not an exact count). */
    private record Waiting(Drainer drainer, Waiting next, int depth, long since) {}

    private final ThreadFactory factory;
    private final int maxIdle;
    private final long idleNanos;
    @SuppressWarnings("unused") // through TOP
    private volatile Waiting top;
    private volatile boolean closed;

    Drainers(ThreadFactory factory, int maxIdle, long idleNanos) {
        this.factory = factory;
        this.maxIdle = maxIdle;
        this.idleNanos = idleNanos;
    }

    /** Runs {@code task} on an idle drainer, or on a new one. */
    void start(Runnable task) {
        Drainer d;
        while ((d = pop()) != null) {
            if (STATE.compareAndSet(d, IDLE, RUNNING)) {
                d.task = task;
                LockSupport.unpark(d.thread);
                return;
            }
        }
        d = new Drainer(task);
        Thread t = factory.newThread(d);
        d.thread = t;
        t.start();
    }

    /** How many drainers wait idle (a snapshot; retired ones not yet popped included). */
    int idle() {
        Waiting w = top;
        return w == null ? 0 : w.depth;
    }

    /**
     * Ends the drainers idle for longer than the idle time (all of them when {@code all}). Called
     * periodically by the supervisor's conductor, and at shutdown. The stack is taken whole and the
     * young ones are put back (in their order), so no retired entry stays on it to count against
     * {@code maxIdle}; a start meanwhile finds it empty and makes a thread, which is only slower.
     */
    void trim(boolean all) {
        trim(System.nanoTime(), all);
    }

    /** {@link #trim(boolean)} as of {@code now} (tests pass a later time instead of waiting for it). */
    void trim(long now, boolean all) {
        Waiting w = top;
        while (!all && w != null && now - w.since <= idleNanos) {
            w = w.next; // newest first: nothing to do unless some entry is old
        }
        if (w == null) {
            return;
        }
        java.util.ArrayDeque<Waiting> keep = new java.util.ArrayDeque<>();
        for (Waiting x = (Waiting) TOP.getAndSet(this, (Waiting) null); x != null; x = x.next) {
            if (!all && now - x.since <= idleNanos) {
                keep.push(x); // reversed: the oldest of the young ones goes back first
            } else {
                retire(x.drainer);
            }
        }
        for (Waiting x : keep) {
            if (!push(x.drainer, x.since)) {
                retire(x.drainer);
            }
        }
    }

    /** Ends every idle drainer, now and from now on (a drainer finishing its run later ends too). */
    void close() {
        closed = true;
        trim(true);
    }

    private static void retire(Drainer d) {
        if (STATE.compareAndSet(d, IDLE, RETIRED)) {
            LockSupport.unpark(d.thread);
        }
    }

    private Drainer pop() {
        while (true) {
            Waiting w = top;
            if (w == null) {
                return null;
            }
            if (TOP.compareAndSet(this, w, w.next)) {
                return w.drainer;
            }
        }
    }

    /** Puts {@code d}, idle since {@code now}, on the stack; false when enough wait already (then {@code d} ends). */
    private boolean push(Drainer d, long now) {
        while (true) {
            Waiting w = top;
            int depth = w == null ? 1 : w.depth + 1;
            if (depth > maxIdle || closed) {
                return false;
            }
            if (TOP.compareAndSet(this, w, new Waiting(d, w, depth, now))) {
                if (closed) {
                    trim(true); // raced with close(): either it saw this push or this sees it closed
                }
                return true;
            }
        }
    }

    /** One pooled virtual thread: runs its task, then waits for the next. */
    private final class Drainer implements Runnable {
        Thread thread;
        /** The next run: set by the starter that claimed this drainer, before it unparks it. */
        volatile Runnable task;
        @SuppressWarnings("unused") // through STATE
        private volatile int state = RUNNING;

        Drainer(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            Runnable t = task;
            task = null;
            while (t != null) {
                t.run(); // a run that throws (a fatal error rethrown) ends this thread: never reused
                // a kill aimed at the run that just ended may have left the interrupt status set
                Thread.interrupted();
                t = next();
            }
        }

        /** Waits idle for the next task; null when retired (or not kept). */
        private Runnable next() {
            STATE.setVolatile(this, IDLE);
            if (!push(this, System.nanoTime())) {
                STATE.setVolatile(this, RETIRED); // not on the stack: no starter can claim it
                return null;
            }
            while (true) {
                Runnable t = task;
                if (t != null) {
                    task = null;
                    return t;
                }
                if ((int) STATE.getVolatile(this) == RETIRED) {
                    return null;
                }
                LockSupport.park(Drainers.this);
            }
        }
    }
}
