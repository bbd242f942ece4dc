package dev.future.bench;

import java.util.Arrays;
import java.util.concurrent.SynchronousQueue;

/**
 * Plain JDK baselines, where one says something about the floor under both actor runtimes:
 * a hand-off between two virtual threads (ping-pong), interrupting a blocked virtual thread
 * (kill), and copying a byte[] (hand-off of a large payload).
 */
final class BaselineSide {
    private BaselineSide() {}

    static void run(String scenario, Plan plan) throws Exception {
        switch (scenario) {
            case "pingpong" -> pingPong(plan);
            case "kill" -> kill(plan);
            case "handoff" -> {
                copy("handoff.1m", Plan.SMALL_HANDOFF, plan.handoffSmallSamples());
                copy("handoff.16m", Plan.LARGE_HANDOFF, plan.handoffLargeSamples());
            }
            default -> { } // no baseline for this scenario
        }
    }

    /** Two virtual threads, one SynchronousQueue each way: the floor under a virtual-thread actor's round trip. */
    private static void pingPong(Plan plan) throws Exception {
        SynchronousQueue<Object> there = new SynchronousQueue<>();
        SynchronousQueue<Object> back = new SynchronousQueue<>();
        int warmups = plan.pingWarmups();
        long[] samples = new long[plan.pingRounds()];
        Thread echo = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    back.put(there.take());
                }
            } catch (InterruptedException e) {
                // end of run
            }
        });
        Thread pinger = Thread.ofVirtual().start(() -> {
            try {
                Object ball = new Object();
                for (int i = -warmups; i < samples.length; i++) {
                    long t0 = System.nanoTime();
                    there.put(ball);
                    back.take();
                    if (i >= 0) {
                        samples[i] = System.nanoTime() - t0;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pinger.join();
        echo.interrupt();
        echo.join();
        Samples.reportLatency("pingpong", samples, samples.length);
    }

    /** A virtual thread in Thread.sleep: interrupt() to join() returning. */
    private static void kill(Plan plan) throws Exception {
        int n = plan.killSamples();
        long[] samples = new long[n];
        for (int i = -10; i < n; i++) {
            var entered = new java.util.concurrent.CountDownLatch(1);
            Thread t = Thread.ofVirtual().start(() -> {
                entered.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // expected: this is the kill
                }
            });
            entered.await();
            Thread.sleep(1); // let it reach the sleep
            long t0 = System.nanoTime();
            t.interrupt();
            t.join();
            long t1 = System.nanoTime();
            if (i >= 0) {
                samples[i] = t1 - t0;
            }
        }
        Samples.reportLatency("kill", samples, n);
    }

    /** Arrays.copyOf of a filled buffer: what copying the payload costs, with no messaging at all. */
    private static void copy(String key, int size, int n) {
        int warmups = Math.max(5, n / 4);
        long[] samples = new long[n];
        byte[] source = new byte[size];
        Arrays.fill(source, (byte) 7);
        long sink = 0;
        for (int i = -warmups; i < n; i++) {
            long t0 = System.nanoTime();
            byte[] copy = Arrays.copyOf(source, size);
            sink += copy[0] + copy[size - 1];
            long t1 = System.nanoTime();
            if (i >= 0) {
                samples[i] = t1 - t0;
            }
        }
        if (sink == 42) {
            System.out.println();
        }
        Samples.reportLatency(key, samples, n);
    }
}
