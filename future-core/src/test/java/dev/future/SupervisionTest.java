package dev.future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Supervision as a specification, through the public API only (black box), in the manner of OTP's
 * supervisor suite: groups, strategies crossed with restart types and exit reasons, restart
 * intensity and backoff, escalation, restarts keeping the ref, links, monitors, children, and the
 * order of termination and shutdown.
 *
 * <p>Every asynchronous wait is an Awaitility {@code atMost}; nothing sleeps to synchronise. Where
 * a test must show that something did <em>not</em> happen (no restart), it first makes something
 * observable happen after it would have (a ping answered by the actor), then checks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SupervisionTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Duration FAST = Duration.ofMillis(10);

    /** Awaitility polling every few ms from the start (its default first poll is 100 ms late); callers set atMost. */
    static ConditionFactory await() {
        return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    // ================================================================ fixtures

    /**
     * The test actor. It answers {@code ping} with a {@code pong} signal, crashes on {@code crash},
     * ends itself on {@code stop}, hangs (interruptibly) on {@code hang}, spawns a child on
     * {@code spawn} (signalling {@code spawned} with the child's ref), links or monitors the ref it
     * is given, and reports every runtime message it handles ({@code DOWN}, {@code EXIT}) as a
     * {@code got:DOWN} / {@code got:EXIT} signal carrying the data.
     */
    static Actor worker() {
        return (self, msg, ctx) -> {
            switch (msg.msg()) {
                case "crash" -> throw new IllegalStateException("boom");
                case "stop" -> ctx.terminate();
                case "hang" -> Thread.sleep(10_000);
                case "ping" -> self.send("pong", msg.data());
                case "spawn" -> self.send("spawned", ctx.spawn(worker(), opts(Restart.PERMANENT)));
                case "link" -> ctx.link((ActorRef) msg.data());
                case "monitor" -> ctx.monitor((ActorRef) msg.data());
                case "DOWN", "EXIT" -> self.send("got:" + msg.msg(), msg.data());
                default -> { }
            }
        };
    }

    static SpawnOptions opts(Restart restart) {
        return SpawnOptions.builder().restart(restart).build();
    }

    static SupervisorConfig.Builder config() {
        return SupervisorConfig.builder().retry(Retry.fixed(20, FAST));
    }

    /** Collects every message a subscription delivers. */
    static final class Recorder implements Consumer<Message> {
        final List<Message> all = new CopyOnWriteArrayList<>();

        @Override
        public void accept(Message m) {
            all.add(m);
        }

        List<Object> data(String key) {
            return all.stream().filter(m -> m.msg().equals(key)).map(Message::data).toList();
        }

        List<String> keys() {
            return all.stream().map(Message::msg).toList();
        }
    }

    static Recorder record(ActorRef ref) {
        Recorder r = new Recorder();
        ref.subscribe(r);
        return r;
    }

    static Recorder record(Supervisor sup) {
        Recorder r = new Recorder();
        sup.subscribe(r);
        return r;
    }

    private static final AtomicLong TOKENS = new AtomicLong();

    /**
     * A round trip through the actor: returns once it has handled a ping sent now, so everything
     * queued before has been handled, and any restart pending when it was sent has happened.
     */
    static void ping(ActorRef ref) {
        long token = TOKENS.incrementAndGet();
        AtomicBoolean answered = new AtomicBoolean();
        Subscription s = ref.subscribe(m -> {
            if (m.msg().equals("pong") && Objects.equals(m.data(), token)) {
                answered.set(true);
            }
        });
        try {
            ref.receive("ping", token);
            await().atMost(WAIT).untilTrue(answered);
        } finally {
            s.close();
        }
    }

    /** Asks {@code parent} (a {@link #worker()}) to spawn a child, and returns the child's ref. */
    static ActorRef spawnChild(ActorRef parent) {
        AtomicReference<ActorRef> child = new AtomicReference<>();
        Subscription s = parent.subscribe(m -> {
            if (m.msg().equals("spawned")) {
                child.compareAndSet(null, (ActorRef) m.data());
            }
        });
        try {
            parent.receive("spawn", null);
            return await().atMost(WAIT).until(child::get, Objects::nonNull);
        } finally {
            s.close();
        }
    }

    static int incarnation(ActorRef ref) {
        return ref.diagnostics().incarnation();
    }

    static void awaitIncarnation(ActorRef ref, int n) {
        await().atMost(WAIT).until(() -> incarnation(ref) == n && ref.state() == ActorState.IDLE);
    }

    static void awaitDead(ActorRef ref) {
        await().atMost(WAIT).until(() -> ref.state() == ActorState.TERMINATED);
        assertThat(ref.isAlive()).isFalse();
    }

    static String reason(ActorRef ref) {
        return ref.diagnostics().terminationReason().orElse("(alive)");
    }

    // ================================================================ the matrix

    /** How the actor under test ends. */
    enum Ending {
        CRASH(true), NORMAL(false), TERMINATED(false), TIMEOUT(true), LINKED(true);

        final boolean abnormal;

        Ending(boolean abnormal) {
            this.abnormal = abnormal;
        }

        boolean matches(String reason) {
            return switch (this) {
                case CRASH -> reason.startsWith("crashed: ") && reason.contains("boom");
                case NORMAL -> reason.equals("normal");
                case TERMINATED -> reason.equals("terminated");
                case TIMEOUT -> reason.equals("timeout");
                case LINKED -> reason.equals("linked_actor_died");
            };
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Restart r : Restart.values()) {
            for (Ending e : Ending.values()) {
                for (Strategy s : Strategy.values()) {
                    out.add(Arguments.of(r, e, s));
                }
            }
        }
        return out.stream();
    }

    @Nested
    class RestartTypeByExitReasonByStrategy {

        /**
         * A group of three, {@code first, target, last} in start order; the target has the restart
         * type under test, its siblings are permanent. The target ends by the given reason; then the
         * members the strategy restarts are at incarnation 2 and the rest at 1, or (an intentional
         * stop, or a temporary actor) the target ends for good with that reason and nobody restarts.
         */
        @ParameterizedTest(name = "{0} actor ending by {1} under {2}")
        @MethodSource("dev.future.SupervisionTest#matrix")
        void shouldRestartExactlyTheMembersTheStrategyNames(Restart type, Ending ending, Strategy strategy) {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(strategy, Retry.fixed(5, FAST)));
                ActorRef first = group.spawn(worker(), opts(Restart.PERMANENT));
                ActorRef target = group.spawn(worker(), SpawnOptions.builder().restart(type)
                        .hangTimeout(Duration.ofMillis(100)).build());
                ActorRef last = group.spawn(worker(), opts(Restart.PERMANENT));
                Recorder targetEvents = record(target);
                Recorder supEvents = record(sup);

                switch (ending) {
                    case CRASH -> target.receive("crash", null);
                    case NORMAL -> target.receive("stop", null);
                    case TERMINATED -> target.terminate();
                    case TIMEOUT -> target.receive("hang", null);
                    case LINKED -> {
                        Group elsewhere = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.none()));
                        ActorRef partner = elsewhere.spawn(worker());
                        target.link(partner);
                        partner.receive("crash", null);
                    }
                }

                boolean restarts = ending.abnormal && type != Restart.TEMPORARY;
                if (restarts) {
                    List<ActorRef> restarted = switch (strategy) {
                        case ONE_FOR_ONE -> List.of(target);
                        case ONE_FOR_ALL -> List.of(first, target, last);
                        case REST_FOR_ONE -> List.of(target, last);
                    };
                    for (ActorRef r : restarted) {
                        awaitIncarnation(r, 2);
                    }
                    // the ended incarnation was announced with its reason, on the ref and the supervisor
                    await().atMost(WAIT).until(() -> targetEvents.data("EXIT").stream()
                            .anyMatch(d -> d instanceof Exit x && x.id().equals(target.id()) && ending.matches(x.reason())));
                    await().atMost(WAIT).until(() -> supEvents.data("EXIT").stream()
                            .anyMatch(d -> d instanceof Exit x && x.id().equals(target.id())));
                    assertThat(targetEvents.data("DOWN")).isEmpty();
                    for (ActorRef r : List.of(first, target, last)) {
                        ping(r);
                        assertThat(r.isAlive()).isTrue();
                        assertThat(incarnation(r)).as("incarnation of %s", r)
                                .isEqualTo(restarted.contains(r) ? 2 : 1);
                    }
                    assertThat(group.members()).containsExactly(first, target, last);
                } else {
                    awaitDead(target);
                    assertThat(reason(target)).satisfies(r -> assertThat(ending.matches(r)).as(r).isTrue());
                    await().atMost(WAIT).until(() -> targetEvents.data("DOWN").stream()
                            .anyMatch(d -> d instanceof Down dn && ending.matches(dn.reason())));
                    ping(first);
                    ping(last);
                    assertThat(incarnation(first)).isEqualTo(1);
                    assertThat(incarnation(last)).isEqualTo(1);
                    assertThat(incarnation(target)).isEqualTo(1);
                    assertThat(group.members()).containsExactly(first, last);
                    assertThat(sup.diagnostics().restarts()).isZero();
                }
            }
        }
    }

    // ================================================================ strategies, beyond the matrix

    @Nested
    class Strategies {

        @Test
        void shouldRestartAllInStartOrderAndLeaveExactlyTheSameMembersUnderOneForAll() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL, Retry.fixed(1, FAST)));
                List<ActorRef> members = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    members.add(group.spawn(worker()));
                }
                long spawned = sup.diagnostics().totalActorsSpawned();
                members.get(2).receive("crash", null);
                for (ActorRef m : members) {
                    awaitIncarnation(m, 2);
                }
                assertThat(group.members()).containsExactlyElementsOf(members);
                var d = sup.diagnostics();
                assertThat(d.activeActors()).isEqualTo(4);
                assertThat(d.totalActorsSpawned()).isEqualTo(spawned);
                assertThat(d.totalActorsTerminated()).isZero();
                // one application of the strategy is one restart against the budget: the group is not down
                var info = d.groups().stream().filter(g -> g.id().equals(group.id())).findFirst().orElseThrow();
                assertThat(info.down()).isFalse();
                assertThat(info.restarts()).isEqualTo(1);
                assertThat(d.escalations()).isZero();
            }
        }

        @Test
        void shouldRestartEveryMemberEvenWithZeroBackoffUnderOneForAll() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL, Retry.fixed(5, Duration.ZERO)));
                List<ActorRef> members = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    members.add(group.spawn(worker()));
                }
                members.get(0).receive("crash", null);
                for (ActorRef m : members) {
                    awaitIncarnation(m, 2);
                    ping(m);
                }
                assertThat(group.members()).containsExactlyElementsOf(members);
            }
        }

        @Test
        void shouldRestartTheRestEvenWithZeroBackoffUnderRestForOne() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.REST_FOR_ONE, Retry.fixed(5, Duration.ZERO)));
                List<ActorRef> members = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    members.add(group.spawn(worker()));
                }
                members.get(1).receive("crash", null);
                for (int i = 1; i < 4; i++) {
                    awaitIncarnation(members.get(i), 2);
                    ping(members.get(i));
                }
                ping(members.get(0));
                assertThat(incarnation(members.get(0))).isEqualTo(1);
            }
        }

        @Test
        void shouldRestartTheGroupOnceWhenACrashKillsALinkedSiblingUnderOneForAll() throws Exception {
            AtomicBoolean release = new AtomicBoolean();
            try (Supervisor sup = Supervisor.create(config().killGrace(Duration.ofSeconds(2)).build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL, Retry.fixed(5, FAST)));
                ActorRef a = group.spawn(worker());
                ActorRef b = group.spawn(worker());
                // c is slow to stop: it ignores interrupts until released
                CountDownLatch busy = new CountDownLatch(1);
                ActorRef c = group.spawn((self, msg, ctx) -> {
                    if (msg.msg().equals("busy")) {
                        busy.countDown();
                        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                        while (!release.get() && System.nanoTime() < until) {
                            Thread.onSpinWait();
                            Thread.yield();
                        }
                    } else if (msg.msg().equals("ping")) {
                        self.send("pong", msg.data());
                    }
                });
                a.link(b);
                c.receive("busy", null);
                assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
                a.receive("crash", null);
                for (ActorRef m : List.of(a, b, c)) {
                    awaitIncarnation(m, 2);
                }
                for (ActorRef m : List.of(a, b, c)) {
                    ping(m);
                    assertThat(m.isAlive()).isTrue();
                }
                assertThat(group.members()).containsExactly(a, b, c);
            } finally {
                release.set(true);
            }
        }

        @ParameterizedTest(name = "backoff {0} ms")
        @org.junit.jupiter.params.provider.ValueSource(ints = {0, 10})
        void shouldRestartAGroupOfMutuallyLinkedMembersIntoOneLiveIncarnationEach(int backoffMs) {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL,
                        Retry.fixed(10, Duration.ofMillis(backoffMs))));
                ActorRef a = group.spawn(worker());
                ActorRef b = group.spawn(worker());
                ActorRef c = group.spawn(worker());
                a.link(b);
                b.link(c);
                c.link(a);
                a.receive("crash", null);
                await().atMost(WAIT).until(() -> Stream.of(a, b, c)
                        .allMatch(r -> incarnation(r) >= 2 && r.state() == ActorState.IDLE));
                for (ActorRef r : List.of(a, b, c)) {
                    ping(r);
                    assertThat(r.isAlive()).isTrue();
                    // the pong is sent from inside the handler: the actor is BUSY until it returns
                    await().atMost(WAIT).until(() -> r.state() == ActorState.IDLE);
                }
                assertThat(group.members()).containsExactly(a, b, c);
                assertThat(sup.diagnostics().activeActors()).isEqualTo(3);
                // and the group still works as a group: one more crash restarts all three again
                int before = incarnation(b);
                c.receive("crash", null);
                await().atMost(WAIT).until(() -> incarnation(b) > before && b.state() == ActorState.IDLE);
                for (ActorRef r : List.of(a, b, c)) {
                    ping(r);
                }
            }
        }

        /**
         * A sibling stopped by the strategy while it has just taken a message (but not yet started
         * handling it) gives the message back; the new incarnation must still get to it. Races, so
         * it is tried many times with a zero backoff, where the restart comes at once.
         */
        @Test
        void shouldHandleAMessageGivenBackByAStoppedSiblingAfterItsRestart() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL, Retry.fixed(10_000, Duration.ZERO)));
                ActorRef crasher = group.spawn(worker());
                ActorRef busy = group.spawn(worker());
                AtomicLong handled = new AtomicLong();
                busy.subscribe(m -> {
                    if (m.msg().equals("pong")) {
                        handled.incrementAndGet();
                    }
                });
                int rounds = 200;
                for (int i = 0; i < rounds; i++) {
                    busy.receive("ping", -1L);
                    crasher.receive("crash", null);
                    busy.receive("ping", -1L);
                }
                // every ping is answered once the restarts settle (none is lost in a given-back mailbox)
                await().atMost(Duration.ofSeconds(10)).until(() -> busy.diagnostics().mailboxDepth() == 0
                        && busy.state() == ActorState.IDLE && crasher.state() == ActorState.IDLE);
                ping(busy);
                ping(crasher);
                assertThat(busy.isAlive()).isTrue();
            }
        }

        @Test
        void shouldNeverResurrectAnActorStoppedWhileItsRestartWasPending() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL, Retry.fixed(5,
                        Duration.ofMillis(300))));
                ActorRef a = group.spawn(worker());
                ActorRef b = group.spawn(worker());
                ActorRef c = group.spawn(worker());
                a.receive("crash", null);
                await().atMost(WAIT).until(() -> b.state() == ActorState.RESTARTING);
                b.terminate();
                awaitIncarnation(a, 2);
                awaitIncarnation(c, 2);
                ping(a);
                ping(c);
                assertThat(b.isAlive()).isFalse();
                assertThat(reason(b)).isEqualTo("terminated");
                assertThat(group.members()).containsExactly(a, c);
            }
        }

        @Test
        void shouldNotRestartAnActorThatWasTerminatedBeforeItsSiblingCrashed() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL, Retry.fixed(5, FAST)));
                ActorRef a = group.spawn(worker());
                ActorRef b = group.spawn(worker());
                a.terminate();
                awaitDead(a);
                b.receive("crash", null);
                awaitIncarnation(b, 2);
                ping(b);
                assertThat(a.isAlive()).isFalse();
                assertThat(reason(a)).isEqualTo("terminated");
            }
        }

        @Test
        void shouldStopAllMembersOnTerminateAllAndRestartNone() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL, Retry.fixed(5, FAST)));
                Group nested = group.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.fixed(5, FAST)));
                ActorRef a = group.spawn(worker());
                ActorRef n = nested.spawn(worker());
                group.terminateAll();
                awaitDead(a);
                awaitDead(n);
                assertThat(reason(a)).isEqualTo("terminated");
                assertThat(reason(n)).isEqualTo("terminated");
                assertThat(sup.diagnostics().restarts()).isZero();
                // the group stays usable
                ActorRef again = group.spawn(worker());
                ping(again);
                assertThat(group.members()).containsExactly(again);
            }
        }

        @Test
        void shouldRunTheRootGroupWithTheSupervisorsStrategy() {
            try (Supervisor sup = Supervisor.create(config().strategy(Strategy.ONE_FOR_ALL).build())) {
                ActorRef a = sup.spawn(worker());
                ActorRef b = sup.spawn(worker());
                b.receive("crash", null);
                awaitIncarnation(a, 2);
                awaitIncarnation(b, 2);
                assertThat(sup.root().id()).isEqualTo("root");
                assertThat(sup.root().members()).containsExactly(a, b);
            }
        }

        @Test
        void shouldNeverRestartUnderRetryNoneAndKeepTheGroupAlive() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL, Retry.none()));
                ActorRef a = group.spawn(worker());
                ActorRef b = group.spawn(worker());
                a.receive("crash", null);
                awaitDead(a);
                assertThat(reason(a)).startsWith("crashed: ");
                ping(b);
                assertThat(incarnation(b)).isEqualTo(1);
                ActorRef c = group.spawn(worker());
                ping(c);
            }
        }

        @Test
        void shouldReportARestartThatCannotHappen() {
            FailsOnRestart.instances.set(0);
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.fixed(2, FAST)));
                Recorder events = record(sup);
                ActorRef a = group.spawn(FailsOnRestart.class, SpawnOptions.defaults());
                a.receive("crash", null);
                awaitDead(a);
                var d = sup.diagnostics();
                assertThat(d.recentCrashes()).anySatisfy(c -> {
                    assertThat(c.id()).isEqualTo(a.id());
                    assertThat(c.reason()).contains("no second life");
                });
                await().atMost(WAIT).until(() -> !events.data("ESCALATED").isEmpty());
                assertThat(d.escalations()).isEqualTo(1);
            }
        }
    }

    /** An actor class whose constructor refuses every instance after the first. */
    public static final class FailsOnRestart implements Actor {
        static final AtomicInteger instances = new AtomicInteger();

        public FailsOnRestart() {
            if (instances.incrementAndGet() > 1) {
                throw new IllegalStateException("no second life");
            }
        }

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            if (msg.msg().equals("crash")) {
                throw new IllegalStateException("boom");
            }
        }
    }

    // ================================================================ backoff

    @Nested
    class Backoff {

        /** Records when each message is handled; crashes on "crash". */
        private Actor timed(List<Long> handledAt) {
            return (self, msg, ctx) -> {
                handledAt.add(System.nanoTime());
                if (msg.msg().equals("crash")) {
                    throw new IllegalStateException("boom");
                }
            };
        }

        /** Three crashes queued, then a last message: returns ms from the first crash to each later message. */
        private List<Long> gaps(Retry retry) {
            List<Long> handledAt = new CopyOnWriteArrayList<>();
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, retry));
                ActorRef a = group.spawn(timed(handledAt));
                a.receive("crash", null);
                a.receive("crash", null);
                a.receive("crash", null);
                a.receive("last", null);
                await().atMost(WAIT).until(() -> handledAt.size() == 4);
                assertThat(incarnation(a)).isEqualTo(4);
            }
            long t0 = handledAt.get(0);
            return handledAt.stream().skip(1).map(t -> TimeUnit.NANOSECONDS.toMillis(t - t0)).toList();
        }

        @Test
        void shouldWaitTheFixedDelayBeforeEachRestart() {
            List<Long> gaps = gaps(Retry.fixed(5, Duration.ofMillis(40)));
            assertThat(gaps.get(0)).isGreaterThanOrEqualTo(40);
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(80);
            assertThat(gaps.get(2)).isGreaterThanOrEqualTo(120);
        }

        @Test
        void shouldGrowTheDelayLinearly() {
            List<Long> gaps = gaps(Retry.linear(5, Duration.ofMillis(30)));
            assertThat(gaps.get(0)).isGreaterThanOrEqualTo(30);
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(30 + 60);
            assertThat(gaps.get(2)).isGreaterThanOrEqualTo(30 + 60 + 90);
        }

        @Test
        void shouldDoubleTheDelayExponentially() {
            List<Long> gaps = gaps(Retry.exponential(5, Duration.ofMillis(50)));
            assertThat(gaps.get(0)).isGreaterThanOrEqualTo(50);
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(50 + 100);
            assertThat(gaps.get(2)).isGreaterThanOrEqualTo(50 + 100 + 200);
        }

        @Test
        void shouldCapTheDelayAtMaxDelay() {
            // uncapped this would take 100 + 200 + 400 ms before the last message
            List<Long> gaps = gaps(Retry.exponential(5, Duration.ofMillis(100)).maxDelay(Duration.ofMillis(20)));
            assertThat(gaps.get(0)).isGreaterThanOrEqualTo(20);
            assertThat(gaps.get(2)).isGreaterThanOrEqualTo(60).isLessThan(600);
        }

        @Test
        void shouldBackOffEvenWithoutARetryConfigured() {
            List<Long> handledAt = new CopyOnWriteArrayList<>();
            try (Supervisor sup = Supervisor.create()) {
                Group group = sup.createGroup(GroupConfig.builder().build());
                ActorRef a = group.spawn(timed(handledAt));
                a.receive("crash", null);
                a.receive("crash", null);
                a.receive("last", null);
                await().atMost(WAIT).until(() -> handledAt.size() == 3);
            }
            // unlimited: exponential from 100 ms
            assertThat(TimeUnit.NANOSECONDS.toMillis(handledAt.get(1) - handledAt.get(0))).isGreaterThanOrEqualTo(100);
            assertThat(TimeUnit.NANOSECONDS.toMillis(handledAt.get(2) - handledAt.get(0))).isGreaterThanOrEqualTo(300);
        }
    }

    // ================================================================ budgets and escalation

    @Nested
    class Escalation {

        @Test
        void shouldStopATopLevelGroupPublishEscalatedAndKeepTheSupervisorRunning() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Recorder events = record(sup);
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.fixed(2, FAST)));
                ActorRef a = group.spawn(worker());
                ActorRef b = group.spawn(worker());
                for (int i = 0; i < 3; i++) {
                    a.receive("crash", null);
                }
                awaitDead(a);
                awaitDead(b);
                assertThat(reason(a)).startsWith("crashed: ");
                assertThat(reason(b)).isEqualTo("shutdown");
                await().atMost(WAIT).until(() -> !events.data("ESCALATED").isEmpty());
                Escalated esc = (Escalated) events.data("ESCALATED").get(0);
                assertThat(esc.groupId()).isEqualTo(group.id());
                assertThat(esc.reason()).startsWith("crashed: ");
                var d = sup.diagnostics();
                assertThat(d.escalations()).isEqualTo(1);
                assertThat(d.recentEscalations()).containsExactly(esc);
                assertThat(d.groups()).anySatisfy(g -> {
                    assertThat(g.id()).isEqualTo(group.id());
                    assertThat(g.down()).isTrue();
                });
                // the group stays down; the supervisor goes on
                assertThatThrownBy(() -> group.spawn(worker())).isInstanceOf(IllegalStateException.class);
                ActorRef other = sup.spawn(worker());
                ping(other);
                assertThat(sup.createGroup(GroupConfig.builder().build()).spawn(worker()).isAlive()).isTrue();
            }
        }

        @Test
        void shouldStopTheRootGroupsMembersPublishEscalatedAndKeepSpawning() {
            try (Supervisor sup = Supervisor.create(SupervisorConfig.builder().retry(Retry.fixed(1, FAST)).build())) {
                Recorder events = record(sup);
                ActorRef a = sup.spawn(worker());
                ActorRef b = sup.spawn(worker());
                a.receive("crash", null);
                a.receive("crash", null);
                awaitDead(a);
                awaitDead(b);
                assertThat(reason(b)).isEqualTo("shutdown");
                await().atMost(WAIT).until(() -> !events.data("ESCALATED").isEmpty());
                assertThat(((Escalated) events.data("ESCALATED").get(0)).groupId()).isEqualTo("root");
                ActorRef c = sup.spawn(worker());
                ping(c);
                assertThat(sup.root().members()).containsExactly(c);
            }
        }

        @Test
        void shouldRestartANestedGroupThatSpentItsBudgetAsOneChildOfItsParent() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Recorder events = record(sup);
                Group parent = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.fixed(5, FAST)));
                ActorRef sibling = parent.spawn(worker());
                Group nested = parent.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.fixed(1, FAST)));
                ActorRef x = nested.spawn(worker());
                ActorRef y = nested.spawn(worker());
                x.receive("crash", null); // restart 1 of the nested group's budget
                awaitIncarnation(x, 2);
                x.receive("crash", null); // spends it: the parent restarts the whole nested group
                awaitIncarnation(x, 3);
                awaitIncarnation(y, 2);
                ping(x);
                ping(y);
                ping(sibling);
                assertThat(incarnation(sibling)).isEqualTo(1);
                assertThat(nested.members()).containsExactly(x, y);
                assertThat(events.data("ESCALATED")).isEmpty();
                // the nested group got a fresh budget
                x.receive("crash", null);
                awaitIncarnation(x, 4);
                assertThat(incarnation(y)).isEqualTo(2);
            }
        }

        @Test
        void shouldEscalateThroughNestedGroupsToTheTopLevel() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Recorder events = record(sup);
                Group top = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.fixed(0, FAST)));
                ActorRef t = top.spawn(worker());
                Group nested = top.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.fixed(0, FAST)));
                ActorRef x = nested.spawn(worker());
                ActorRef y = nested.spawn(worker());
                x.receive("crash", null);
                awaitDead(x);
                awaitDead(y);
                awaitDead(t);
                assertThat(reason(y)).isEqualTo("shutdown");
                assertThat(reason(t)).isEqualTo("shutdown");
                await().atMost(WAIT).until(() -> !events.data("ESCALATED").isEmpty());
                assertThat(events.data("ESCALATED")).singleElement()
                        .satisfies(e -> assertThat(((Escalated) e).groupId()).isEqualTo(top.id()));
                assertThatThrownBy(() -> nested.spawn(worker())).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> top.spawn(worker())).isInstanceOf(IllegalStateException.class);
                ping(sup.spawn(worker()));
            }
        }

        @Test
        void shouldForgetRestartsOutsideTheWindow() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE,
                        Retry.fixed(1, Duration.ZERO).within(Duration.ofMillis(100))));
                ActorRef a = group.spawn(worker());
                a.receive("crash", null);
                awaitIncarnation(a, 2);
                // once the window has passed, the one restart allowed is available again
                long t0 = System.nanoTime();
                await().atMost(WAIT).until(() -> System.nanoTime() - t0 > TimeUnit.MILLISECONDS.toNanos(150));
                a.receive("crash", null);
                awaitIncarnation(a, 3);
                ping(a);
                assertThat(sup.diagnostics().escalations()).isZero();
            }
        }
    }

    // ================================================================ what a restart keeps

    @Nested
    class RestartKeepsTheRef {

        @Test
        void shouldKeepTheMessagesQueuedBehindTheOneThatCrashed() throws Exception {
            CountDownLatch gate = new CountDownLatch(1);
            List<String> handled = new CopyOnWriteArrayList<>();
            AtomicReference<ActorRef> me = new AtomicReference<>();
            try (Supervisor sup = Supervisor.create(config().build())) {
                ActorRef a = sup.spawn((self, msg, ctx) -> {
                    handled.add(msg.msg() + "@" + me.get().diagnostics().incarnation());
                    switch (msg.msg()) {
                        case "wait" -> gate.await(5, TimeUnit.SECONDS);
                        case "crash" -> throw new IllegalStateException("boom");
                        default -> { }
                    }
                });
                me.set(a);
                a.receive("wait", null);
                a.receive("crash", null);
                a.receive("one", null);
                a.receive("two", null);
                gate.countDown();
                await().atMost(WAIT).until(() -> handled.size() == 4);
                assertThat(handled).containsExactly("wait@1", "crash@1", "one@2", "two@2");
                assertThat(a.diagnostics().restarts()).isEqualTo(1);
                assertThat(a.diagnostics().lastCrash()).hasValueSatisfying(r -> assertThat(r).contains("boom"));
            }
        }

        @Test
        void shouldKeepTheIdSubscriptionsLinksAndMonitorsAcrossARestart() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                ActorRef a = sup.spawn(worker());
                ActorRef watcher = sup.spawn(worker(), opts(Restart.TEMPORARY));
                ActorRef partner = sup.spawn(worker(), SpawnOptions.builder().trapExits(true).build());
                Recorder events = record(a);
                Recorder watcherEvents = record(watcher);
                watcher.monitor(a);
                a.link(partner);
                ActorId id = a.id();
                a.receive("crash", null);
                awaitIncarnation(a, 2);
                ping(a);
                assertThat(a.id()).isEqualTo(id);
                assertThat(events.data("pong")).hasSize(1);
                assertThat(events.keys()).contains("EXIT").doesNotContain("DOWN");
                assertThat(a.diagnostics().links()).containsExactly(partner.id());
                // the monitor got no DOWN for the restart, but gets one when it stays dead
                ping(watcher);
                assertThat(watcherEvents.data("got:DOWN")).isEmpty();
                a.terminate();
                await().atMost(WAIT).until(() -> watcherEvents.data("got:DOWN").size() == 1);
                assertThat(watcherEvents.data("got:DOWN")).containsExactly(new Down(id, "terminated"));
                await().atMost(WAIT).until(() -> events.data("DOWN").size() == 1);
            }
        }
    }

    // ================================================================ links

    @Nested
    class Links {

        @Test
        void shouldKillTheLinkedActorWhenOneCrashes() {
            try (Supervisor sup = Supervisor.create(config().retry(Retry.none()).build())) {
                ActorRef a = sup.spawn(worker());
                ActorRef b = sup.spawn(worker());
                a.link(b);
                a.receive("crash", null);
                awaitDead(b);
                assertThat(reason(b)).isEqualTo("linked_actor_died");
                assertThat(reason(a)).startsWith("crashed: ");
            }
        }

        @Test
        void shouldCascadeThroughACycleOfLinksWithoutLooping() {
            try (Supervisor sup = Supervisor.create(config().retry(Retry.none()).build())) {
                ActorRef a = sup.spawn(worker());
                ActorRef b = sup.spawn(worker());
                ActorRef c = sup.spawn(worker());
                a.link(b);
                b.link(c);
                c.link(a);
                a.receive("crash", null);
                awaitDead(a);
                awaitDead(b);
                awaitDead(c);
                assertThat(reason(b)).isEqualTo("linked_actor_died");
                assertThat(reason(c)).isEqualTo("linked_actor_died");
                var d = sup.diagnostics();
                assertThat(d.totalActorsTerminated()).isEqualTo(3);
                assertThat(d.activeActors()).isZero();
            }
        }

        @Test
        void shouldDeliverExitInsteadToAnActorThatTrapsExits() {
            try (Supervisor sup = Supervisor.create(config().retry(Retry.none()).build())) {
                ActorRef a = sup.spawn(worker());
                ActorRef b = sup.spawn(worker(), SpawnOptions.builder().trapExits(true).build());
                Recorder got = record(b);
                b.receive("link", a); // ctx.link from inside
                ping(b);
                a.receive("crash", null);
                await().atMost(WAIT).until(() -> got.data("got:EXIT").size() == 1);
                Exit exit = (Exit) got.data("got:EXIT").get(0);
                assertThat(exit.id()).isEqualTo(a.id());
                assertThat(exit.reason()).startsWith("crashed: ");
                ping(b);
                assertThat(b.isAlive()).isTrue();
            }
        }

        @Test
        void shouldNotFireLinksOnIntentionalStops() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                ActorRef a = sup.spawn(worker());
                ActorRef b = sup.spawn(worker());
                ActorRef c = sup.spawn(worker());
                ActorRef d = sup.spawn(worker());
                a.link(b);
                c.link(d);
                Group group = sup.createGroup(GroupConfig.builder().build());
                ActorRef e = group.spawn(worker());
                ActorRef f = sup.spawn(worker());
                e.link(f);
                a.terminate();
                c.receive("stop", null);
                group.terminateAll();
                assertThat(sup.terminateActor(d.id())).isTrue();
                awaitDead(a);
                awaitDead(c);
                awaitDead(e);
                awaitDead(d);
                assertThat(sup.terminateActor(d.id())).isFalse();
                ping(b);
                ping(f);
                assertThat(incarnation(b)).isEqualTo(1);
                assertThat(incarnation(f)).isEqualTo(1);
            }
        }

        @Test
        void shouldFireLinksOnACrashEvenWhenTheCrashedActorRestarts() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                ActorRef a = sup.spawn(worker());
                ActorRef b = sup.spawn(worker(), opts(Restart.TEMPORARY));
                a.link(b);
                a.receive("crash", null);
                awaitIncarnation(a, 2);
                awaitDead(b);
                assertThat(reason(b)).isEqualTo("linked_actor_died");
            }
        }

        @Test
        void shouldForgetALinkOnUnlink() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                ActorRef a = sup.spawn(worker(), opts(Restart.TEMPORARY));
                ActorRef b = sup.spawn(worker());
                a.link(b);
                a.unlink(b);
                a.receive("crash", null);
                awaitDead(a);
                ping(b);
                assertThat(incarnation(b)).isEqualTo(1);
            }
        }
    }

    // ================================================================ monitors

    @Nested
    class Monitors {

        @Test
        void shouldSendDownToTheWatchersHandlerItsSubscribersAndTheSupervisor() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Recorder supEvents = record(sup);
                ActorRef target = sup.spawn(worker(), opts(Restart.TEMPORARY));
                ActorRef watcher = sup.spawn(worker());
                Recorder watcherEvents = record(watcher);
                watcher.receive("monitor", target); // ctx.monitor
                ping(watcher);
                target.receive("crash", null);
                await().atMost(WAIT).until(() -> watcherEvents.data("got:DOWN").size() == 1);
                Down down = (Down) watcherEvents.data("got:DOWN").get(0);
                assertThat(down.id()).isEqualTo(target.id());
                assertThat(down.reason()).startsWith("crashed: ");
                // the watcher's subscribers see the DOWN too, as does the supervisor
                await().atMost(WAIT).until(() -> watcherEvents.data("DOWN").contains(down));
                await().atMost(WAIT).until(() -> supEvents.data("DOWN").contains(down));
                assertThat(watcher.diagnostics().monitoring()).isEmpty();
            }
        }

        @Test
        void shouldSendNoprocAtOnceWhenTheTargetIsAlreadyDead() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                ActorRef target = sup.spawn(worker());
                target.terminate();
                awaitDead(target);
                ActorRef watcher = sup.spawn(worker());
                Recorder events = record(watcher);
                watcher.monitor(target);
                await().atMost(WAIT).until(() -> events.data("got:DOWN").size() == 1);
                assertThat(events.data("got:DOWN")).containsExactly(new Down(target.id(), "noproc"));
            }
        }

        @Test
        void shouldSendNoDownAfterDemonitor() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                ActorRef target = sup.spawn(worker());
                ActorRef watcher = sup.spawn(worker());
                ActorRef control = sup.spawn(worker());
                Recorder events = record(watcher);
                Recorder controlEvents = record(control);
                watcher.monitor(target);
                control.monitor(target);
                watcher.demonitor(target);
                target.terminate();
                await().atMost(WAIT).until(() -> controlEvents.data("got:DOWN").size() == 1);
                ping(watcher);
                assertThat(events.data("got:DOWN")).isEmpty();
            }
        }

        @Test
        void shouldDeliverDownOnlyAfterTheDeadActorsLinksHaveFired() {
            try (Supervisor sup = Supervisor.create(config().retry(Retry.none()).build())) {
                ActorRef a = sup.spawn(worker());
                ActorRef partner = sup.spawn(worker());
                a.link(partner);
                List<String> seenAtDown = new CopyOnWriteArrayList<>();
                ActorRef watcher = sup.spawn((self, msg, ctx) -> {
                    if (msg.msg().equals("DOWN")) {
                        // a DOWN means cleanup is done: the dead actor is gone, its links have fired
                        seenAtDown.add(a.state() + " " + a.diagnostics().links() + " " + partner.state() + " "
                                + reason(partner));
                    }
                });
                watcher.monitor(a);
                a.receive("crash", null);
                await().atMost(WAIT).until(() -> seenAtDown.size() == 1);
                assertThat(seenAtDown).containsExactly("TERMINATED [] TERMINATED linked_actor_died");
            }
        }
    }

    // ================================================================ children

    @Nested
    class Children {

        @Test
        void shouldGiveAUsableRefToAChildThatJoinsItsParentsGroup() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.fixed(5, FAST)));
                ActorRef parent = group.spawn(worker());
                ActorRef child = spawnChild(parent);
                ping(child);
                assertThat(child.diagnostics().group()).isEqualTo(group.id());
                assertThat(child.diagnostics().parent()).contains(parent.id());
                assertThat(group.members()).containsExactly(parent, child);
                ActorRef watcher = sup.spawn(worker());
                Recorder events = record(watcher);
                watcher.monitor(child);
                child.terminate();
                await().atMost(WAIT).until(() -> events.data("got:DOWN").size() == 1);
                ping(parent);
                assertThat(incarnation(parent)).isEqualTo(1);
            }
        }

        @Test
        void shouldEndChildrenRecursivelyWithParentDiedWhenTheParentCrashes() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Group group = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.fixed(5, FAST)));
                ActorRef parent = group.spawn(worker());
                ActorRef child = spawnChild(parent);
                ActorRef grandchild = spawnChild(child);
                parent.receive("crash", null);
                awaitIncarnation(parent, 2);
                awaitDead(child);
                awaitDead(grandchild);
                assertThat(reason(child)).isEqualTo("parent_died");
                assertThat(reason(grandchild)).isEqualTo("parent_died");
                ping(parent);
                assertThat(group.members()).containsExactly(parent);
                // the restarted parent spawns its own
                ActorRef fresh = spawnChild(parent);
                ping(fresh);
            }
        }

        @Test
        void shouldEndChildrenWithParentDiedWhenTheParentIsStopped() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                ActorRef parent = sup.spawn(worker());
                ActorRef child = spawnChild(parent);
                parent.receive("stop", null);
                awaitDead(parent);
                awaitDead(child);
                assertThat(reason(parent)).isEqualTo("normal");
                assertThat(reason(child)).isEqualTo("parent_died");
            }
        }

        @Test
        void shouldNotKillTheParentWhenAnUnlinkedChildCrashes() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                ActorRef parent = sup.spawn(worker());
                ActorRef child = spawnChild(parent);
                child.receive("crash", null);
                awaitIncarnation(child, 2);
                ping(child);
                ping(parent);
                assertThat(incarnation(parent)).isEqualTo(1);
            }
        }

        @Test
        void shouldKillTheParentWhenALinkedChildCrashesAndLeaveTheChildDeadForGood() {
            try (Supervisor sup = Supervisor.create(config().build())) {
                Recorder supEvents = record(sup);
                ActorRef parent = sup.spawn(worker());
                ActorRef child = spawnChild(parent);
                parent.receive("link", child);
                ping(parent);
                child.receive("crash", null);
                awaitIncarnation(parent, 2);
                awaitDead(child);
                ping(parent);
                // the child crashed, then its parent died: it stays dead, and says so consistently
                assertThat(child.isAlive()).isFalse();
                assertThat(child.state()).isEqualTo(ActorState.TERMINATED);
                assertThat(reason(child)).isIn("parent_died");
                await().atMost(WAIT).until(() -> supEvents.all.stream()
                        .anyMatch(m -> m.msg().equals("DOWN") && ((Down) m.data()).id().equals(child.id())));
                // nothing about the child after its DOWN
                List<String> childEvents = supEvents.all.stream()
                        .filter(m -> m.data() instanceof Down dn && dn.id().equals(child.id())
                                || m.data() instanceof Exit x && x.id().equals(child.id()))
                        .map(Message::msg).toList();
                assertThat(childEvents.get(childEvents.size() - 1)).isEqualTo("DOWN");
                // the group's budget paid for one restart (the parent's), not a phantom one for the child
                assertThat(sup.diagnostics().groups().get(0).restarts()).isEqualTo(1);
            }
        }
    }

    // ================================================================ shutdown

    @Nested
    class Shutdown {

        @Test
        void shouldStopInReverseStartOrderGroupsDepthFirst() {
            Supervisor sup = Supervisor.create(config().build());
            Recorder events = record(sup);
            ActorRef r1 = sup.spawn(worker());
            Group g = sup.createGroup(GroupConfig.builder().build());
            ActorRef g1 = g.spawn(worker());
            Group n = g.createGroup(GroupConfig.builder().build());
            ActorRef n1 = n.spawn(worker());
            ActorRef g2 = g.spawn(worker());
            ActorRef r2 = sup.spawn(worker());
            ActorRef child = spawnChild(r2);
            sup.shutdown();
            List<ActorRef> all = List.of(r1, g1, n1, g2, r2, child);
            for (ActorRef r : all) {
                assertThat(r.isAlive()).as("%s", r).isFalse();
                assertThat(reason(r)).as("%s", r).isEqualTo("shutdown");
            }
            await().atMost(WAIT).until(() -> events.data("DOWN").size() == all.size());
            List<ActorId> order = events.data("DOWN").stream().map(d -> ((Down) d).id()).toList();
            // start order, groups flattened depth-first: r1, g1, n1, g2, r2, child; stopped in reverse
            assertThat(order).containsExactly(child.id(), r2.id(), g2.id(), n1.id(), g1.id(), r1.id());
        }

        @Test
        void shouldRefuseNewWorkAfterShutdownAndIgnoreMessages() {
            Supervisor sup = Supervisor.create(config().build());
            Group g = sup.createGroup(GroupConfig.builder().build());
            ActorRef a = sup.spawn(worker());
            sup.shutdown();
            sup.shutdown(); // idempotent
            assertThatThrownBy(() -> sup.spawn(worker())).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> sup.createGroup(GroupConfig.builder().build()))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> g.spawn(worker())).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> g.createGroup(GroupConfig.builder().build()))
                    .isInstanceOf(IllegalStateException.class);
            a.receive("ping", 1L); // a silent no-op
            assertThat(a.isAlive()).isFalse();
        }

        @Test
        void shouldFenceAnActorThatWillNotStopAndStillFinishShutdown() throws Exception {
            AtomicBoolean release = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            try {
                Supervisor sup = Supervisor.create(config().killGrace(Duration.ofMillis(50)).build());
                ActorRef stubborn = sup.spawn((self, msg, ctx) -> {
                    started.countDown();
                    while (!release.get()) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException ignored) {
                            // it will not stop
                        }
                    }
                }, SpawnOptions.builder().hangTimeout(Duration.ZERO).build());
                ActorRef polite = sup.spawn(worker());
                stubborn.receive("go", null);
                assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
                long t0 = System.nanoTime();
                sup.shutdown();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3_000);
                assertThat(stubborn.isAlive()).isFalse();
                assertThat(polite.isAlive()).isFalse();
                assertThat(stubborn.diagnostics().runaway()).isTrue();
                assertThat(sup.diagnostics().runaways()).isEqualTo(1);
            } finally {
                release.set(true);
            }
        }

        @Test
        void shouldNotRestartOrEscalateWhileShuttingDown() {
            Supervisor sup = Supervisor.create(config().build());
            Recorder events = record(sup);
            ActorRef a = sup.spawn(worker());
            ActorRef b = sup.spawn(worker());
            a.link(b);
            sup.shutdown();
            assertThat(sup.diagnostics().restarts()).isZero();
            assertThat(reason(a)).isEqualTo("shutdown");
            assertThat(reason(b)).isEqualTo("shutdown");
            assertThat(events.data("ESCALATED")).isEmpty();
            assertThat(events.data("EXIT")).isEmpty();
        }
    }
}
