package dev.future;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.future.SupervisionTest.await;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.future.SupervisionTest.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random sequences of supervision operations over nested groups, checked against a simple model
 * once the system has quiesced (QuickTheories; each example is small and the run bounded).
 *
 * <p>The groups: the root (one-for-one), a top-level group (one-for-one) holding a nested
 * one-for-all group holding a nested rest-for-one group; every budget is generous (1000 restarts,
 * no backoff) so nothing escalates. Actors are permanent or temporary. Under that model a
 * permanent actor is alive unless the test terminated it; a temporary one may have died of a
 * crash, a link or a strategy stop; a terminated one is dead and stays dead; and a monitor delivers
 * at most one DOWN per (watcher, target), exactly one when the target is dead and the watcher alive.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SupervisionPropertyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    enum Kind { SPAWN, CRASH, TERMINATE, LINK, MONITOR }

    /** One operation; {@code a} and {@code b} pick actors (modulo how many exist), {@code group} a group. */
    record Op(Kind kind, int a, int b, int group, boolean temporary) {
        @Override
        public String toString() {
            return switch (kind) {
                case SPAWN -> "spawn(" + (temporary ? "temporary" : "permanent") + " in g" + group + ")";
                case CRASH -> "crash(" + a + ")";
                case TERMINATE -> "terminate(" + a + ")";
                case LINK -> "link(" + a + "," + b + ")";
                case MONITOR -> "monitor(" + a + " watches " + b + ")";
            };
        }
    }

    static Gen<Op> op() {
        Gen<Kind> kinds = Generate.frequency(List.of(
                org.quicktheories.api.Pair.of(3, Generate.constant(Kind.SPAWN)),
                org.quicktheories.api.Pair.of(3, Generate.constant(Kind.CRASH)),
                org.quicktheories.api.Pair.of(1, Generate.constant(Kind.TERMINATE)),
                org.quicktheories.api.Pair.of(2, Generate.constant(Kind.LINK)),
                org.quicktheories.api.Pair.of(2, Generate.constant(Kind.MONITOR))));
        return kinds.zip(Generate.range(0, 15), Generate.range(0, 15), Generate.range(0, 3), Generate.booleans(),
                Op::new);
    }

    @Test
    void randomOperationsKeepTheSupervisionInvariants() {
        // a few actors to start with, then a random mix of operations
        Gen<Op> spawn = op().map(o -> new Op(Kind.SPAWN, o.a(), o.b(), o.group(), o.temporary()));
        qt().withExamples(50)
                .withShrinkCycles(20)
                .forAll(lists().of(spawn).ofSizeBetween(3, 6), lists().of(op()).ofSizeBetween(6, 20))
                .checkAssert((setup, ops) -> {
                    List<Op> all = new ArrayList<>(setup);
                    all.addAll(ops);
                    check(all);
                });
    }

    /** The live actors and their events, as the test drives them. */
    private static final class World {
        final List<ActorRef> refs = new ArrayList<>();
        final Map<ActorId, Recorder> events = new HashMap<>();
        final Set<ActorId> temporary = new HashSet<>();
        final Set<ActorId> terminated = new LinkedHashSet<>();
        /** (watcher, target) pairs asked for, in order. */
        final Set<List<ActorId>> monitors = new LinkedHashSet<>();
    }

    static void check(List<Op> ops) {
        Retry generous = Retry.fixed(1000, Duration.ZERO);
        try (Supervisor sup = Supervisor.create(SupervisorConfig.builder().retry(generous).build())) {
            Group top = sup.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, generous));
            Group all = top.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL, generous));
            Group rest = all.createGroup(GroupConfig.of(Strategy.REST_FOR_ONE, generous));
            List<Group> groups = List.of(sup.root(), top, all, rest);
            World w = new World();
            for (Op op : ops) {
                apply(op, w, groups);
                // a stopped actor is never alive again, whatever happened since
                for (ActorRef r : w.refs) {
                    if (w.terminated.contains(r.id())) {
                        assertThat(r.isAlive()).as("terminated %s alive again after %s", r, op).isFalse();
                    }
                }
            }
            quiesce(sup, w);
            verify(sup, w);
        }
    }

    private static void apply(Op op, World w, List<Group> groups) {
        if (op.kind() == Kind.SPAWN) {
            ActorRef r = groups.get(op.group()).spawn(SupervisionTest.worker(),
                    SpawnOptions.builder().restart(op.temporary() ? Restart.TEMPORARY : Restart.PERMANENT).build());
            w.refs.add(r);
            w.events.put(r.id(), SupervisionTest.record(r));
            if (op.temporary()) {
                w.temporary.add(r.id());
            }
            return;
        }
        if (w.refs.isEmpty()) {
            return;
        }
        ActorRef a = w.refs.get(op.a() % w.refs.size());
        ActorRef b = w.refs.get(op.b() % w.refs.size());
        switch (op.kind()) {
            case CRASH -> a.receive("crash", null);
            case TERMINATE -> {
                a.terminate();
                w.terminated.add(a.id());
                try {
                    assertThat(a.awaitTermination(WAIT)).as("%s ends after terminate", a).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            case LINK -> {
                if (a != b && a.isAlive() && b.isAlive()) {
                    a.link(b);
                }
            }
            case MONITOR -> {
                if (a != b && w.monitors.add(List.of(a.id(), b.id()))) {
                    a.monitor(b);
                }
            }
            case SPAWN -> throw new AssertionError("handled above");
        }
    }

    /** Waits until every actor is idle or dead with an empty mailbox, and each live one answers a ping. */
    private static void quiesce(Supervisor sup, World w) {
        try {
            await().atMost(WAIT).until(() -> w.refs.stream().allMatch(r -> settled(r)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder b = new StringBuilder("the system did not quiesce:");
            for (ActorRef r : w.refs) {
                ActorDiagnostics d = r.diagnostics();
                b.append("\n  ").append(r.id()).append(' ').append(d.state()).append(" #").append(d.incarnation())
                        .append(" group=").append(d.group()).append(" queued=").append(d.mailboxDepth())
                        .append(" reason=").append(d.terminationReason().orElse("-"))
                        .append(" links=").append(d.links());
            }
            throw new AssertionError(b.toString(), e);
        }
        for (ActorRef r : w.refs) {
            if (r.isAlive()) {
                try {
                    SupervisionTest.ping(r);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    ActorDiagnostics d = r.diagnostics();
                    throw new AssertionError("no pong from " + r.id() + " " + d.state() + " #" + d.incarnation()
                            + " queued=" + d.mailboxDepth() + " handled=" + d.messageCount() + " restarts="
                            + d.restarts() + " lastCrash=" + d.lastCrash().orElse("-"), e);
                }
            }
        }
        await().atMost(WAIT).until(() -> w.refs.stream().allMatch(r -> settled(r))
                && sup.diagnostics().activeActors() == w.refs.stream().filter(ActorRef::isAlive).count());
    }

    private static boolean settled(ActorRef r) {
        ActorState s = r.state();
        // A dead actor's mailboxDepth is not checked: a send racing its mailbox being closed can
        // leave one message counted there for good (a known runtime gap, reported, not fixed here).
        return s == ActorState.TERMINATED || s == ActorState.IDLE && r.diagnostics().mailboxDepth() == 0;
    }

    private static void verify(Supervisor sup, World w) {
        int model = 0;
        for (ActorRef r : w.refs) {
            boolean stopped = w.terminated.contains(r.id());
            if (!stopped) {
                model++;
            }
            if (stopped) {
                assertThat(r.isAlive()).as("%s was terminated", r).isFalse();
                assertThat(r.state()).isEqualTo(ActorState.TERMINATED);
            } else if (!w.temporary.contains(r.id())) {
                assertThat(r.isAlive()).as("permanent %s (%s)", r, r.diagnostics().terminationReason()).isTrue();
            }
            if (!r.isAlive()) {
                assertThat(r.state()).as("%s is dead", r).isEqualTo(ActorState.TERMINATED);
                assertThat(r.diagnostics().terminationReason()).as("%s has a reason", r).isPresent();
            }
        }
        long alive = w.refs.stream().filter(ActorRef::isAlive).count();
        assertThat(alive).as("live actors never exceed the model").isLessThanOrEqualTo(model);
        assertThat(sup.diagnostics().activeActors()).isEqualTo((int) alive);

        Map<ActorId, ActorRef> byId = new HashMap<>();
        w.refs.forEach(r -> byId.put(r.id(), r));
        // exactly one DOWN where it is owed (subscriber delivery is asynchronous: wait for it first)
        for (List<ActorId> pair : w.monitors) {
            ActorRef watcher = byId.get(pair.get(0));
            ActorRef target = byId.get(pair.get(1));
            if (watcher.isAlive() && !target.isAlive()) {
                Recorder events = w.events.get(watcher.id());
                await().atMost(WAIT).until(() -> downs(events, target.id()).size() >= 1);
            }
        }
        for (List<ActorId> pair : w.monitors) {
            ActorRef watcher = byId.get(pair.get(0));
            ActorRef target = byId.get(pair.get(1));
            List<Down> got = downs(w.events.get(watcher.id()), target.id());
            assertThat(got).as("DOWNs of %s seen by %s", target, watcher).hasSizeLessThanOrEqualTo(1);
            if (target.isAlive()) {
                assertThat(got).as("%s is alive: no DOWN to %s", target, watcher).isEmpty();
            } else if (watcher.isAlive()) {
                assertThat(got).as("%s is dead: one DOWN to %s", target, watcher).hasSize(1);
                assertThat(got.get(0).reason()).isIn(target.diagnostics().terminationReason().orElseThrow(), "noproc");
            }
        }
    }

    private static List<Down> downs(Recorder events, ActorId target) {
        return events.data("DOWN").stream().map(Down.class::cast).filter(d -> d.id().equals(target)).toList();
    }
}
