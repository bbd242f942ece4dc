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
 * <p>Threads: any thread offers; exactly one consumer polls at a time. Consumers are serialized by
 * this object's monitor and each poll names the incarnation polling, so a fenced incarnation's
 * thread can never take a message once it is cancelled (the new incarnation may already be
 * consuming). Producers swap {@code tail} (getAndSet) then link the previous node (release);
 * {@code head} is consumer-only. {@code size} counts queued messages (queue and save queue),
 * incremented by producers and decremented by the consumer. {@code waiter} is the consumer thread
 * parked in a receive, written by the consumer and read by producers, who unpark it.
 *
 * <p>Closing (final death) refuses further offers; what was queued is counted as dead letters by
 * the caller.
 */
class Mailbox {

    private static final VarHandle SIZE;
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SIZE = l.findVarHandle(Mailbox.class, "size", int.class);
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

    /** A queued message; {@code at} is its enqueue time when latency is tracked. */
    private static final class Node {
        Message message;
        long at;
        @SuppressWarnings("unused") // through NEXT
        volatile Node next;

        Node(Message message) {
            this.message = message;
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
    @SuppressWarnings("unused") // through SIZE
    private volatile int size;
    private volatile boolean closed;
    /** The consumer parked in receive, if any. */
    volatile Thread waiter;

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
        return (int) SIZE.getVolatile(this);
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
        return (int) SIZE.getAndAdd(this, 1);
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
        Node node = new Node(m);
        if (listener != null) {
            listener.onEnqueued(depth);
            node.at = System.nanoTime();
        }
        Node prev = (Node) TAIL.getAndSet(this, node);
        NEXT.setRelease(prev, node);
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

    /** Consumer only, under the monitor: the next linked message, or null. */
    private Message take() {
        Node next = (Node) NEXT.getAcquire(head);
        if (next == null) {
            return null;
        }
        Message m = next.message;
        next.message = null;
        head = next;
        if (listener != null && next.at != 0) {
            listener.onDequeued(System.nanoTime() - next.at);
        }
        return m;
    }

    /** The next message for {@code inc}, or null when it is cancelled or nothing is queued. */
    Message poll(Incarnation inc) {
        Message m;
        synchronized (this) {
            if (inc.isCancelled()) {
                return null;
            }
            m = saved != null && !saved.isEmpty() ? saved.pollFirst() : take();
            if (m == null) {
                return null;
            }
            SIZE.getAndAdd(this, -1);
        }
        signalRoom();
        return m;
    }

    /** Gives back a message polled by an incarnation that was cancelled before handling it. */
    void unpoll(Message m) {
        synchronized (this) {
            if (saved == null) {
                saved = new ArrayDeque<>();
            }
            saved.addFirst(m);
            SIZE.getAndAdd(this, 1);
        }
    }

    /**
     * The first queued message {@code accept}s, removed; skipped ones move to the save queue in
     * order. Null when {@code inc} is cancelled or none matches yet.
     */
    Message pollMatching(Incarnation inc, Predicate<Message> accept) {
        Message found = null;
        synchronized (this) {
            if (inc.isCancelled()) {
                return null;
            }
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
                SIZE.getAndAdd(this, -1);
            }
        }
        if (found != null) {
            signalRoom();
        }
        return found;
    }

    /** Refuses further offers; returns how many queued messages were dropped. */
    int close() {
        int dropped;
        synchronized (this) {
            closed = true;
            int n = 0;
            if (saved != null) {
                n += saved.size();
                saved.clear();
            }
            while (take() != null) {
                n++;
            }
            SIZE.getAndAdd(this, -n);
            dropped = n;
        }
        signalRoom();
        return dropped;
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
                int s = size();
                if (s >= capacity) {
                    return -1;
                }
                if (SIZE.compareAndSet(this, s, s + 1)) {
                    return s;
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
