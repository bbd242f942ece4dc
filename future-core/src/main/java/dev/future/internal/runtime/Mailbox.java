package dev.future.internal.runtime;

import dev.future.Message;
import dev.future.internal.util.MpscQueue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * An actor's mailbox: a lock-free multi-producer queue, plus the consumer's save queue for
 * Erlang-style selective receive (messages skipped by {@code receive(key, ..)} wait there, in
 * order, and are taken first afterwards).
 *
 * <p>Threads: any thread offers; exactly one consumer polls at a time. Consumers are serialized by
 * this object's monitor and each poll names the incarnation polling, so a fenced incarnation's
 * thread can never take a message once it is cancelled (the new incarnation may already be
 * consuming). {@code size} counts queued messages (queue and save queue), written by producers
 * (increment) and the consumer (decrement). {@code waiter} is the consumer thread parked in a
 * receive, written by the consumer and read by producers, who unpark it.
 *
 * <p>Closing (final death) refuses further offers; what was queued is counted as dead letters by
 * the caller.
 */
final class Mailbox {

    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(Mailbox.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What an offer did. */
    enum Offer { QUEUED, FULL, CLOSED }

    private final MpscQueue<Message> queue = new MpscQueue<>();
    /** Consumer only (under this monitor): messages skipped by a selective receive, oldest first. */
    private ArrayDeque<Message> saved;
    @SuppressWarnings("unused") // accessed through SIZE
    private volatile int size;
    private volatile boolean closed;
    /** The consumer parked in receive, if any. */
    volatile Thread waiter;

    /** Producers of a BLOCK mailbox wait on this monitor for room; null for unbounded mailboxes. */
    private final Object room;
    private final int capacity;
    private volatile int blockedProducers;

    Mailbox(int capacity) {
        this.capacity = capacity;
        this.room = capacity == Integer.MAX_VALUE ? null : new Object();
    }

    int size() {
        return (int) SIZE.getVolatile(this);
    }

    boolean isEmpty() {
        return size() == 0;
    }

    int capacity() {
        return capacity;
    }

    boolean isClosed() {
        return closed;
    }

    /** Queues {@code m} unless the mailbox is closed or (bounded) full. */
    Offer offer(Message m) {
        if (closed) {
            return Offer.CLOSED;
        }
        if (capacity == Integer.MAX_VALUE) {
            SIZE.getAndAdd(this, 1);
        } else {
            while (true) {
                int s = size();
                if (s >= capacity) {
                    return Offer.FULL;
                }
                if (SIZE.compareAndSet(this, s, s + 1)) {
                    break;
                }
            }
        }
        queue.offer(m);
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        return Offer.QUEUED;
    }

    /**
     * Queues {@code m}, waiting for room up to {@code timeoutNanos} when full.
     *
     * @return QUEUED, CLOSED, or FULL when no room came in time
     */
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

    /** The next message for {@code inc}, or null when it is cancelled or nothing is queued. */
    Message poll(Incarnation inc) {
        Message m;
        synchronized (this) {
            if (inc.isCancelled()) {
                return null;
            }
            m = saved != null && !saved.isEmpty() ? saved.pollFirst() : queue.poll();
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
                Message m = queue.poll();
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
            while (queue.poll() != null) {
                n++;
            }
            SIZE.getAndAdd(this, -n);
            dropped = n;
        }
        if (room != null) {
            synchronized (room) {
                room.notifyAll();
            }
        }
        return dropped;
    }

    private void signalRoom() {
        if (room != null && blockedProducers > 0) {
            synchronized (room) {
                room.notifyAll();
            }
        }
    }
}
