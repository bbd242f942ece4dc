package dev.future.bench.jmh;

import dev.future.Actor;
import dev.future.ActorContext;
import dev.future.ActorRef;
import dev.future.ActorSelf;
import dev.future.Message;
import dev.future.Supervisor;
import dev.future.SupervisorConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The tell shape of Pekko's {@code TypedActorBenchmark} on Future, shared by the JMH benchmarks:
 * {@code pairs} sender/echo pairs, {@value #BATCH} messages in flight per pair, {@value #ROUND_TRIPS_PER_PAIR}
 * round trips per pair per {@link #round()}.
 */
final class EchoPairs implements AutoCloseable {
    static final int BATCH = 50;
    static final int ROUND_TRIPS_PER_PAIR = 1_000;

    private static final Message START = Message.of("start");
    private static final Message PING = Message.of("ping");
    private static final Message PONG = Message.of("pong");

    static final class Sender implements Actor {
        volatile ActorRef echo;
        volatile CountDownLatch done;
        private int left;
        private int batch;

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            if ("start".equals(msg.msg())) {
                left = ROUND_TRIPS_PER_PAIR;
                sendBatch();
            } else if (--batch <= 0 && !sendBatch()) {
                done.countDown();
            }
        }

        private boolean sendBatch() {
            if (left <= 0) {
                return false;
            }
            ActorRef to = echo;
            for (int i = 0; i < BATCH; i++) {
                to.receive(PING);
            }
            left -= BATCH;
            batch = BATCH;
            return true;
        }
    }

    private final Supervisor supervisor;
    private final Sender[] senders;
    private final ActorRef[] senderRefs;

    /** {@code pairs} pairs on a supervisor made from {@code config} (its maxActors is raised to fit). */
    EchoPairs(int pairs, SupervisorConfig.Builder config) {
        supervisor = Supervisor.create(config.maxActors(2 * pairs + 100).build());
        senders = new Sender[pairs];
        senderRefs = new ActorRef[pairs];
        for (int i = 0; i < pairs; i++) {
            Sender s = new Sender();
            ActorRef ref = supervisor.spawn(s);
            s.echo = supervisor.spawn((self, msg, ctx) -> ref.receive(PONG));
            senders[i] = s;
            senderRefs[i] = ref;
        }
    }

    /** One round: every pair does its round trips; waits (at most 60 s) for all of them. */
    void round() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(senders.length);
        for (Sender s : senders) {
            s.done = done;
        }
        for (ActorRef ref : senderRefs) {
            ref.receive(START);
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a round did not finish within 60 s: pairs left=" + done.getCount());
        }
    }

    @Override
    public void close() {
        supervisor.close();
    }
}
