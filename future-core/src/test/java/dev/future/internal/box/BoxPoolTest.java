package dev.future.internal.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Reader;
import dev.future.Result;
import dev.future.internal.util.Sizes;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BoxPoolTest {

    static final Duration LEASE = Duration.ofSeconds(5);
    static final Duration NO_WAIT = Duration.ZERO;
    static final long WRITER = 1;
    static final long READER = 2;
    static final long OTHER = 3;

    final ManualTime time = new ManualTime();
    final List<BoxPool> pools = new ArrayList<>();
    final List<String> expiredWriters = new CopyOnWriteArrayList<>();

    BoxPool pool(int poolSize, long boxSize) {
        BoxPool p = time.pool(poolSize, boxSize, (w, h) -> expiredWriters.add(w + "@" + h.box()));
        pools.add(p);
        return p;
    }

    @AfterEach
    void closePools() {
        pools.forEach(BoxPool::close);
    }

    static Grant grant(BoxPool pool, long writer, long size) {
        return pool.acquire(writer, size, LEASE, NO_WAIT).value();
    }

    static Handle write(BoxPool pool, long writer, byte[] bytes, Long... deliveries) {
        Grant g = grant(pool, writer, bytes.length);
        MemorySegment.copy(bytes, 0, g.segment(), ValueLayout.JAVA_BYTE, 0, bytes.length);
        return pool.commit(g, "msg", FmtType.BINARY, List.of(deliveries)).value();
    }

    static Handle writeString(BoxPool pool, String text, Long... deliveries) {
        return write(pool, WRITER, text.getBytes(StandardCharsets.UTF_8), deliveries);
    }

    static Reader read(BoxPool pool, long holder, Handle h) {
        return pool.read(holder, h, TestCodecs.INSTANCE, LEASE).orElseThrow();
    }

    @Nested
    class Writing {

        @Test
        void shouldGrantTheLowestFreeBoxWithExactlyTheRequestedSize() {
            BoxPool pool = pool(3, 64);
            Grant a = grant(pool, WRITER, 10);
            Grant b = grant(pool, WRITER, 0);
            assertThat(a.box()).isZero();
            assertThat(b.box()).isEqualTo(1);
            assertThat(a.segment().byteSize()).isEqualTo(10);
            assertThat(a.segment().isReadOnly()).isFalse();
            assertThat(a.epoch()).isEqualTo(1);
            pool.abort(a);
            assertThat(grant(pool, OTHER, 5).box()).isZero();
        }

        @Test
        void shouldRefuseAnOversizeWriteNamingBothSizesAndWriteNothing() {
            BoxPool pool = pool(1, 1024);
            Result<Grant> r = pool.acquire(WRITER, 2048, LEASE, NO_WAIT);
            assertThat(r.isErr()).isTrue();
            assertThat(r.error()).contains("2048").contains("1024");
            assertThat(pool.stats().free()).isEqualTo(1);
            assertThat(pool.stats().boxes().getFirst().epoch()).isEqualTo(1);
        }

        @Test
        void shouldReturnErrNamingTheWaitWhenNoBoxFreesInTime() {
            BoxPool pool = pool(1, 16);
            grant(pool, WRITER, 1);
            Result<Grant> r = pool.acquire(OTHER, 1, LEASE, Duration.ofMillis(50));
            assertThat(r.error()).isEqualTo("no free box within PT0.05S; 1 writes queued");
            assertThat(pool.stats().writeQueueDepth()).isZero();
            assertThat(pool.stats().writeQueueWaitMs().count()).isEqualTo(2);
        }

        @Test
        @Timeout(10)
        void shouldGrantQueuedWritersInArrivalOrder() throws Exception {
            BoxPool pool = pool(1, 16);
            Grant held = grant(pool, WRITER, 1);
            List<Long> order = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (long w = 10; w < 13; w++) {
                long writer = w;
                int depth = threads.size() + 1;
                threads.add(Thread.ofVirtual().start(() -> {
                    Grant g = pool.acquire(writer, 1, LEASE, Duration.ofSeconds(8)).value();
                    order.add(writer);
                    pool.commit(g, "m", FmtType.BINARY, List.of()); // no readers: FREE at once
                }));
                await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().writeQueueDepth() == depth);
            }
            pool.abort(held);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(order).containsExactly(10L, 11L, 12L);
            assertThat(pool.stats().free()).isEqualTo(1);
        }

        @Test
        @Timeout(10)
        void shouldCancelAKilledWaiterAndKeepItsInterruptFlag() throws Exception {
            BoxPool pool = pool(1, 16);
            grant(pool, WRITER, 1);
            AtomicReference<Result<Grant>> result = new AtomicReference<>();
            AtomicBoolean flagKept = new AtomicBoolean();
            Thread t = Thread.ofVirtual().start(() -> {
                result.set(pool.acquire(OTHER, 1, LEASE, Duration.ofSeconds(30)));
                flagKept.set(Thread.currentThread().isInterrupted());
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().writeQueueDepth() == 1);
            t.interrupt();
            t.join();
            assertThat(result.get().error()).isEqualTo("write cancelled: writer killed");
            assertThat(flagKept).isTrue();
            assertThat(pool.stats().writeQueueDepth()).isZero();
        }

        @Test
        @Timeout(10)
        void shouldFailEveryWaiterWhenThePoolCloses() throws Exception {
            BoxPool pool = pool(1, 16);
            grant(pool, WRITER, 1);
            List<Result<Grant>> results = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long writer = 20 + i;
                threads.add(Thread.ofVirtual().start(
                        () -> results.add(pool.acquire(writer, 1, LEASE, Duration.ofSeconds(30)))));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().writeQueueDepth() == 2);
            pool.close();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(results).extracting(Result::error).containsOnly("supervisor shut down");
            assertThat(pool.acquire(WRITER, 1, LEASE, NO_WAIT).error()).isEqualTo("supervisor shut down");
        }

        @Test
        @Timeout(10)
        void shouldFailTheQueuedWritesOfAnEndedWriter() throws Exception {
            BoxPool pool = pool(1, 16);
            grant(pool, WRITER, 1);
            AtomicReference<Result<Grant>> result = new AtomicReference<>();
            Thread t = Thread.ofVirtual().start(() -> result.set(pool.acquire(OTHER, 1, LEASE, Duration.ofSeconds(30))));
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().writeQueueDepth() == 1);
            pool.holderEnded(OTHER);
            t.join();
            assertThat(result.get().error()).isEqualTo("write cancelled: writer ended");
        }

        @Test
        void shouldCommitOnlyOnceAndOnlyAnOutstandingGrant() {
            BoxPool pool = pool(2, 16);
            Grant g = grant(pool, WRITER, 1);
            assertThat(pool.commit(g, "m", FmtType.BINARY, List.of(READER)).isOk()).isTrue();
            assertThat(pool.commit(g, "m", FmtType.BINARY, List.of(READER)).error()).contains("no longer granted");
            assertThat(pool.abort(g)).isFalse();
            assertThatThrownBy(() -> pool.commit(grant(pool, WRITER, 0), "m", FmtType.BINARY, List.of(0L)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delivery key 0");
        }

        @Test
        void shouldFreeACommitWithNoDeliveriesAtOnce() {
            BoxPool pool = pool(1, 16);
            Handle h = writeString(pool, "nobody");
            assertThat(pool.stats().free()).isEqualTo(1);
            assertThat(pool.read(0, h, TestCodecs.INSTANCE, LEASE)).isEmpty();
        }

        @Test
        void shouldSkipDeliveriesToHoldersNoLongerAlive() {
            BoxPool pool = pool(1, 16);
            Grant g = grant(pool, WRITER, 1);
            Handle h = pool.commit(g, "m", FmtType.BINARY, List.of(READER, OTHER), k -> k == READER).value();
            assertThat(pool.stats().boxes().getFirst().refs()).isEqualTo(1);
            assertThat(pool.read(OTHER, h, TestCodecs.INSTANCE, LEASE)).isEmpty();
        }
    }

    @Nested
    class Reading {

        @Test
        void shouldReadBackExactlyTheCommittedLengthWithNoStaleBytes() {
            BoxPool pool = pool(1, 64);
            Handle first = writeString(pool, "hello world", READER);
            try (Reader r = read(pool, READER, first)) {
                assertThat(r.string()).isEqualTo("hello world");
            }
            Handle second = writeString(pool, "hi", READER);
            assertThat(second.box()).isEqualTo(first.box());
            try (Reader r = read(pool, READER, second)) {
                assertThat(r.string()).isEqualTo("hi");
                assertThat(r.size()).isEqualTo(2);
                assertThat(r.binary()).hasSize(2);
            }
        }

        @Test
        void shouldKeepTrailingZeroBytes() {
            BoxPool pool = pool(1, 64);
            byte[] payload = {(byte) 0xCA, (byte) 0xFE, 0, 0, 0};
            Handle h = write(pool, WRITER, payload, READER);
            try (Reader r = read(pool, READER, h)) {
                assertThat(r.binary()).containsExactly(payload);
                assertThat(r.string()).hasSize(5);
            }
        }

        @Test
        void shouldCarryMegabytePayloadsSizedLikeTheConfiguration() {
            long boxSize = Sizes.parse("boxSize", "1mb");
            BoxPool pool = pool(2, boxSize);
            byte[] payload = new byte[(int) boxSize];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (i * 31);
            }
            Handle h = write(pool, WRITER, payload, READER);
            try (Reader r = read(pool, READER, h)) {
                assertThat(r.size()).isEqualTo(1L << 20);
                assertThat(r.binary()).isEqualTo(payload);
            }
            assertThat(pool.acquire(WRITER, boxSize + 1, LEASE, NO_WAIT).error())
                    .contains(String.valueOf(boxSize + 1)).contains(String.valueOf(boxSize));
        }

        @Test
        void shouldGiveReadOnlyViewsThatRefuseWrites() {
            BoxPool pool = pool(1, 64);
            Handle h = writeString(pool, "immutable", READER);
            try (Reader r = read(pool, READER, h)) {
                assertThat(r.segment().isReadOnly()).isTrue();
                assertThat(r.segment().byteSize()).isEqualTo(9);
                // JDK 22+ reports a write to a read-only segment as IllegalArgumentException
                assertThatThrownBy(() -> r.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
                assertThatThrownBy(() -> r.segment().fill((byte) 0)).hasMessageContaining("read-only");
                assertThat(r.buffer().isReadOnly()).isTrue();
                assertThat(r.buffer().remaining()).isEqualTo(9);
                assertThatThrownBy(() -> r.buffer().put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
                assertThat(r.string()).isEqualTo("immutable");
            }
        }

        @Test
        void shouldDecodeJsonCborAndCustomCodecs() {
            BoxPool pool = pool(3, 256);
            byte[] json = TestCodecs.JSON.writeValueAsBytes(Map.of("hello", "world"));
            Handle jh = write(pool, WRITER, json, READER);
            Grant g = grant(pool, WRITER, TestCodecs.CBOR.writeValueAsBytes(new Point(1, 2)).length);
            byte[] cbor = TestCodecs.CBOR.writeValueAsBytes(new Point(1, 2));
            MemorySegment.copy(cbor, 0, g.segment(), ValueLayout.JAVA_BYTE, 0, cbor.length);
            Handle ch = pool.commit(g, "point", FmtType.CBOR, List.of(READER)).value();
            try (Reader r = read(pool, READER, jh); Reader c = read(pool, READER, ch)) {
                assertThat(r.json()).isEqualTo(Map.of("hello", "world"));
                Object asMap = r.json(Map.class);
                assertThat(asMap).isEqualTo(Map.of("hello", "world"));
                assertThat(r.decode("upper", String.class)).isEqualTo("{\"HELLO\":\"WORLD\"}");
                assertThat(c.cbor(Point.class)).isEqualTo(new Point(1, 2));
                assertThat(c.json(Point.class)).isEqualTo(new Point(1, 2)); // a CBOR box decodes as CBOR
                assertThatThrownBy(() -> r.cbor(Point.class)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("CBOR");
                assertThatThrownBy(() -> r.decode("nope", String.class))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
            }
        }

        record Point(int x, int y) {}

        @Test
        void shouldRefuseUseAfterCloseAndCloseOnlyOnce() {
            BoxPool pool = pool(1, 64);
            Handle h = writeString(pool, "x", READER, OTHER);
            Reader r = read(pool, READER, h);
            r.close();
            r.close();
            assertThat(pool.stats().boxes().getFirst().refs()).isEqualTo(1); // OTHER's delivery only
            assertThatThrownBy(r::string).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            assertThatThrownBy(r::segment).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void shouldRefuseUnauthorizedStaleAndForgedHandlesAndCountThem() {
            BoxPool pool = pool(2, 64);
            Handle h = writeString(pool, "secret", READER);
            assertThat(pool.read(OTHER, h, TestCodecs.INSTANCE, LEASE)).isEmpty();
            assertThat(pool.read(READER, new Handle(h.box(), h.epoch() + 1), TestCodecs.INSTANCE, LEASE)).isEmpty();
            assertThat(pool.read(READER, new Handle(7, 1), TestCodecs.INSTANCE, LEASE)).isEmpty();
            assertThat(pool.read(READER, new Handle(-1, 1), TestCodecs.INSTANCE, LEASE)).isEmpty();
            assertThat(pool.read(READER, new Handle(1, 1), TestCodecs.INSTANCE, LEASE)).isEmpty(); // FREE box
            assertThat(pool.release(OTHER, h)).isFalse();
            assertThat(pool.stats().denied()).isEqualTo(6);
            try (Reader main = read(pool, 0, h)) { // the main thread outside callbacks may read
                assertThat(main.string()).isEqualTo("secret");
            }
        }

        @Test
        void shouldRefuseAStaleEpochAfterReuse() {
            BoxPool pool = pool(1, 64);
            Handle old = writeString(pool, "first", READER);
            assertThat(pool.release(READER, old)).isTrue();
            Handle next = writeString(pool, "second", READER);
            assertThat(next.box()).isEqualTo(old.box());
            assertThat(next.epoch()).isEqualTo(old.epoch() + 1);
            assertThat(pool.read(READER, old, TestCodecs.INSTANCE, LEASE)).isEmpty();
            assertThat(pool.release(READER, old)).isFalse();
            assertThat(pool.stats().boxes().getFirst().refs()).isEqualTo(1);
        }
    }

    @Nested
    class References {

        @Test
        void shouldFreeTheBoxWhenTheLastReferenceIsBack() {
            BoxPool pool = pool(1, 64);
            Handle h = writeString(pool, "x", READER, OTHER);
            assertThat(pool.stats().boxes().getFirst().refs()).isEqualTo(2);
            Reader r = read(pool, READER, h); // takes over READER's delivery
            assertThat(pool.stats().boxes().getFirst().refs()).isEqualTo(2);
            pool.deliveryDone(READER, h); // read: the reader keeps it
            pool.deliveryDone(OTHER, h); // unread: given back
            assertThat(pool.stats().boxes().getFirst().refs()).isEqualTo(1);
            r.close();
            assertThat(pool.stats().free()).isEqualTo(1);
            assertThat(pool.stats().boxes().getFirst().epoch()).isEqualTo(h.epoch() + 1);
        }

        @Test
        void shouldNeedOneReleasePerRead() {
            BoxPool pool = pool(1, 64);
            Handle h = writeString(pool, "x", READER);
            Reader first = read(pool, READER, h);
            Reader second = read(pool, READER, h);
            assertThat(pool.stats().boxes().getFirst().refs()).isEqualTo(2);
            assertThat(pool.release(READER, h)).isTrue();
            assertThat(pool.stats().ready()).isEqualTo(1);
            assertThat(pool.release(READER, h)).isTrue();
            assertThat(pool.stats().free()).isEqualTo(1);
            assertThat(pool.release(READER, h)).isFalse();
            first.close(); // reference already given back: nothing happens
            second.close();
            assertThatThrownBy(first::binary).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void shouldGiveBackEveryReferenceOfAnEndedHolderButKeepCommittedData() {
            BoxPool pool = pool(2, 64);
            Handle h = writeString(pool, "outlives its writer", READER, OTHER);
            Reader r = read(pool, READER, h);
            pool.holderEnded(WRITER);
            pool.holderEnded(READER);
            assertThat(pool.stats().boxes().getFirst().refs()).isEqualTo(1);
            r.close(); // holder ended: does nothing
            assertThatThrownBy(r::string).isInstanceOf(IllegalStateException.class);
            try (Reader o = read(pool, OTHER, h)) {
                assertThat(o.string()).isEqualTo("outlives its writer");
            }
            assertThat(pool.stats().free()).isEqualTo(2);
        }

        @Test
        void shouldReclaimAnEndedWritersBoxOnceItsFillReturns() {
            BoxPool pool = pool(1, 64);
            Grant g = grant(pool, WRITER, 4);
            pool.holderEnded(WRITER);
            assertThat(pool.stats().reclaiming()).isEqualTo(1); // its thread may still be writing
            assertThat(pool.acquire(OTHER, 1, LEASE, NO_WAIT).isErr()).isTrue();
            assertThat(pool.commit(g, "m", FmtType.BINARY, List.of(READER)).error())
                    .isEqualTo("write cancelled: writer ended");
            assertThat(pool.stats().free()).isEqualTo(1);
            assertThat(pool.acquire(OTHER, 1, LEASE, NO_WAIT).isOk()).isTrue();
        }

        @Test
        void shouldExtendLeasesOnHeartbeatForWritersAndReaders() {
            BoxPool pool = pool(2, 64);
            Handle h = writeString(pool, "x", READER);
            grant(pool, WRITER, 1);
            time.advance(Duration.ofSeconds(4));
            pool.heartbeat(READER, LEASE);
            pool.heartbeat(WRITER, LEASE);
            time.advance(Duration.ofSeconds(4));
            assertThat(pool.expireLeases()).isZero();
            assertThat(pool.stats().ready()).isEqualTo(1);
            assertThat(expiredWriters).isEmpty();
            time.advance(Duration.ofSeconds(2));
            pool.expireLeases();
            assertThat(pool.read(READER, h, TestCodecs.INSTANCE, LEASE)).isEmpty();
            assertThat(expiredWriters).containsExactly(WRITER + "@1");
        }
    }

    @Nested
    class Leases {

        @Test
        void shouldForceFreeAnExpiredReadyBoxAndRefuseItsHandle() {
            BoxPool pool = pool(1, 64);
            Handle h = writeString(pool, "x", READER);
            Reader r = read(pool, READER, h);
            time.advance(LEASE);
            pool.expireLeases();
            assertThat(pool.stats().free()).isEqualTo(1);
            assertThat(pool.stats().leaseExpiries()).isEqualTo(1);
            assertThatThrownBy(r::binary).isInstanceOf(IllegalStateException.class).hasMessageContaining("lease expired");
            assertThat(pool.release(READER, h)).isFalse();
            r.close();
        }

        @Test
        void shouldReportAWriterPastItsLeaseOnceAndRefuseItsCommit() {
            BoxPool pool = pool(1, 64);
            Grant g = grant(pool, WRITER, 1);
            time.advance(LEASE);
            pool.expireLeases();
            pool.expireLeases();
            assertThat(expiredWriters).containsExactly(WRITER + "@0");
            assertThat(pool.stats().leaseExpiries()).isEqualTo(1);
            assertThat(pool.commit(g, "m", FmtType.BINARY, List.of(READER)).error()).contains("expired");
            assertThat(pool.stats().free()).isEqualTo(1);
        }

        @Test
        void shouldScheduleTheTimerAtTheNearestDeadline() {
            BoxPool pool = pool(2, 64);
            grant(pool, WRITER, 1);
            assertThat(time.scheduledDelays).containsExactly(LEASE.toNanos());
        }

        @Test
        @Timeout(10)
        void shouldFreeAnIdleReadyBoxOnARealTimerWithNoOtherInteraction() {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            try (BoxPool pool = new BoxPool(1, 64, timer, LeaseListener.NONE)) {
                Grant g = pool.acquire(WRITER, 1, Duration.ofMillis(100), NO_WAIT).value();
                pool.commit(g, "m", FmtType.BINARY, List.of(READER)).value();
                assertThat(pool.stats().ready()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().free() == 1);
                assertThat(pool.stats().leaseExpiries()).isEqualTo(1);
            } finally {
                timer.shutdownNow();
            }
        }

        @Test
        @Timeout(10)
        void shouldCallTheListenerWhenAWriterOverrunsItsLeaseOnARealTimer() throws Exception {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            List<Long> killed = new CopyOnWriteArrayList<>();
            AtomicReference<BoxPool> ref = new AtomicReference<>();
            try (BoxPool pool = new BoxPool(1, 64, timer, (writer, h) -> {
                killed.add(writer);
                ref.get().holderEnded(writer); // what the runtime's kill does
            })) {
                ref.set(pool);
                Grant g = pool.acquire(WRITER, 1, Duration.ofMillis(100), NO_WAIT).value();
                await().atMost(Duration.ofSeconds(5)).until(() -> killed.contains(WRITER));
                assertThat(pool.stats().reclaiming()).isEqualTo(1);
                assertThat(pool.abort(g)).isTrue(); // the killed writer's fill unwinds
                assertThat(pool.stats().free()).isEqualTo(1);
            } finally {
                timer.shutdown();
                assertThat(timer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Nested
    class Stats {

        @Test
        void shouldCountAndSnapshotEveryBox() {
            BoxPool pool = pool(4, 64);
            Handle h = writeString(pool, "abc", READER, OTHER);
            grant(pool, WRITER, 5);
            read(pool, READER, h);
            pool.read(99, h, TestCodecs.INSTANCE, LEASE);
            BoxPoolStats s = pool.stats();
            assertThat(s.poolSize()).isEqualTo(4);
            assertThat(s.boxSize()).isEqualTo(64);
            assertThat(s.free()).isEqualTo(2);
            assertThat(s.writing()).isEqualTo(1);
            assertThat(s.ready()).isEqualTo(1);
            assertThat(s.boxesInUse()).isEqualTo(2);
            assertThat(s.utilization()).isEqualTo(0.5);
            assertThat(s.granted()).isEqualTo(3); // two deliveries, one read
            assertThat(s.denied()).isEqualTo(1);
            assertThat(s.boxes().getFirst()).isEqualTo(
                    new BoxPoolStats.BoxSnapshot(0, BoxState.READY, 1, 3, 2, WRITER, "msg", FmtType.BINARY));
            assertThat(s.boxes().get(1).state()).isEqualTo(BoxState.WRITING);
            assertThat(s.writeQueueWaitMs().counts()).hasSize(s.writeQueueWaitMs().upperBounds().length + 1);
            assertThat(s.toMemoryPool().boxesInUse()).isEqualTo(2);
        }

        @Test
        void shouldKeepHistogramsBounded() {
            BoxPool pool = pool(1, 8);
            for (int i = 0; i < 10_000; i++) {
                pool.abort(grant(pool, WRITER, 1));
            }
            BoxPoolStats s = pool.stats();
            assertThat(s.writeQueueWaitMs().count()).isEqualTo(10_000);
            assertThat(s.writeQueueWaitMs().counts()).hasSize(16);
            assertThat(s.writeQueueDepthSeen().counts()[0]).isEqualTo(10_000);
        }
    }

    @Nested
    class Arguments {

        @Test
        void shouldRefuseBadConfigurationNamingTheValue() {
            assertThatThrownBy(() -> pool(0, 8)).hasMessageContaining("poolSize=0");
            assertThatThrownBy(() -> pool(1, 0)).hasMessageContaining("boxSize=0");
            assertThatThrownBy(() -> pool(1, (1L << 30) + 1)).hasMessageContaining("boxSize=");
            BoxPool pool = pool(1, 8);
            assertThatThrownBy(() -> pool.acquire(WRITER, 1, Duration.ZERO, NO_WAIT)).hasMessageContaining("lease");
            assertThatThrownBy(() -> pool.acquire(WRITER, -1, LEASE, NO_WAIT)).hasMessageContaining("size=-1");
            assertThatThrownBy(() -> pool.read(0, null, TestCodecs.INSTANCE, LEASE))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("handle");
        }

        @Test
        void shouldNotMapTheRegionBeforeTheFirstGrant() {
            List<Integer> made = new ArrayList<>();
            BoxPool pool = new BoxPool(2, 8, time, time::now, LeaseListener.NONE, (n, size) -> {
                made.add(n);
                return SharedRegion.create("lazy", n, size);
            });
            pools.add(pool);
            {
                assertThat(made).isEmpty();
                pool.abort(grant(pool, WRITER, 1));
                pool.abort(grant(pool, WRITER, 1));
                assertThat(made).containsExactly(2);
                Optional<SharedRegion> region = Optional.of(pool.region().value());
                assertThat(region.get().isClosed()).isFalse();
                pool.close();
                assertThat(region.get().isClosed()).isTrue();
            }
        }
    }
}
