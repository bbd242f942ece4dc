package dev.future.internal.box;

import static org.assertj.core.api.Assertions.assertThat;

import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many writers and readers at once, on a real timer: no torn payload, no lost box. */
class BoxPoolConcurrencyTest {

    @Test
    @Timeout(60)
    void shouldNeverTearAPayloadOrLoseABoxUnderConcurrentWritersAndReaders() throws Exception {
        int threads = 8;
        int rounds = 300;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong torn = new AtomicLong();
        try (BoxPool pool = new BoxPool(3, 4096, timer, LeaseListener.NONE)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 1; t <= threads; t++) {
                long me = t;
                long reader = t % threads + 1;
                workers.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < rounds; i++) {
                            int size = 1 + (int) ((me * 131 + i * 17) % 4096);
                            Grant g = pool.acquire(me, size, Duration.ofSeconds(10), Duration.ofSeconds(20)).value();
                            g.segment().fill((byte) (me * 16 + i % 16)); // outside the pool's lock
                            Handle h = pool.commit(g, "m", FmtType.BINARY, List.of(reader, me)).value();
                            pool.deliveryDone(reader, h); // the other side never reads this one
                            try (Reader r = pool.read(me, h, TestCodecs.INSTANCE, Duration.ofSeconds(10)).orElseThrow()) {
                                byte[] bytes = r.binary();
                                for (byte b : bytes) {
                                    if (b != (byte) (me * 16 + i % 16)) {
                                        torn.incrementAndGet();
                                        break;
                                    }
                                }
                                assertThat(bytes).hasSize(size);
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread w : workers) {
                w.join();
            }
            assertThat(failures).isEmpty();
            assertThat(torn).hasValue(0);
            BoxPoolStats s = pool.stats();
            assertThat(s.free()).isEqualTo(3);
            assertThat(s.writeQueueDepth()).isZero();
            assertThat(s.writeQueueWaitMs().count()).isEqualTo((long) threads * rounds);
            assertThat(s.denied()).isZero();
        } finally {
            timer.shutdownNow();
        }
    }
}
