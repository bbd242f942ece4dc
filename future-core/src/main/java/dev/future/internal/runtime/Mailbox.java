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
 * {@code head}, {@code saved} are the token holder's ({@code saved} is null whenever it is empty, so
 * that emptiness can be judged from {@code tail == head && saved == null} without a counter).
 * {@code waiter} is the consumer thread parked in a receive, written by the consumer and read by
 * producers, who unpark it.
 *
 * <p>Unbounded mailboxes keep no count: an offer is one locked instruction (the swap of
 * {@code tail}), and the consumer writes nothing a producer reads. The depth is then walked on demand
 * (diagnostics only). Mailboxes that need a count, bounded ones and those whose depth diagnostics
 * track, are {@link Counted}.
 *
 * <p>Closing (final death) refuses further offers; what was queued is counted as dead letters by
 * the caller.
 */
class Mailbox {

    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    private static final VarHandle OWNER;
    /** The token holder that drains a closed mailbox. */
    private static final Object CLOSER = new Object();

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
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
    /** Token holder only: messages skipped by a selective receive, oldest first; null when none. */
    private ArrayDeque<Message> saved;
    private volatile boolean closed;
    /** The consumer parked in receive, if any. */
    volatile Thread waiter;
    @SuppressWarnings("unused") // through OWNER
    private volatile Object owner;

    Mailbox() {
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    static Mailbox create(int capacity, Listener listener) {
        if (capacity != Integer.MAX_VALUE) {
            return new Bounded(capacity, listener);
        }
        return listener == null ? new Mailbox() : new Counted(listener);
    }

    /**
     * The number of queued messages (the save queue included). Here walked from the consumer's
     * position: O(depth), and only a snapshot while messages come and go (diagnostics only).
     */
    int size() {
        int n = 0;
        ArrayDeque<Message> s = saved;
        if (s != null) {
            n += s.size();
        }
        for (Node x = (Node) NEXT.getAcquire(head); x != null; x = (Node) NEXT.getAcquire(x)) {
            if (x.message != null) { // taken ones are cleared: a stale head only makes the walk longer
                n++;
            }
        }
        return n;
    }

    /**
     * The token holder only, after a poll found nothing: whether a producer has swapped {@code tail}
     * but not yet linked its node. A receiver that published itself as the {@code waiter} must not
     * park then: the producer may have read {@code waiter} before it was set (its link is a release
     * store, not a fence), but its swap of {@code tail} was a full one, so this read cannot miss it.
     */
    boolean linking() {
        return (Node) TAIL.getVolatile(this) != head;
    }

    /** The token holder took {@code n} messages (negative: gave some back); counted mailboxes count. */
    void taken(int n) {}

    /**
     * Whether nothing is queued. Exact for the token holder; from other threads a stale {@code head}
     * or {@code saved} only ever answers "not empty" (both move one way), never hides a message.
     * The swap of {@code tail} is volatile, so this pairs with a sender's read of {@code scheduled}
     * in the drain-end handshake (see {@link Incarnation#drain()}).
     */
    boolean isEmpty() {
        return saved == null && (Node) TAIL.getVolatile(this) == head;
    }

    int capacity() {
        return Integer.MAX_VALUE;
    }

    boolean isClosed() {
        return closed;
    }

    /** The node for {@code m}, or null when there is no room (bounded mailboxes). */
    Node node(Message m) {
        return new Node(m);
    }

    /** Queues {@code m} unless the mailbox is closed or (bounded) full. */
    Offer offer(Message m) {
        if (closed) {
            return Offer.CLOSED;
        }
        Node node = node(m);
        if (node == null) {
            return Offer.FULL;
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
            ((Counted) this).listener.onDequeued(System.nanoTime() - t.at);
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
        Message m;
        if (saved != null) {
            m = saved.pollFirst();
            if (saved.isEmpty()) {
                saved = null;
            }
        } else {
            m = take();
        }
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
            if (saved.isEmpty()) {
                saved = null;
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
            saved = null;
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

    /**
     * A mailbox that counts what it holds: for its depth at each arrival (diagnostics) and for
     * bounded mailboxes. Messages ever queued (producers, atomic add) and ever taken (the token holder
     * alone, a plain release store): the depth is their difference, so the consumer never contends
     * with producers on a read-modify-write. Both wrap around harmlessly (int arithmetic).
     */
    static class Counted extends Mailbox {
        private static final VarHandle SIZE;
        private static final VarHandle TAKEN;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                SIZE = l.findVarHandle(Counted.class, "size", int.class);
                TAKEN = l.findVarHandle(Counted.class, "taken", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Null unless diagnostics track latency or depth. */
        final Listener listener;
        @SuppressWarnings("unused") // through SIZE
        private volatile int size;
        @SuppressWarnings("unused") // through TAKEN
        private volatile int taken;

        Counted(Listener listener) {
            this.listener = listener;
        }

        @Override
        int size() {
            return (int) SIZE.getVolatile(this) - (int) TAKEN.getVolatile(this);
        }

        @Override
        void taken(int n) {
            TAKEN.setRelease(this, (int) TAKEN.getOpaque(this) + n);
        }

        /** Reserves room for one message; returns the depth before it, or -1 when full. */
        int reserve() {
            return (int) SIZE.getAndAdd(this, 1) - (int) TAKEN.getOpaque(this);
        }

        @Override
        Node node(Message m) {
            int depth = reserve();
            if (depth < 0) {
                return null;
            }
            if (listener != null) {
                listener.onEnqueued(depth);
                return new TimedNode(m, System.nanoTime());
            }
            return new Node(m);
        }
    }

    /** A bounded mailbox: a capacity, and producers that may wait for room ({@code Overflow.BLOCK}). */
    static final class Bounded extends Counted {
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
                int queued = (int) Counted.SIZE.getVolatile(this);
                int depth = queued - (int) Counted.TAKEN.getVolatile(this);
                if (depth >= capacity) {
                    return -1;
                }
                if (Counted.SIZE.compareAndSet(this, queued, queued + 1)) {
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
