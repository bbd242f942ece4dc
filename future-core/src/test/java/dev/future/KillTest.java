package dev.future;

import static dev.future.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.future.TestSupport.Recorder;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(30)
class KillTest {

    Supervisor supervisor;

    @BeforeEach
    void start() {
        supervisor = Supervisor.create(SupervisorConfig.builder().killGrace(Duration.ofMillis(100))
                .retry(Retry.none()).build());
    }

    @AfterEach
    void stop() {
        supervisor.close();
    }

    /** A blocking call that only an interrupt ends. */
    interface Blocker {
        void block() throws Exception;
    }

    static Stream<Arguments> blockingCalls() {
        Object monitor = new Object();
        ReentrantLock held = new ReentrantLock();
        Thread.ofPlatform().daemon().start(() -> {
            held.lock();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // held for the whole run
            }
        });
        return Stream.of(
                Arguments.of("sleep", (Blocker) () -> Thread.sleep(60_000)),
                Arguments.of("Object.wait", (Blocker) () -> {
                    synchronized (monitor) {
                        monitor.wait();
                    }
                }),
                Arguments.of("BlockingQueue.take", (Blocker) () -> new LinkedBlockingQueue<>().take()),
                Arguments.of("CompletableFuture.get", (Blocker) () -> new CompletableFuture<>().get()),
                Arguments.of("lockInterruptibly", (Blocker) () -> {
                    eventually().until(held::isLocked);
                    held.lockInterruptibly();
                }),
                Arguments.of("socket read", (Blocker) () -> {
                    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                            Socket accepted = server.accept();
                            InputStream in = client.getInputStream()) {
                        // the peer stays silent: the read blocks until the interrupt closes the socket
                        assertThat(accepted.isConnected()).isTrue();
                        in.read();
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blockingCalls")
    void shouldEndAnActorBlockedIn(String what, Blocker blocker) throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        ActorRef a = supervisor.spawn((self, msg, ctx) -> {
            self.send("blocking");
            try {
                blocker.block();
            } catch (InterruptedException | java.net.SocketException e) {
                interrupted.set(true);
                throw e;
            }
        });
        Recorder rec = new Recorder();
        a.subscribe(rec);
        a.receive("go", null);
        rec.awaitFirst("blocking");
        eventually().until(() -> a.state() == ActorState.BUSY);
        a.terminate();
        assertThat(a.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(a.diagnostics().terminationReason()).contains("terminated");
        assertThat(a.diagnostics().runaway()).as("ended by its interrupt, not fenced").isFalse();
        assertThat(supervisor.diagnostics().runaways()).isZero();
        assertThat(interrupted).isTrue();
    }

    @Nested
    class Cancellation {
        @Test
        void shouldTurnIsCancelledTrueAndRefuseLaterCalls() throws Exception {
            AtomicReference<ActorContext> seen = new AtomicReference<>();
            AtomicReference<Throwable> afterKill = new AtomicReference<>();
            AtomicBoolean cancelledSeen = new AtomicBoolean();
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {
                seen.set(ctx);
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    cancelledSeen.set(ctx.isCancelled());
                    try {
                        self.send("after");
                    } catch (Throwable t) {
                        afterKill.set(t);
                    }
                }
            });
            a.receive("go", null);
            eventually().until(() -> seen.get() != null);
            a.terminate();
            eventually().until(() -> !a.isAlive());
            assertThat(cancelledSeen).isTrue();
            assertThat(afterKill.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("terminated");
            assertThat(seen.get().isCancelled()).isTrue();
            assertThatThrownBy(() -> seen.get().heartbeat()).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void shouldEndWithNormalOnCtxTerminateAndNotRestart() throws Exception {
            try (Supervisor s = Supervisor.create(TestSupport.fast().build())) {
                ActorRef a = s.spawn((self, msg, ctx) -> ctx.terminate());
                a.receive("bye", null);
                eventually().until(() -> !a.isAlive());
                assertThat(a.diagnostics().terminationReason()).contains("normal");
                assertThat(a.diagnostics().incarnation()).isEqualTo(1);
            }
        }

        @Test
        void shouldNotLetAKillsInterruptReachOtherActorsRunningOnItsThreadLater() throws Exception {
            // drainer threads are reused: the interrupt aimed at a killed handler must stay with it
            CopyOnWriteArrayList<Throwable> strayInterrupts = new CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicInteger naps = new java.util.concurrent.atomic.AtomicInteger();
            List<ActorRef> sleepers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sleepers.add(supervisor.spawn((self, msg, ctx) -> {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        strayInterrupts.add(e);
                    }
                    naps.incrementAndGet();
                }));
            }
            int rounds = 30;
            for (int round = 0; round < rounds; round++) {
                AtomicBoolean blocked = new AtomicBoolean();
                ActorRef victim = supervisor.spawn((self, msg, ctx) -> {
                    blocked.set(true);
                    Thread.sleep(60_000);
                });
                victim.receive("go", null);
                eventually().until(blocked::get);
                victim.terminate();
                for (ActorRef s : sleepers) {
                    s.receive("nap", null);
                }
                assertThat(victim.awaitTermination(Duration.ofSeconds(5))).isTrue();
            }
            eventually().until(() -> naps.get() == rounds * sleepers.size());
            assertThat(strayInterrupts).isEmpty();
            assertThat(sleepers).allMatch(ActorRef::isAlive);
        }

        @Test
        void shouldNeverTakeAnActorKilledBetweenShortHandlersForARunaway() throws Exception {
            // the kill races with handlers entering and leaving: whichever side sees the other, the
            // actor must end promptly, never wait out its grace and be fenced as a runaway
            try (Supervisor s = Supervisor.create(SupervisorConfig.builder().killGrace(Duration.ofSeconds(20))
                    .retry(Retry.none()).build())) {
                int actors = 300;
                List<ActorRef> refs = new java.util.ArrayList<>();
                for (int i = 0; i < actors; i++) {
                    refs.add(s.spawn((self, msg, ctx) -> self.send("tick")));
                }
                for (ActorRef r : refs) {
                    for (int m = 0; m < 50; m++) {
                        r.receive("m", null);
                    }
                }
                long t0 = System.nanoTime();
                for (ActorRef r : refs) {
                    r.terminate();
                }
                for (ActorRef r : refs) {
                    assertThat(r.awaitTermination(Duration.ofSeconds(10))).isTrue();
                }
                long took = System.nanoTime() - t0;
                assertThat(s.diagnostics().runaways()).isZero();
                assertThat(java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(took))
                        .as("no kill waited out the 20 s grace").isLessThan(10);
            }
        }

        @Test
        void shouldKillAnIdleActorAtOnce() throws Exception {
            ActorRef a = supervisor.spawn((self, msg, ctx) -> {});
            assertThat(supervisor.terminateActor(a.id())).isTrue();
            eventually().until(() -> !a.isAlive());
            assertThat(supervisor.terminateActor(a.id())).isFalse();
            a.terminate(); // a no-op
            assertThat(a.diagnostics().terminationReason()).contains("terminated");
        }
    }

    @Nested
    class Runaways {
        @Test
        void shouldDeclareASpinningActorDeadFenceItAndKeepItsStack() throws Exception {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<ActorSelf> self = new AtomicReference<>();
            List<Throwable> refused = new CopyOnWriteArrayList<>();
            Recorder rec = new Recorder();
            ActorRef other = supervisor.spawn((s, msg, ctx) -> s.send("got", msg.msg()));
            other.subscribe(rec);
            ActorRef spinner = supervisor.spawn((s, msg, ctx) -> {
                self.set(s);
                while (!stop.get()) {
                    Thread.onSpinWait(); // a CPU loop: nothing an interrupt can end
                }
                other.receive("from-runaway", null); // dropped: it is fenced
                try {
                    s.send("late");
                } catch (Throwable t) {
                    refused.add(t);
                }
            }, SpawnOptions.builder().name("spinner").build());
            spinner.receive("spin", null);
            eventually().until(() -> spinner.state() == ActorState.BUSY);
            long t0 = System.nanoTime();
            spinner.terminate();
            assertThat(spinner.awaitTermination(Duration.ofSeconds(5))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            ActorDiagnostics d = spinner.diagnostics();
            assertThat(d.runaway()).isTrue();
            assertThat(d.runawayStack().orElseThrow()).contains("KillTest");
            SupervisorDiagnostics sd = supervisor.diagnostics();
            assertThat(sd.runaways()).isEqualTo(1);
            assertThat(sd.runawayDetails()).extracting(SupervisorDiagnostics.Runaway::name).containsExactly("spinner");
            // the runaway ends its loop later: everything it tries is refused or dropped
            stop.set(true);
            eventually().until(() -> !refused.isEmpty());
            other.receive("normal", null);
            rec.awaitFirst("got");
            assertThat(rec.withKey("got")).extracting(Message::data).containsExactly("normal");
        }

        @Test
        void shouldFenceAtOnceWithAZeroGrace() throws Exception {
            try (Supervisor s = Supervisor.create(SupervisorConfig.builder().killGrace(Duration.ZERO).build())) {
                AtomicBoolean stop = new AtomicBoolean();
                ActorRef spinner = s.spawn((self, msg, ctx) -> {
                    while (!stop.get()) {
                        Thread.onSpinWait();
                    }
                });
                spinner.receive("spin", null);
                eventually().until(() -> spinner.state() == ActorState.BUSY);
                spinner.terminate();
                assertThat(spinner.awaitTermination(Duration.ofSeconds(2))).isTrue();
                stop.set(true);
            }
        }
    }

    @Nested
    class HangWatchdog {
        @Test
        void shouldKillAHandlerBusyPastItsHangTimeout() throws Exception {
            Recorder rec = new Recorder();
            supervisor.subscribe(rec);
            ActorRef hung = supervisor.spawn((self, msg, ctx) -> Thread.sleep(60_000),
                    SpawnOptions.builder().hangTimeout(Duration.ofMillis(150)).build());
            long t0 = System.nanoTime();
            hung.receive("go", null);
            assertThat(hung.awaitTermination(Duration.ofSeconds(5))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(hung.diagnostics().terminationReason()).contains("timeout");
            assertThat(rec.awaitFirst("DOWN").data(Down.class)).isEqualTo(new Down(hung.id(), "timeout"));
        }

        @Test
        void shouldSpareAHandlerThatHeartbeats() throws Exception {
            Recorder rec = new Recorder();
            ActorRef worker = supervisor.spawn((self, msg, ctx) -> {
                for (int i = 0; i < 10; i++) {
                    Thread.sleep(40);
                    ctx.heartbeat();
                }
                self.send("done");
            }, SpawnOptions.builder().hangTimeout(Duration.ofMillis(150)).build());
            worker.subscribe(rec);
            worker.receive("go", null);
            rec.awaitFirst("done");
            assertThat(worker.isAlive()).isTrue();
        }

        @Test
        void shouldNeverKillAnIdleActor() throws Exception {
            ActorRef idle = supervisor.spawn((self, msg, ctx) -> {},
                    SpawnOptions.builder().hangTimeout(Duration.ofMillis(20)).build());
            eventually().during(Duration.ofMillis(200)).until(idle::isAlive);
        }

        @Test
        void shouldBeDisabledByAZeroTimeout() throws Exception {
            try (Supervisor s = Supervisor.create(SupervisorConfig.builder().hangTimeout(Duration.ZERO).build())) {
                Recorder rec = new Recorder();
                ActorRef slow = s.spawn((self, msg, ctx) -> {
                    Thread.sleep(300);
                    self.send("done");
                });
                slow.subscribe(rec);
                slow.receive("go", null);
                rec.awaitFirst("done");
                assertThat(slow.isAlive()).isTrue();
            }
        }

        @Test
        void shouldApplyTheSupervisorDefaultWhenNoOverrideIsGiven() throws Exception {
            try (Supervisor s = Supervisor.create(SupervisorConfig.builder().hangTimeout(Duration.ofMillis(100))
                    .retry(Retry.none()).build())) {
                ActorRef hung = s.spawn((self, msg, ctx) -> Thread.sleep(60_000));
                hung.receive("go", null);
                assertThat(hung.awaitTermination(Duration.ofSeconds(5))).isTrue();
                assertThat(hung.diagnostics().terminationReason()).contains("timeout");
            }
        }
    }
}
