package dev.future.internal.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded multi-producer, single-consumer linked queue (Vyukov's intrusive design).
 *
 * <p>Producers swap the tail and then link the previous node: one atomic exchange per offer, no
 * retry loop. The single consumer follows {@code head.next}. Between a producer's exchange and its
 * link the queue is briefly "not yet visible": {@link #poll()} may then return null although
 * {@link #isEmpty()} is false, so the consumer must not conclude the queue is empty from one null
 * poll alone when it matters (callers re-check {@link #isEmpty()}).
 *
 * <p>Memory ordering: {@code tail} is written by producers (getAndSet), read by producers;
 * {@code next} fields are written once by the producer that linked them (release) and read by the
 * consumer (acquire); {@code head} is written and read by the consumer only.
 */
public final class MpscQueue<E> {

    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(MpscQueue.class, "tail", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Node<E> {
        E value;
        @SuppressWarnings("unused") // accessed through NEXT
        volatile Node<E> next;

        Node(E value) {
            this.value = value;
        }
    }

    /** Consumer only: the last consumed node (a stub whose value is null). */
    private Node<E> head;

    /** Producers: the last linked node. */
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile Node<E> tail;

    public MpscQueue() {
        Node<E> stub = new Node<>(null);
        head = stub;
        tail = stub;
    }

    /** Adds {@code value} (never null); safe from any thread. */
    public void offer(E value) {
        Node<E> node = new Node<>(value);
        @SuppressWarnings("unchecked")
        Node<E> prev = (Node<E>) TAIL.getAndSet(this, node);
        NEXT.setRelease(prev, node);
    }

    /** Removes the oldest value, or null; the consumer thread only. */
    public E poll() {
        @SuppressWarnings("unchecked")
        Node<E> next = (Node<E>) NEXT.getAcquire(head);
        if (next == null) {
            return null;
        }
        E value = next.value;
        next.value = null;
        head = next;
        return value;
    }

    /** Whether no value is queued (including one being linked); any thread. */
    public boolean isEmpty() {
        return TAIL.getVolatile(this) == head && NEXT.getAcquire(head) == null;
    }
}
