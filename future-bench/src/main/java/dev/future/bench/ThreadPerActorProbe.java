package dev.future.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedTransferQueue;

/**
 * The design Future did not choose, measured: a thread per actor, i.e. one parked virtual thread
 * waiting on its own queue. Prints the heap it costs per idle "actor" (the thread and the queue
 * alone, before any actor bookkeeping), to compare with Future's activation design (the memory
 * scenario of {@link Compare}).
 *
 * <pre>java -Xmx4g -XX:+UseParallelGC -cp future-bench/target/benchmarks.jar dev.future.bench.ThreadPerActorProbe 1000000</pre>
 */
public final class ThreadPerActorProbe {

    private ThreadPerActorProbe() {}

    private static long usedHeap() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<LinkedTransferQueue<Object>> queues = new ArrayList<>(n);
        List<Thread> threads = new ArrayList<>(n);
        long before = usedHeap();
        CountDownLatch parked = new CountDownLatch(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            LinkedTransferQueue<Object> q = new LinkedTransferQueue<>();
            queues.add(q);
            threads.add(Thread.ofVirtual().start(() -> {
                parked.countDown();
                try {
                    q.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        parked.await();
        long t1 = System.nanoTime();
        long after = usedHeap();
        // the two list slots per actor are the harness's, not the design's
        System.out.printf("thread per actor: %d parked virtual threads, %.0f B of heap each, started at %.0f /s%n", n,
                (after - before) / (double) n - 8, n / ((t1 - t0) / 1e9));
        for (LinkedTransferQueue<Object> q : queues) {
            q.put("stop");
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
