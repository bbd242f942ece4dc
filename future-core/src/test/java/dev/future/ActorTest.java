package dev.future;

import static dev.future.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.future.TestSupport.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ActorTest {

    Supervisor supervisor;

    @BeforeEach
    void start() {
        supervisor = Supervisor.create(TestSupport.fast().build());
    }

    @AfterEach
    void stop() {
        supervisor.close();
    }

    @Nested
    class Spawning {
        @Test
        void shouldGiveEveryActorAUniqueId() throws Exception {
            Set<ActorId> ids = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 100; i++) {
                ids.add(supervisor.spawn((self, msg, ctx) -> {}).id());
            }
            assertThat(ids).hasSize(100);
            assertThat(ids.iterator().next().toString()).startsWith("actor-");
        }

        @Test
        void shouldNotRunTheHandlerUntilAMessageArrives() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            ActorRef a = supervisor.spawn((self, msg, ctx) -> calls.incrementAndGet());
            assertThat(a.state()).isEqualTo(ActorState.IDLE);
            assertThat(calls).hasValue(0);
            a.receive("go", null);
            eventually().until(() -> calls.get() == 1);
        }

        @Test
        void shouldUseTheNameOrTheIdAsName() throws Exception {
            ActorRef named = supervisor.spawn((self, msg, ctx) -> {}, SpawnOptions.builder().name("ingest").build());
            ActorRef unnamed = supervisor.spawn((self, msg, ctx) -> {});
            assertThat(named.name()).isEqualTo("ingest");
            assertThat(unnamed.name()).isEqualTo(unnamed.id().toString());
        }

        @Test
        void shouldSpawnFromAClassWithAFreshInstance() throws Exception {
            Recorder rec = new Recorder();
            ActorRef counter = supervisor.spawn(Counter.class, SpawnOptions.defaults());
            counter.subscribe(rec);
            counter.receive("tick", null);
            counter.receive("tick", null);
            eventually().until(() -> rec.withKey("count").size() == 2);
            assertThat(rec.withKey("count").get(1).data()).isEqualTo(2);
        }

        @Test
        void shouldRefuseAClassWithoutAPublicNoArgConstructor() throws Exception {
            assertThatThrownBy(() -> supervisor.spawn(NoDefaultConstructor.class, SpawnOptions.defaults()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(NoDefaultConstructor.class.getName());
        }

        @Test
        void shouldThrowNamingTheCapWhenMaxActorsAreAlive() throws Exception {
            try (Supervisor small = Supervisor.create(SupervisorConfig.builder().maxActors(3).build())) {
                List<ActorRef> refs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    refs.add(small.spawn((self, msg, ctx) -> {}));
                }
                assertThatThrownBy(() -> small.spawn((self, msg, ctx) -> {}))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("maxActors=3");
                assertThat(small.diagnostics().activeActors()).isEqualTo(3);
                refs.getFirst().terminate();
                eventually().until(() -> !refs.getFirst().isAlive());
                assertThat(small.spawn((self, msg, ctx) -> {})).isNotNull();
            }
        }
    }

    public static final class Counter implements Actor {
        private int count;

        public Counter() {}

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {
            count++;
            self.send("count", count);
        }
    }

    public static final class NoDefaultConstructor implements Actor {
        public NoDefaultConstructor(int x) {
            if (x < 0) {
                throw new IllegalArgumentException();
            }
        }

        @Override
        public void handle(ActorSelf self, Message msg, ActorContext ctx) {}
    }

    @Nested
    class Messaging {
        @Test
        void shouldHandleOneMessageAtATimeInArrivalOrderPerSender() throws Exception {
            AtomicInteger inHandler = new AtomicInteger();
            AtomicInteger maxConcurrent = new AtomicInteger();
            Map<Object, List<Integer>> bySender = new ConcurrentHashMap<>();
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {
                int n = inHandler.incrementAndGet();
                maxConcurrent.accumulateAndGet(n, Math::max);
                @SuppressWarnings("unchecked")
                List<Integer> pair = (List<Integer>) msg.data();
                bySender.computeIfAbsent(pair.get(0), k -> new CopyOnWriteArrayList<>()).add(pair.get(1));
                Thread.onSpinWait();
                inHandler.decrementAndGet();
            });
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                int sender = s;
                senders.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 2000; i++) {
                        a.receive("m", List.of(sender, i));
                    }
                }));
            }
            for (Thread t : senders) {
                t.join();
            }
            eventually().until(() -> bySender.values().stream().mapToInt(List::size).sum() == 8000);
            assertThat(maxConcurrent).hasValue(1);
            for (List<Integer> seq : bySender.values()) {
                for (int i = 0; i < seq.size(); i++) {
                    assertThat(seq.get(i)).isEqualTo(i);
                }
            }
        }

        @Test
        void shouldNeverStrandAMessageWhenADrainerEndsAsAnotherStarts() throws Exception {
            // echo pairs that keep emptying their mailboxes: each reply finds a drainer ending or
            // just ended, the window in which a newly started drainer must not lose the wake-up
            int pairs = 64;
            int batch = 8;
            int rounds = 400;
            CountDownLatch done = new CountDownLatch(pairs);
            for (int p = 0; p < pairs; p++) {
                ActorRef[] echo = new ActorRef[1];
                int[] left = {rounds * batch};
                ActorRef pinger = supervisor.spawn((self, msg, ctx) -> {
                    if (msg.msg().equals("start") || --left[0] % batch == 0) {
                        if (left[0] == 0) {
                            done.countDown();
                            return;
                        }
                        for (int i = 0; i < batch; i++) {
                            echo[0].receive("ping", null);
                        }
                    }
                });
                echo[0] = supervisor.spawn((self, msg, ctx) -> pinger.receive("pong", null));
                pinger.receive("start", null);
            }
            assertThat(done.await(20, TimeUnit.SECONDS))
                    .as("pairs still waiting for a reply: %d of %d", done.getCount(), pairs).isTrue();
        }

        @Test
        void shouldInjectTheRealSenderWhateverTheMessageClaims() throws Exception {
            Recorder rec = new Recorder();
            ActorRef echo = supervisor.spawn((self, msg, ctx) -> self.send("from", msg.from()));
            echo.subscribe(rec);
            ActorRef relay = supervisor.spawn((self, msg, ctx) -> echo.receive(
                    new Message("forged", null, null, null, new ActorId(999_999))));
            echo.receive(new Message("outside", null, null, null, new ActorId(424242)));
            relay.receive("go", null);
            eventually().until(() -> rec.withKey("from").size() == 2);
            assertThat(rec.withKey("from")).extracting(Message::data)
                    .containsExactlyInAnyOrder(ActorId.SYSTEM, relay.id());
            assertThat(rec.withKey("from")).extracting(Message::from).containsOnly(echo.id());
        }

        @Test
        void shouldDeliverSignalsToEverySubscriberAndTheSupervisor() throws Exception {
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            Recorder all = new Recorder();
            ActorRef actor = supervisor.spawn((self, msg, ctx) -> self.send("progress", Map.of("percent", 0.5)));
            actor.subscribe(a);
            actor.subscribe(b);
            supervisor.subscribe(all);
            actor.receive("go", null);
            Message m = a.awaitFirst("progress");
            assertThat(m.data()).isEqualTo(Map.of("percent", 0.5));
            assertThat(m.from()).isEqualTo(actor.id());
            b.awaitFirst("progress");
            all.awaitFirst("progress");
        }

        @Test
        void shouldStopDeliveringOnceASubscriptionIsClosed() throws Exception {
            Recorder rec = new Recorder();
            CountDownLatch second = new CountDownLatch(1);
            ActorRef actor = supervisor.spawn((self, msg, ctx) -> self.send(msg.msg()));
            Subscription sub = actor.subscribe(rec);
            actor.subscribe(m -> {
                if (m.msg().equals("two")) {
                    second.countDown();
                }
            });
            actor.receive("one", null);
            rec.awaitFirst("one");
            sub.close();
            sub.close(); // idempotent
            actor.receive("two", null);
            assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(rec.withKey("two")).isEmpty();
        }

        @Test
        void shouldIsolateAThrowingOrSlowSubscriberFromTheOthersAndTheActor() throws Exception {
            Recorder good = new Recorder();
            CountDownLatch release = new CountDownLatch(1);
            ActorRef actor = supervisor.spawn((self, msg, ctx) -> self.send("n", msg.data()));
            actor.subscribe(m -> {
                throw new IllegalStateException("bad subscriber");
            });
            actor.subscribe(m -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            actor.subscribe(good);
            for (int i = 0; i < 50; i++) {
                actor.receive("x", i);
            }
            eventually().until(() -> good.withKey("n").size() == 50);
            assertThat(actor.diagnostics().messageCount()).isEqualTo(50);
            release.countDown();
        }

        @Test
        void shouldCountMessagesToTheDeadAsDeadLetters() throws Exception {
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {});
            a.terminate();
            eventually().until(() -> !a.isAlive());
            a.receive("late", null);
            assertThat(supervisor.diagnostics().deadLetters()).isGreaterThanOrEqualTo(1);
        }

        @Test
        void shouldConvertTierOneDataWithMessageData() throws Exception {
            record Job(String id, int size) {}
            Message m = Message.of("job", Map.of("id", "j-1", "size", 3));
            assertThat(m.data(Job.class)).isEqualTo(new Job("j-1", 3));
            assertThat(Message.of("x", 5).data(Integer.class)).isEqualTo(5);
            assertThatThrownBy(() -> Message.of("x", "not a job").data(Job.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Job.class.getName());
        }
    }

    @Nested
    class Mailboxes {
        @Test
        void shouldDropTheNewestWhenFullUnderDropNewest() throws Exception {
            CountDownLatch gate = new CountDownLatch(1);
            List<Object> seen = new CopyOnWriteArrayList<>();
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {
                gate.await();
                seen.add(msg.data());
            }, SpawnOptions.builder().mailbox(2, Overflow.DROP_NEWEST).build());
            a.receive("m", 0);
            eventually().until(() -> a.state() == ActorState.BUSY);
            a.receive("m", 1);
            a.receive("m", 2);
            a.receive("m", 3); // dropped: two are queued already
            assertThat(a.diagnostics().mailboxDepth()).isEqualTo(2);
            gate.countDown();
            eventually().until(() -> seen.size() == 3);
            assertThat(seen).containsExactly(0, 1, 2);
            assertThat(supervisor.diagnostics().deadLetters()).isEqualTo(1);
        }

        @Test
        void shouldThrowNamingTheActorAndCapacityUnderFail() throws Exception {
            CountDownLatch gate = new CountDownLatch(1);
            ActorRef a = supervisor.spawn((self, msg, ctx) -> gate.await(),
                    SpawnOptions.builder().name("narrow").mailbox(1, Overflow.FAIL).build());
            a.receive("m", 0);
            eventually().until(() -> a.state() == ActorState.BUSY);
            a.receive("m", 1);
            assertThatThrownBy(() -> a.receive("m", 2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("narrow")
                    .hasMessageContaining("capacity 1");
            gate.countDown();
        }

        @Test
        void shouldWaitForRoomUnderBlock() throws Exception {
            CountDownLatch gate = new CountDownLatch(1);
            List<Object> seen = new CopyOnWriteArrayList<>();
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {
                gate.await();
                seen.add(msg.data());
            }, SpawnOptions.builder().mailbox(1, Overflow.BLOCK).build());
            a.receive("m", 0);
            eventually().until(() -> a.state() == ActorState.BUSY);
            a.receive("m", 1);
            Thread producer = Thread.ofVirtual().start(() -> a.receive("m", 2));
            eventually().during(Duration.ofMillis(100)).until(producer::isAlive);
            gate.countDown();
            producer.join(5000);
            eventually().until(() -> seen.size() == 3);
            assertThat(seen).containsExactly(0, 1, 2);
        }
    }

    @Nested
    class SelectiveReceive {
        @Test
        void shouldWaitForTheNextMessageInsideAHandler() throws Exception {
            Recorder rec = new Recorder();
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {
                if (msg.msg().equals("ask")) {
                    Optional<Message> reply = ctx.receive(Duration.ofSeconds(5));
                    self.send("got", reply.map(Message::msg).orElse("nothing"));
                }
            });
            a.subscribe(rec);
            a.receive("ask", null);
            a.receive("answer", null);
            assertThat(rec.awaitFirst("got").data()).isEqualTo("answer");
        }

        @Test
        void shouldLeaveNonMatchingMessagesQueuedInOrder() throws Exception {
            Recorder rec = new Recorder();
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {
                if (msg.msg().equals("ask")) {
                    Optional<Message> reply = ctx.receive("reply", Duration.ofSeconds(5));
                    self.send("got", reply.orElseThrow().data());
                } else {
                    self.send("later", msg.msg());
                }
            });
            a.subscribe(rec);
            a.receive("ask", null);
            a.receive("a", null);
            a.receive("b", null);
            a.receive("reply", 42);
            a.receive("c", null);
            eventually().until(() -> rec.withKey("later").size() == 3);
            assertThat(rec.withKey("got").getFirst().data()).isEqualTo(42);
            assertThat(rec.withKey("later")).extracting(Message::data).containsExactly("a", "b", "c");
        }

        @Test
        void shouldTimeOutWithAnEmptyResult() throws Exception {
            Recorder rec = new Recorder();
            ActorRef a = supervisor.spawn((self, msg, ctx) ->
                    self.send("got", ctx.receive("never", Duration.ofMillis(50)).isPresent()));
            a.subscribe(rec);
            a.receive("ask", null);
            assertThat(rec.awaitFirst("got").data()).isEqualTo(false);
        }

        @Test
        void shouldNotBeKilledByTheWatchdogWhileWaitingInReceive() throws Exception {
            Recorder rec = new Recorder();
            ActorRef a = supervisor.spawn((self, msg, ctx) ->
                    self.send("got", ctx.receive("late", Duration.ofMillis(400)).isPresent()),
                    SpawnOptions.builder().hangTimeout(Duration.ofMillis(100)).build());
            a.subscribe(rec);
            a.receive("ask", null);
            assertThat(rec.awaitFirst("got").data()).isEqualTo(false);
            assertThat(a.isAlive()).isTrue();
            assertThat(a.diagnostics().incarnation()).isEqualTo(1);
        }
    }

    @Nested
    class Crashes {
        @Test
        void shouldEndTheActorWithTheExceptionAsReasonAndNotReachTheSender() throws Exception {
            try (Supervisor s = Supervisor.create(SupervisorConfig.builder().retry(Retry.none()).build())) {
                Recorder rec = new Recorder();
                ActorRef a = s.spawn((self, msg, ctx) -> {
                    throw new IllegalStateException("boom");
                });
                a.subscribe(rec);
                a.receive("go", null); // does not throw
                Message down = rec.awaitFirst("DOWN");
                assertThat(down.data(Down.class).reason()).isEqualTo("crashed: java.lang.IllegalStateException: boom");
                assertThat(a.isAlive()).isFalse();
                assertThat(a.state()).isEqualTo(ActorState.TERMINATED);
                assertThat(a.diagnostics().terminationReason()).contains("crashed: java.lang.IllegalStateException: boom");
                assertThat(s.diagnostics().recentCrashes()).extracting(SupervisorDiagnostics.Crash::id).contains(a.id());
            }
        }

        @Test
        void shouldRestartByDefaultKeepingTheRef() throws Exception {
            Recorder rec = new Recorder();
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {
                if (msg.msg().equals("crash")) {
                    throw new IllegalStateException("boom");
                }
                self.send("ok", msg.msg());
            });
            a.subscribe(rec);
            a.receive("crash", null);
            a.receive("after", null);
            assertThat(rec.awaitFirst("ok").data()).isEqualTo("after");
            assertThat(rec.withKey("EXIT")).hasSize(1);
            assertThat(a.diagnostics().incarnation()).isEqualTo(2);
            assertThat(a.diagnostics().lastCrash()).contains("crashed: java.lang.IllegalStateException: boom");
        }

        @Test
        void shouldLetFatalErrorsPassThroughWithoutARestart() throws Exception {
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {
                throw new StackOverflowError("deliberate");
            });
            a.receive("go", null);
            eventually().until(() -> !a.isAlive());
            assertThat(a.diagnostics().terminationReason().orElseThrow()).contains("StackOverflowError");
            assertThat(a.diagnostics().restarts()).isZero();
        }
    }

    @Nested
    class Diagnostics {
        @Test
        void shouldFillTheBasicFieldsEvenWithDiagnosticsDisabled() throws Exception {
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {
                ctx.heartbeat();
                ctx.heartbeat();
                ctx.heartbeat();
            }, SpawnOptions.builder().name("worker").build());
            long before = System.currentTimeMillis();
            a.receive("go", null);
            eventually().until(() -> a.diagnostics().messageCount() == 1);
            ActorDiagnostics d = a.diagnostics();
            assertThat(d.id()).isEqualTo(a.id());
            assertThat(d.name()).isEqualTo("worker");
            assertThat(d.isolation()).isEqualTo(Isolation.THREAD);
            assertThat(d.incarnation()).isEqualTo(1);
            assertThat(d.heartbeatCount()).isEqualTo(3);
            assertThat(d.lastHeartbeatAt()).isGreaterThanOrEqualTo(before - 5);
            assertThat(d.lifetimeMs()).isGreaterThanOrEqualTo(0);
            assertThat(d.terminationReason()).isEmpty();
        }

        @Test
        void shouldCountActorsNotIncarnations() throws Exception {
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {
                throw new IllegalStateException("x");
            });
            supervisor.spawn((self, msg, ctx) -> {});
            a.receive("crash", null);
            eventually().until(() -> a.diagnostics().incarnation() == 2);
            SupervisorDiagnostics d = supervisor.diagnostics();
            assertThat(d.totalActorsSpawned()).isEqualTo(2);
            assertThat(d.activeActors()).isEqualTo(2);
            assertThat(d.actors()).hasSize(2);
            assertThat(d.restarts()).isEqualTo(1);
            assertThat(d.memoryPool().poolSize()).isEqualTo(16);
            a.terminate();
            eventually().until(() -> supervisor.diagnostics().totalActorsTerminated() == 1);
            assertThat(supervisor.diagnostics().recentlyTerminated()).extracting(ActorDiagnostics::id).contains(a.id());
        }

        @Test
        void shouldKeepTheTerminationReasonReadableAfterDeath() throws Exception {
            ActorRef a = supervisor.spawn((self, msg, ctx) -> ctx.terminate());
            a.receive("stop", null);
            eventually().until(() -> !a.isAlive());
            assertThat(a.diagnostics().terminationReason()).contains("normal");
            assertThat(a.diagnostics().state()).isEqualTo(ActorState.TERMINATED);
        }
    }

    @Nested
    class Shutdown {
        @Test
        void shouldStopEveryActorAndRefuseNewWork() throws Exception {
            Supervisor s = Supervisor.create();
            List<ActorRef> refs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                refs.add(s.spawn((self, msg, ctx) -> Thread.sleep(60_000)));
            }
            refs.get(3).receive("block", null);
            s.shutdown();
            s.shutdown(); // idempotent
            assertThat(refs).noneMatch(ActorRef::isAlive);
            assertThat(refs.get(3).diagnostics().terminationReason()).contains("shutdown");
            assertThat(s.diagnostics().activeActors()).isZero();
            assertThatThrownBy(() -> s.spawn((self, msg, ctx) -> {}))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
            assertThatThrownBy(() -> s.createGroup(GroupConfig.builder().build()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
            refs.getFirst().receive("late", null); // a silent no-op
        }

        @Test
        void shouldFinishInBoundedTimeEvenWithARunaway() throws Exception {
            Supervisor s = Supervisor.create(SupervisorConfig.builder().killGrace(Duration.ofMillis(50)).build());
            java.util.concurrent.atomic.AtomicBoolean stopSpinning = new java.util.concurrent.atomic.AtomicBoolean();
            ActorRef spinner = s.spawn((self, msg, ctx) -> {
                while (!stopSpinning.get()) {
                    Thread.onSpinWait();
                }
            });
            spinner.receive("spin", null);
            eventually().until(() -> spinner.state() == ActorState.BUSY);
            long t0 = System.nanoTime();
            s.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            assertThat(spinner.isAlive()).isFalse();
            assertThat(s.diagnostics().runaways()).isEqualTo(1);
            stopSpinning.set(true);
        }
    }

    @Nested
    class Values {
        @Test
        void shouldDispatchWithMatch() throws Exception {
            List<String> seen = new ArrayList<>();
            Match.on(Message.of("b")).when("a", m -> seen.add("a")).when("b", m -> seen.add("b"))
                    .otherwise(m -> seen.add("_"));
            Match.on(Message.of("z")).when("a", m -> seen.add("a")).otherwise(m -> seen.add("_"));
            var handler = Match.<Message>handler().when("x", m -> seen.add("x")).otherwise(m -> seen.add("other"));
            handler.accept(Message.of("x"));
            handler.accept(Message.of("y"));
            assertThat(seen).containsExactly("b", "_", "x", "other");
        }

        @Test
        void shouldBehaveAsAResult() throws Exception {
            Result<Integer> ok = Result.ok(2);
            Result<Integer> err = Result.err("nope");
            assertThat(ok.map(x -> x * 2).value()).isEqualTo(4);
            assertThat(ok.andThen(x -> Result.<String>err("bad " + x)).error()).isEqualTo("bad 2");
            assertThat(err.map(x -> x * 2).error()).isEqualTo("nope");
            assertThat(err.orElse(7)).isEqualTo(7);
            assertThatThrownBy(err::value).hasMessageContaining("nope");
            String told = switch (ok) {
                case Result.Ok<Integer>(Integer v) -> "ok " + v;
                case Result.Err<Integer>(String e) -> "err " + e;
            };
            assertThat(told).isEqualTo("ok 2");
        }

        @Test
        void shouldMakeMessages() throws Exception {
            assertThat(Message.of("x").from()).isEqualTo(ActorId.SYSTEM);
            assertThat(Message.of("x").hasHandle()).isFalse();
            assertThat(new Message("f", FmtType.BINARY, null, new Handle(1, 2), ActorId.SYSTEM).hasHandle()).isTrue();
            assertThatThrownBy(() -> Message.of(null)).isInstanceOf(NullPointerException.class);
            assertThat(ActorId.SYSTEM.toString()).isEqualTo("system");
        }
    }
}
