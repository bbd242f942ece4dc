package dev.future.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.future.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The mailbox on its own: counting by walking (unbounded), the save queue, emptiness, closing. */
class MailboxTest {

    private static final Incarnation HOLDER = Incarnation.NONE;

    @Test
    void anUnboundedMailboxKeepsNoCountButKnowsItsDepthAndEmptiness() {
        Mailbox box = Mailbox.create(Integer.MAX_VALUE, null);
        assertThat(box).isNotInstanceOf(Mailbox.Counted.class);
        assertThat(box.isEmpty()).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(box.offer(Message.of("m" + i))).isEqualTo(Mailbox.Offer.QUEUED);
        }
        assertThat(box.size()).isEqualTo(5);
        assertThat(box.isEmpty()).isFalse();
        assertThat(box.acquire(HOLDER)).isTrue();
        assertThat(box.poll().msg()).isEqualTo("m0");
        assertThat(box.size()).isEqualTo(4);
        // a selective receive moves skipped messages to the save queue: still counted, still not empty
        assertThat(box.pollMatching(HOLDER, m -> m.msg().equals("m3")).msg()).isEqualTo("m3");
        assertThat(box.size()).isEqualTo(3);
        List<String> rest = new ArrayList<>();
        for (Message m; (m = box.poll()) != null; ) {
            rest.add(m.msg());
        }
        assertThat(rest).containsExactly("m1", "m2", "m4");
        assertThat(box.isEmpty()).isTrue();
        assertThat(box.linking()).isFalse(); // drained, and no producer between its swap and its link
        assertThat(box.size()).isZero();
        box.unpoll(Message.of("back"));
        assertThat(box.isEmpty()).isFalse();
        assertThat(box.size()).isEqualTo(1);
        assertThat(box.poll().msg()).isEqualTo("back");
        assertThat(box.isEmpty()).isTrue();
        box.release(HOLDER);
    }

    @Test
    void closingDropsWhatIsQueuedAndRefusesMore() {
        Mailbox box = Mailbox.create(Integer.MAX_VALUE, null);
        box.offer(Message.of("a"));
        box.offer(Message.of("b"));
        assertThat(box.close()).isEqualTo(2);
        assertThat(box.offer(Message.of("c"))).isEqualTo(Mailbox.Offer.CLOSED);
        assertThat(box.isEmpty()).isTrue();
    }

    @Test
    void countedMailboxesStillCountAndBound() {
        Mailbox bounded = Mailbox.create(2, null);
        assertThat(bounded.offer(Message.of("a"))).isEqualTo(Mailbox.Offer.QUEUED);
        assertThat(bounded.offer(Message.of("b"))).isEqualTo(Mailbox.Offer.QUEUED);
        assertThat(bounded.offer(Message.of("c"))).isEqualTo(Mailbox.Offer.FULL);
        assertThat(bounded.size()).isEqualTo(2);
        List<Integer> depths = new ArrayList<>();
        Mailbox tracked = Mailbox.create(Integer.MAX_VALUE, new Mailbox.Listener() {
            @Override
            public void onEnqueued(int depth) {
                depths.add(depth);
            }

            @Override
            public void onDequeued(long latencyNanos) {}
        });
        tracked.offer(Message.of("a"));
        tracked.offer(Message.of("b"));
        assertThat(depths).containsExactly(0, 1);
        assertThat(tracked.size()).isEqualTo(2);
    }

    /** Many producers, one consumer: every message arrives once, in each producer's order. */
    @Test
    @Timeout(30)
    void concurrentOffersAreAllTakenInProducerOrder() throws InterruptedException {
        offerConcurrentlyAndTakeInOrder(4, 50_000, false);
    }

    /**
     * {@code producers} platform threads offer {@code each} messages; the test thread takes them all
     * and checks each producer's order, the consumer starting with the producers or after the first
     * of them is done. Producers yield now and then so that, outnumbering the cores, some are
     * preempted between taking their place in the queue and linking it.
     */
    private static void offerConcurrentlyAndTakeInOrder(int producers, int each, boolean consumerLate)
            throws InterruptedException {
        Mailbox box = Mailbox.create(Integer.MAX_VALUE, null);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    box.offer(new Message("m", null, new int[] {id, i}, null, dev.future.ActorId.SYSTEM));
                    if (i % 1000 == 999) {
                        Thread.yield();
                    }
                }
            }));
        }
        go.countDown();
        if (consumerLate) {
            threads.get(0).join();
        }
        assertThat(box.acquire(HOLDER)).isTrue();
        int[] next = new int[producers];
        int taken = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (taken < producers * each && System.nanoTime() < deadline) {
            Message m = box.poll();
            if (m == null) {
                Thread.onSpinWait();
                continue;
            }
            int[] d = (int[]) m.data();
            assertThat(d[1]).isEqualTo(next[d[0]]);
            next[d[0]]++;
            taken++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(taken).isEqualTo(producers * each);
        assertThat(box.poll()).isNull();
        assertThat(box.isEmpty()).isTrue();
        assertThat(box.size()).isZero();
        box.release(HOLDER);
    }

    @Test
    void manyMessagesComeOutInOrderAndATakenMessageIsNotKeptByTheMailbox() {
        Mailbox box = Mailbox.create(Integer.MAX_VALUE, null);
        assertThat(box.acquire(HOLDER)).isTrue();
        int n = 83;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) {
                box.offer(new Message("m" + i, null, null, null, dev.future.ActorId.SYSTEM));
            }
            assertThat(box.size()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(box.poll().msg()).isEqualTo("m" + i);
            }
            assertThat(box.poll()).isNull();
            assertThat(box.isEmpty()).isTrue();
        }
        Object payload = new byte[1024];
        java.lang.ref.WeakReference<Object> ref = new java.lang.ref.WeakReference<>(payload);
        box.offer(new Message("big", null, payload, null, dev.future.ActorId.SYSTEM));
        payload = null;
        assertThat(box.poll().msg()).isEqualTo("big");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return ref.get() == null;
        });
        box.release(HOLDER);
    }

    /** Producers that outnumber the cores get preempted between taking their place and linking it. */
    @Test
    @Timeout(120)
    void manyPreemptedProducersNeverLoseOrReorderAMessage() throws InterruptedException {
        for (int trial = 0; trial < 5; trial++) {
            offerConcurrentlyAndTakeInOrder(8, 20_000, trial % 2 == 0);
        }
    }
}
