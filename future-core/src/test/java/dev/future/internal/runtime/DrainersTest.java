package dev.future.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool of drainer threads on its own: reuse, hand-off under contention, interrupts, trimming. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DrainersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Drainers pool(int maxIdle, long idleNanos) {
        return new Drainers(Thread.ofVirtual().name("test-drainer").factory(), maxIdle, idleNanos);
    }

    /** Runs {@code task} on the pool and returns the thread it ran on, once it has run. */
    private static Thread runOn(Drainers d, Runnable task) throws InterruptedException {
        AtomicReference<Thread> ran = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        d.start(() -> {
            ran.set(Thread.currentThread());
            task.run();
            done.countDown();
        });
        assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return ran.get();
    }

    @Test
    void aFinishedDrainerWaitsIdleAndRunsTheNextTask() throws InterruptedException {
        Drainers d = pool(8, TimeUnit.MINUTES.toNanos(1));
        Thread first = runOn(d, () -> {});
        await().atMost(WAIT).until(() -> d.idle() == 1);
        Thread second = runOn(d, () -> {});
        assertThat(second).isSameAs(first);
        assertThat(second.isVirtual()).isTrue();
        d.close();
    }

    @Test
    void anInterruptLeftByOneRunDoesNotReachTheNext() throws InterruptedException {
        Drainers d = pool(8, TimeUnit.MINUTES.toNanos(1));
        Thread first = runOn(d, () -> Thread.currentThread().interrupt());
        await().atMost(WAIT).until(() -> d.idle() == 1);
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        Thread second = runOn(d, () -> interrupted.set(Thread.currentThread().isInterrupted()));
        assertThat(second).isSameAs(first);
        assertThat(interrupted.get()).isFalse();
        d.close();
    }

    @Test
    void anActivationInterruptsItsThreadOnlyUntilItsRunEnds() {
        Incarnation.Activation act = new Incarnation.Activation(Incarnation.NONE, Thread.currentThread());
        act.interrupt();
        assertThat(Thread.interrupted()).isTrue();
        act.end();
        act.interrupt(); // the thread may be running another actor now: it must not be touched
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void noMoreThanMaxIdleThreadsWait() throws InterruptedException {
        Drainers d = pool(2, TimeUnit.MINUTES.toNanos(1));
        int n = 6;
        CountDownLatch running = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d.start(() -> {
                synchronized (threads) {
                    threads.add(Thread.currentThread());
                }
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(threads).doesNotHaveDuplicates(); // all six ran at once, so six threads
        release.countDown();
        await().atMost(WAIT).until(() -> threads.stream().filter(Thread::isAlive).count() == 2);
        assertThat(d.idle()).isEqualTo(2);
        d.close();
    }

    @Test
    void trimmingEndsThreadsIdleTooLongAndCloseEndsTheRest() throws InterruptedException {
        Drainers keep = pool(8, TimeUnit.MINUTES.toNanos(1));
        Thread kept = runOn(keep, () -> {});
        await().atMost(WAIT).until(() -> keep.idle() == 1);
        keep.trim(false); // idle for less than a minute: stays
        assertThat(runOn(keep, () -> {})).isSameAs(kept);
        keep.close();
        await().atMost(WAIT).until(() -> !kept.isAlive());

        Drainers d = pool(8, 0); // any idle time is too long
        Thread old = runOn(d, () -> {});
        await().atMost(WAIT).until(() -> d.idle() == 1);
        d.trim(false);
        await().atMost(WAIT).until(() -> !old.isAlive());
        assertThat(d.idle()).isZero();
        Thread fresh = runOn(d, () -> {});
        assertThat(fresh).isNotSameAs(old);
        d.close();
        await().atMost(WAIT).until(() -> !fresh.isAlive());

        // after close, a run still starts (on a new thread) and its thread ends when it is done
        Thread late = runOn(d, () -> {});
        await().atMost(WAIT).until(() -> !late.isAlive());
        assertThat(d.idle()).isZero();
    }

    @Test
    void trimmingTakesOnlyTheOldOnesOffTheStackAndKeepsTheYoung() throws InterruptedException {
        long idleNanos = TimeUnit.MINUTES.toNanos(1);
        Drainers d = pool(8, idleNanos);
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> old = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            d.start(() -> {
                synchronized (old) {
                    old.add(Thread.currentThread());
                }
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        release.countDown();
        await().atMost(WAIT).until(() -> d.idle() == 2);
        long between = System.nanoTime();
        Thread young = runOn(d, () -> {}); // the newest idle one, back on top, idle since after `between`
        await().atMost(WAIT).until(() -> d.idle() == 2);
        assertThat(old).contains(young);

        d.trim(between + idleNanos, false); // as if a minute had passed since `between`
        assertThat(d.idle()).isEqualTo(1); // the old one is off the stack, not left on it retired
        Thread other = old.get(0) == young ? old.get(1) : old.get(0);
        await().atMost(WAIT).until(() -> !other.isAlive());
        assertThat(young.isAlive()).isTrue();
        assertThat(runOn(d, () -> {})).isSameAs(young);
        d.close();
        await().atMost(WAIT).until(() -> !young.isAlive());
    }

    @Test
    void everyTaskRunsExactlyOnceWhenStartedFromManyThreadsAtOnce() throws InterruptedException {
        Drainers d = pool(4, TimeUnit.MINUTES.toNanos(1));
        int starters = 4;
        int perStarter = 20_000;
        AtomicInteger ran = new AtomicInteger();
        AtomicIntegerArray runs = new AtomicIntegerArray(starters * perStarter);
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < starters; s++) {
            int base = s * perStarter;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perStarter; i++) {
                    int task = base + i;
                    d.start(() -> {
                        used.add(Thread.currentThread());
                        runs.incrementAndGet(task);
                        ran.incrementAndGet();
                    });
                }
            }));
        }
        for (Thread t : threads) {
            t.join(WAIT.toMillis());
        }
        await().atMost(WAIT).until(() -> ran.get() >= starters * perStarter);
        d.close();
        await().atMost(WAIT).until(() -> used.stream().noneMatch(Thread::isAlive));
        assertThat(ran.get()).isEqualTo(starters * perStarter);
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(1);
        }
        assertThat(d.idle()).isZero();
    }
}
