package dev.future.internal.runtime;

import dev.future.Message;
import dev.future.Subscription;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers of an actor or of the supervisor. Each subscriber is a {@link Channel} with its
 * own queue, drained in order on a virtual thread of its own, so a slow or throwing subscriber
 * delays or loses only its own deliveries, never the actor or the other subscribers.
 *
 * <p>The channel array is copy-on-write under this object's monitor; {@link #publish} reads it
 * without locking.
 */
final class Subscribers {

    private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);
    private static final Channel[] NONE = new Channel[0];

    private volatile Channel[] channels = NONE;

    boolean isEmpty() {
        return channels.length == 0;
    }

    Subscription add(Consumer<Message> consumer, SupervisorImpl sup) {
        Channel c = new Channel(this, consumer, sup, sup.nextHolderKey());
        synchronized (this) {
            Channel[] old = channels;
            Channel[] next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = c;
            channels = next;
        }
        return c;
    }

    private void remove(Channel c) {
        synchronized (this) {
            Channel[] old = channels;
            int i = Arrays.asList(old).indexOf(c);
            if (i < 0) {
                return;
            }
            Channel[] next = new Channel[old.length - 1];
            System.arraycopy(old, 0, next, 0, i);
            System.arraycopy(old, i + 1, next, i, old.length - i - 1);
            channels = next;
        }
    }

    /** Queues {@code m} for every subscriber. */
    void publish(Message m) {
        for (Channel c : channels) {
            c.deliver(m);
        }
    }

    /** The channels now, for tier-2 deliveries that must count one reference each. */
    Channel[] channels() {
        return channels;
    }

    /** One subscriber: its queue and its drainer. */
    static final class Channel implements Subscription {
        private final Subscribers owner;
        private final Consumer<Message> consumer;
        private final SupervisorImpl sup;
        /** The tier-2 holder key of this subscriber's deliveries (negative: main thread). */
        final long holderKey;
        private final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger scheduled = new AtomicInteger();
        private volatile boolean closed;

        Channel(Subscribers owner, Consumer<Message> consumer, SupervisorImpl sup, long holderKey) {
            this.owner = owner;
            this.consumer = consumer;
            this.sup = sup;
            this.holderKey = holderKey;
        }

        void deliver(Message m) {
            if (closed) {
                if (m.handle() != null) {
                    sup.tier2().deliveryDone(holderKey, m.handle());
                }
                return;
            }
            queue.offer(m);
            if (scheduled.compareAndSet(0, 1)) {
                sup.startSubscriberDrainer(this::drain);
            }
        }

        private void drain() {
            ScopedValue.where(SupervisorImpl.CURRENT_CHANNEL, this).run(() -> {
                while (true) {
                    Message m = queue.poll();
                    if (m == null) {
                        scheduled.set(0);
                        if (queue.isEmpty() || !scheduled.compareAndSet(0, 1)) {
                            return;
                        }
                        continue;
                    }
                    try {
                        if (!closed) {
                            consumer.accept(m);
                        }
                    } catch (Throwable t) {
                        if (Reasons.isFatal(t)) {
                            throw t;
                        }
                        LOG.warn("a subscriber threw while handling {} (its other deliveries go on)", m.msg(), t);
                    } finally {
                        if (m.handle() != null) {
                            sup.tier2().deliveryDone(holderKey, m.handle());
                        }
                    }
                }
            });
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                owner.remove(this);
                sup.tier2().holderEnded(holderKey);
            }
        }
    }
}
