package dev.future.internal.runtime;

import dev.future.Message;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * An actor's mailbox: a lock-free multi-producer queue (Vyukov's intrusive design, inlined here so
 * an idle actor's mailbox is one small object and a stub node), plus the consumer's save queue for
 * Erlang-style selective receive (messages skipped by {@code receive(key, ..)} wait there, in
 * order, and are taken first afterwards). Bounded mailboxes are a subclass, so unbounded ones carry
 * no fields for it.
 *
 * <p>Threads: any thread offers; exactly one consumer takes, the holder of the consumer token
 * ({@code owner}, a CAS): the drainer of the current incarnation acquires it when it starts and
 * releases it when it ends, so taking needs no lock. A new incarnation whose old drainer still holds
 * the token (it is on its way out) does not consume; the old drainer, on release, wakes it. A
 * runaway's token is revoked when it is fenced (it is stuck inside a handler, not in the mailbox).
 * Closing takes the token too, or leaves the draining to the holder's release.
 * Producers swap {@code tail} (getAndSet) then link the previous node (release);
 * {@code head}, {@code saved} are the token holder's. {@code size} counts queued messages (queue and save queue),
 * incremented by producers and decremented by the consumer. {@code waiter} is the consumer thread
 * parked in a receive, written by the consumer and read by producers, who unpark it.
 *
 * <p>Closing (final death) refuses further offers; what was queued is counted as dead letters by
 * the caller.
 */
class Mailbox {

    private static final VarHandle SIZE;
    private static final VarHandle TAKEN;
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    private static final VarHandle OWNER;
    /** The token holder that drains a closed mailbox. */
    private static final Object CLOSER = new Object();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SIZE = l.findVarHandle(Mailbox.class, "size", int.class);
            TAKEN = l.findVarHandle(Mailbox.class, "taken", int.class);
            OWNER = l.findVarHandle(Mailbox.class, "owner", Object.class);
            TAIL = l.findVarHandle(Mailbox.class, "tail", Node.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What an offer did. */
    enum Offer { QUEUED, FULL, CLOSED }

    /** Told the send-to-dequeue latency and the depth at arrival, when diagnostics track them. */
    interface Listener {
        void onEnqueued(int depth);

        void onDequeued(long latencyNanos);
    }

    /** A queued message. */
    private static class Node {
        Message message;
        @SuppressWarnings("unused") // through NEXT
        volatile Node next;

        Node(Message message) {
            this.message = message;
        }
    }

    /** A queued message with its enqueue time, when diagnostics track latency (else no field for it). */
    private static final class TimedNode extends Node {
        final long at;

        TimedNode(Message message, long at) {
            super(message);
            this.at = at;
        }
    }

    /** Consumer only: the last consumed node (a stub). */
    private Node head;
    @SuppressWarnings("unused") // through TAIL
    private volatile Node tail;
    /** Consumer only (under this monitor): messages skipped by a selective receive, oldest first. */
    private ArrayDeque<Message> saved;
    /** Null unless diagnostics track latency or depth. */
    private final Listener listener;
    /**
     * Messages ever queued (producers, atomic add) and ever taken (the token holder alone, a plain
     * release store): the depth is their difference, so the consumer never contends with producers
     * on a read-modify-write. Both wrap around harmlessly (int arithmetic).
     */
    @SuppressWarnings("unused") // through SIZE
    private volatile int size;
    @SuppressWarnings("unused") // through TAKEN
    private volatile int taken;
    private volatile boolean closed;
    /** The consumer parked in receive, if any. */
    volatile Thread waiter;
    @SuppressWarnings("unused") // through OWNER
    private volatile Object owner;

    Mailbox(Listener listener) {
        this.listener = listener;
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    static Mailbox create(int capacity, Listener listener) {
        return capacity == Integer.MAX_VALUE ? new Mailbox(listener) : new Bounded(capacity, listener);
    }

    int size() {
        return (int) SIZE.getVolatile(this) - (int) TAKEN.getVolatile(this);
    }

    /** The token holder took {@code n} messages (negative: gave some back). */
    private void taken(int n) {
        TAKEN.setRelease(this, (int) TAKEN.getOpaque(this) + n);
    }

    boolean isEmpty() {
        return size() == 0;
    }

    int capacity() {
        return Integer.MAX_VALUE;
    }

    boolean isClosed() {
        return closed;
    }

    /** Reserves room for one message; returns the depth before it, or -1 when full. */
    int reserve() {
        return (int) SIZE.getAndAdd(this, 1) - (int) TAKEN.getOpaque(this);
    }

    /** Queues {@code m} unless the mailbox is closed or (bounded) full. */
    Offer offer(Message m) {
        if (closed) {
            return Offer.CLOSED;
        }
        int depth = reserve();
        if (depth < 0) {
            return Offer.FULL;
        }
        Node node;
        if (listener != null) {
            listener.onEnqueued(depth);
            node = new TimedNode(m, System.nanoTime());
        } else {
            node = new Node(m);
        }
        Node prev = (Node) TAIL.getAndSet(this, node);
        NEXT.setRelease(prev, node);
        if (closed) {
            // raced with close(): drain what the closer could not see yet, and report the message dropped
            close();
            return Offer.CLOSED;
        }
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        return Offer.QUEUED;
    }

    /** Queues {@code m}, waiting up to {@code timeoutNanos} when full (bounded mailboxes only). */
    Offer offerBlocking(Message m, long timeoutNanos) throws InterruptedException {
        return offer(m);
    }

    /** The token holder only: the next linked message, or null. */
    private Message take() {
        Node next = (Node) NEXT.getAcquire(head);
        if (next == null) {
            return null;
        }
        Message m = next.message;
        next.message = null;
        head = next;
        if (next instanceof TimedNode t) {
            listener.onDequeued(System.nanoTime() - t.at);
        }
        return m;
    }

    // ---------------------------------------------------------------- the consumer token

    /** Takes the consumer token for {@code inc}; false when another holds it (or the mailbox is closed). */
    boolean acquire(Incarnation inc) {
        return OWNER.compareAndSet(this, (Object) null, inc);
    }

    /** Whether {@code inc} holds the token. */
    boolean owns(Incarnation inc) {
        return owner == inc;
    }

    /**
     * Gives the token back; when the mailbox was closed meanwhile, drains it.
     *
     * @return how many queued messages were dropped because the mailbox is closed
     */
    int release(Incarnation inc) {
        if (!OWNER.compareAndSet(this, inc, (Object) null)) {
            return 0; // revoked (it was fenced as a runaway)
        }
        return closed ? drainClosed() : 0;
    }

    /** Takes the token from a fenced runaway (stuck in a handler) so the next incarnation can consume. */
    void revoke(Incarnation inc) {
        OWNER.compareAndSet(this, inc, (Object) null);
    }

    // ---------------------------------------------------------------- the token holder's side

    /** The next message, or null; the token holder only. */
    Message poll() {
        Message m = saved != null && !saved.isEmpty() ? saved.pollFirst() : take();
        if (m != null) {
            taken(1);
            signalRoom();
        }
        return m;
    }

    /** Gives back a message the holder took but will not handle (it was killed meanwhile). */
    void unpoll(Message m) {
        if (closed) {
            return; // the actor is dead for good: the message is dropped with the rest
        }
        if (saved == null) {
            saved = new ArrayDeque<>();
        }
        saved.addFirst(m);
        taken(-1);
    }

    /**
     * The first queued message {@code accept}s, removed; skipped ones move to the save queue in
     * order. Null when {@code inc} no longer holds the token, is cancelled, or none matches yet.
     */
    Message pollMatching(Incarnation inc, Predicate<Message> accept) {
        if (owner != inc || inc.isCancelled()) {
            return null;
        }
        Message found = null;
        if (saved != null) {
            for (var it = saved.iterator(); it.hasNext(); ) {
                Message m = it.next();
                if (accept.test(m)) {
                    it.remove();
                    found = m;
                    break;
                }
            }
        }
        while (found == null) {
            Message m = take();
            if (m == null) {
                break;
            }
            if (accept.test(m)) {
                found = m;
            } else {
                if (saved == null) {
                    saved = new ArrayDeque<>();
                }
                saved.addLast(m);
            }
        }
        if (found != null) {
            taken(1);
            signalRoom();
        }
        return found;
    }

    /**
     * Refuses further offers and drops what is queued, now if no drainer holds the token, else when
     * it releases it.
     *
     * @return how many queued messages were dropped now
     */
    int close() {
        closed = true;
        int dropped = drainClosed();
        signalRoom();
        return dropped;
    }

    private int drainClosed() {
        if (!OWNER.compareAndSet(this, (Object) null, CLOSER)) {
            return 0; // a drainer holds it: it drains on release
        }
        int n = 0;
        if (saved != null) {
            n += saved.size();
            saved.clear();
        }
        while (take() != null) {
            n++;
        }
        taken(n);
        OWNER.setVolatile(this, (Object) null);
        return n;
    }

    /** A consumer took a message (or the mailbox closed): wake producers waiting for room. */
    void signalRoom() {}

    /** A bounded mailbox: a capacity, and producers that may wait for room ({@code Overflow.BLOCK}). */
    static final class Bounded extends Mailbox {
        private final int capacity;
        private final Object room = new Object();
        private volatile int blockedProducers;

        Bounded(int capacity, Listener listener) {
            super(listener);
            this.capacity = capacity;
        }

        @Override
        int capacity() {
            return capacity;
        }

        @Override
        int reserve() {
            while (true) {
                int queued = (int) SIZE.getVolatile(this);
                int depth = queued - (int) TAKEN.getVolatile(this);
                if (depth >= capacity) {
                    return -1;
                }
                if (SIZE.compareAndSet(this, queued, queued + 1)) {
                    return depth;
                }
            }
        }

        @Override
        Offer offerBlocking(Message m, long timeoutNanos) throws InterruptedException {
            Offer o = offer(m);
            if (o != Offer.FULL) {
                return o;
            }
            long deadline = System.nanoTime() + timeoutNanos;
            synchronized (room) {
                blockedProducers++;
                try {
                    while (true) {
                        o = offer(m);
                        if (o != Offer.FULL) {
                            return o;
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return Offer.FULL;
                        }
                        TimeUnit.NANOSECONDS.timedWait(room, left);
                    }
                } finally {
                    blockedProducers--;
                }
            }
        }

        @Override
        void signalRoom() {
            if (blockedProducers > 0 || isClosed()) {
                synchronized (room) {
                    room.notifyAll();
                }
            }
        }
    }
}
