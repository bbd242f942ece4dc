package dev.future;

import static dev.future.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.future.TestSupport.Recorder;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tier 2 as actors and main-thread code see it: writes, shares, reads, references, leases. */
@Timeout(30)
class TierTwoTest {

    record Job(String id, int size) {}

    Supervisor supervisor;

    @BeforeEach
    void start() {
        supervisor = Supervisor.create(SupervisorConfig.builder().memory(4, "64kb").retry(Retry.none()).build());
    }

    @AfterEach
    void stop() {
        supervisor.close();
    }

    int boxesInUse() {
        return supervisor.diagnostics().memoryPool().boxesInUse();
    }

    @Nested
    class OwnerShare {
        @Test
        void shouldDeliverACommitToTheWritersSubscribersWhoReadAndRelease() {
            AtomicReference<Object> read = new AtomicReference<>();
            ActorRef writer = supervisor.spawn((self, msg, ctx) -> ctx.write(Write.json("result", new Job("j-1", 3))));
            writer.subscribe(m -> {
                if (m.hasHandle()) {
                    try (Reader r = writer.read(m).orElseThrow()) {
                        read.set(r.json(Job.class));
                    }
                }
            });
            writer.receive("go", null);
            eventually().until(() -> read.get() != null);
            assertThat(read.get()).isEqualTo(new Job("j-1", 3));
            eventually().until(() -> boxesInUse() == 0);
        }

        @Test
        void shouldGiveBackADeliveryNeverRead() {
            Recorder rec = new Recorder();
            ActorRef writer = supervisor.spawn((self, msg, ctx) -> ctx.write(Write.string("log", "hello")));
            writer.subscribe(rec);
            supervisor.subscribe(m -> {});
            writer.receive("go", null);
            rec.awaitFirst("log");
            eventually().until(() -> boxesInUse() == 0);
        }

        @Test
        void shouldNotDeliverToOtherActors() {
            List<Message> got = new CopyOnWriteArrayList<>();
            ActorRef other = supervisor.spawn((self, msg, ctx) -> got.add(msg));
            ActorRef writer = supervisor.spawn((self, msg, ctx) -> {
                ctx.write(Write.string("secret", "x"));
                other.receive("done", null);
            });
            writer.receive("go", null);
            eventually().until(() -> !got.isEmpty());
            assertThat(got).extracting(Message::msg).containsExactly("done");
        }
    }

    @Nested
    class Shares {
        @Test
        void shouldReachEveryOtherMemberOfTheWritersGroup() {
            Group team = supervisor.createGroup(GroupConfig.of(Strategy.ONE_FOR_ONE, Retry.none()));
            List<String> reads = new CopyOnWriteArrayList<>();
            Actor reader = (self, msg, ctx) -> {
                if (msg.hasHandle()) {
                    try (Reader r = ctx.read(msg).orElseThrow()) {
                        reads.add(self.id() + ":" + r.json(Map.class).get("team"));
                    }
                }
            };
            team.spawn(reader);
            team.spawn(reader);
            ActorRef outsider = supervisor.spawn(reader);
            ActorRef writer = team.spawn((self, msg, ctx) ->
                    ctx.write(Write.json("shared", Map.of("team", true, "value", 99)).share(Share.GROUP)));
            writer.receive("go", null);
            eventually().until(() -> reads.size() == 2);
            assertThat(reads).noneMatch(r -> r.startsWith(outsider.id() + ":"));
            eventually().until(() -> boxesInUse() == 0);
        }

        @Test
        void shouldReachLinkedAndMonitoringActorsUnderLinked() {
            List<ActorId> readers = new CopyOnWriteArrayList<>();
            Actor reader = (self, msg, ctx) -> {
                if (msg.hasHandle() && ctx.read(msg).isPresent()) {
                    readers.add(self.id());
                }
            };
            ActorRef linked = supervisor.spawn(reader);
            ActorRef watcher = supervisor.spawn(reader);
            ActorRef stranger = supervisor.spawn(reader);
            ActorRef writer = supervisor.spawn((self, msg, ctx) -> ctx.write(Write.cbor("data", new Job("c", 1))
                    .share(Share.LINKED)));
            writer.link(linked);
            watcher.monitor(writer);
            writer.receive("go", null);
            eventually().until(() -> readers.size() == 2);
            assertThat(readers).containsExactlyInAnyOrder(linked.id(), watcher.id());
            assertThat(readers).doesNotContain(stranger.id());
        }

        @Test
        void shouldReachExactlyTheNamedActors() {
            List<ActorId> readers = new CopyOnWriteArrayList<>();
            Actor reader = (self, msg, ctx) -> {
                if (msg.hasHandle()) {
                    ctx.read(msg).ifPresent(r -> {
                        readers.add(self.id());
                        r.close();
                    });
                }
            };
            ActorRef a = supervisor.spawn(reader);
            ActorRef b = supervisor.spawn(reader);
            ActorRef c = supervisor.spawn(reader);
            ActorRef writer = supervisor.spawn((self, msg, ctx) ->
                    ctx.write(Write.binary("blob", new byte[] {1, 2, 3}).share(Share.of(a.id(), c.id()))));
            writer.receive("go", null);
            eventually().until(() -> readers.size() == 2);
            assertThat(readers).containsExactlyInAnyOrder(a.id(), c.id()).doesNotContain(b.id());
        }
    }

    @Nested
    class Refusals {
        @Test
        void shouldRefuseAStaleHandleAfterTheBoxIsFree() {
            AtomicReference<Handle> handle = new AtomicReference<>();
            ActorRef writer = supervisor.spawn((self, msg, ctx) ->
                    handle.set(ctx.write(Write.string("x", "hello world")).value()));
            writer.receive("go", null);
            eventually().until(() -> handle.get() != null && boxesInUse() == 0);
            Message stale = new Message("x", FmtType.STRING, null, handle.get(), writer.id());
            assertThat(supervisor.read(stale)).isEmpty();
            supervisor.release(handle.get());
            assertThat(supervisor.diagnostics().denied()).isGreaterThanOrEqualTo(1);
        }

        @Test
        void shouldRefuseAForgedHandle() {
            Message forged = new Message("x", FmtType.STRING, null, new Handle(99, 1), ActorId.SYSTEM);
            assertThat(supervisor.read(forged)).isEmpty();
        }

        @Test
        void shouldRefuseAReaderTheWriterDidNotShareWith() {
            AtomicReference<Optional<Reader>> attempt = new AtomicReference<>();
            CountDownLatch written = new CountDownLatch(1);
            AtomicReference<Handle> handle = new AtomicReference<>();
            ActorRef snoop = supervisor.spawn((self, msg, ctx) -> attempt.set(ctx.read(
                    new Message("x", FmtType.STRING, null, handle.get(), ActorId.SYSTEM))));
            ActorRef writer = supervisor.spawn((self, msg, ctx) -> {
                handle.set(ctx.write(Write.string("x", "private")).value());
                written.countDown();
            });
            // keep the box READY: a main-thread subscriber holds its delivery
            CountDownLatch hold = new CountDownLatch(1);
            writer.subscribe(m -> {
                if (m.hasHandle()) {
                    writer.read(m); // read (held) and never closed during the test
                    hold.countDown();
                }
            });
            writer.receive("go", null);
            eventually().until(() -> hold.getCount() == 0);
            snoop.receive("try", null);
            eventually().until(() -> attempt.get() != null);
            assertThat(attempt.get()).isEmpty();
        }

        @Test
        void shouldReturnErrNamingBothSizesForAnOversizeWrite() {
            AtomicReference<Result<Handle>> result = new AtomicReference<>();
            ActorRef writer = supervisor.spawn((self, msg, ctx) ->
                    result.set(ctx.write(Write.binary("big", new byte[100_000]))));
            writer.receive("go", null);
            eventually().until(() -> result.get() != null);
            assertThat(result.get().error()).contains("100000").contains("65536");
            assertThat(boxesInUse()).isZero();
        }
    }

    @Nested
    class InPlace {
        @Test
        void shouldFillInPlaceAndHandOverAReadOnlyView() {
            List<Long> sums = new CopyOnWriteArrayList<>();
            AtomicReference<Throwable> writeAttempt = new AtomicReference<>();
            ActorRef reader = supervisor.spawn((self, msg, ctx) -> {
                try (Reader r = ctx.read(msg).orElseThrow()) {
                    MemorySegment seg = r.segment();
                    long sum = 0;
                    for (long i = 0; i < seg.byteSize(); i++) {
                        sum += seg.get(ValueLayout.JAVA_BYTE, i);
                    }
                    sums.add(sum);
                    try {
                        seg.set(ValueLayout.JAVA_BYTE, 0, (byte) 9);
                    } catch (RuntimeException e) {
                        writeAttempt.set(e);
                    }
                    assertThatThrownBy(() -> r.buffer().put((byte) 1))
                            .isInstanceOf(java.nio.ReadOnlyBufferException.class);
                }
            });
            ActorRef writer = supervisor.spawn((self, msg, ctx) ->
                    ctx.write("frame", FmtType.BINARY, Share.of(reader), 1000, seg -> seg.fill((byte) 2)));
            writer.receive("go", null);
            eventually().until(() -> !sums.isEmpty());
            assertThat(sums).containsExactly(2000L);
            assertThat(writeAttempt.get()).isNotNull();
        }

        @Test
        void shouldNeverLeakStaleBytesIntoAShorterWrite() {
            try (Supervisor one = Supervisor.create(SupervisorConfig.builder().memory(1, "1kb").build())) {
                List<String> seen = new CopyOnWriteArrayList<>();
                ActorRef writer = one.spawn((self, msg, ctx) -> ctx.write(Write.string("t", (String) msg.data())));
                writer.subscribe(m -> {
                    if (m.hasHandle()) {
                        try (Reader r = writer.read(m).orElseThrow()) {
                            seen.add(r.string());
                        }
                    }
                });
                writer.receive("w", "hello world");
                eventually().until(() -> seen.size() == 1 && one.diagnostics().memoryPool().boxesInUse() == 0);
                writer.receive("w", "hi");
                eventually().until(() -> seen.size() == 2);
                assertThat(seen).containsExactly("hello world", "hi");
            }
        }
    }

    @Nested
    class Leases {
        @Test
        void shouldKillAWriterStillWritingWhenItsLeaseExpires() {
            try (Supervisor s = Supervisor.create(SupervisorConfig.builder().memory(2, "1kb").retry(Retry.none())
                    .actorLease("slow-writer", Duration.ofMillis(150)).build())) {
                ActorRef writer = s.spawn((self, msg, ctx) -> ctx.write("x", FmtType.BINARY, Share.OWNER, 10, seg -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }), SpawnOptions.builder().name("slow-writer").build());
                writer.receive("go", null);
                eventually().until(() -> !writer.isAlive());
                assertThat(writer.diagnostics().terminationReason()).contains("lease_expired");
                eventually().until(() -> s.diagnostics().memoryPool().boxesInUse() == 0);
            }
        }

        @Test
        void shouldForceFreeAReadyBoxHeldPastItsLease() {
            try (Supervisor s = Supervisor.create(SupervisorConfig.builder().memory(2, "1kb")
                    .defaultLease(Duration.ofMillis(150)).build())) {
                ActorRef writer = s.spawn((self, msg, ctx) -> ctx.write(Write.string("x", "held")));
                writer.subscribe(m -> {
                    if (m.hasHandle()) {
                        writer.read(m); // read and never closed
                    }
                });
                writer.receive("go", null);
                eventually().until(() -> s.diagnostics().memoryPool().boxesInUse() == 1);
                eventually().until(() -> s.diagnostics().memoryPool().boxesInUse() == 0);
                assertThat(s.diagnostics().memoryPool().leaseExpiries()).isGreaterThanOrEqualTo(1);
            }
        }

        @Test
        void shouldReturnErrNamingTheWaitWhenNoBoxFreesUp() {
            try (Supervisor s = Supervisor.create(SupervisorConfig.builder().memory(1, "1kb")
                    .writeTimeout(Duration.ofMillis(100)).build())) {
                AtomicReference<Result<Handle>> second = new AtomicReference<>();
                ActorRef holder = s.spawn((self, msg, ctx) -> ctx.write(Write.string("x", "first")));
                holder.subscribe(m -> {
                    if (m.hasHandle()) {
                        holder.read(m); // keeps the only box
                    }
                });
                holder.receive("go", null);
                eventually().until(() -> s.diagnostics().memoryPool().boxesInUse() == 1);
                ActorRef late = s.spawn((self, msg, ctx) -> second.set(ctx.write(Write.string("y", "second"))));
                late.receive("go", null);
                eventually().until(() -> second.get() != null);
                assertThat(second.get().error()).contains("PT0.1S");
            }
        }
    }

    @Test
    void shouldFreeEveryBoxOnceEveryActorHasStopped() {
        Supervisor s = Supervisor.create(SupervisorConfig.builder().memory(4, "1kb").build());
        ActorRef reader = s.spawn((self, msg, ctx) -> ctx.read(msg)); // reads and never closes
        ActorRef writer = s.spawn((self, msg, ctx) -> ctx.write(Write.string("x", "data").share(Share.of(reader))));
        writer.receive("go", null);
        eventually().until(() -> reader.diagnostics().messageCount() == 1);
        reader.terminate();
        eventually().until(() -> s.diagnostics().memoryPool().boxesInUse() == 0);
        s.close();
    }
}
