package dev.future.internal.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Reader;
import dev.future.Result;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random operation sequences against a small pool, checked step by step against a model of what
 * the pool must hold. Time is a manual clock and lease checks run only when the sequence says, so
 * every run is deterministic and shrinks to a minimal failing sequence.
 */
class BoxPoolPropertyTest {

    static final int POOL = 3;
    static final long BOX = 16;
    static final Duration LEASE = Duration.ofSeconds(1);
    static final List<Long> ENDING = List.of(1L, 2L, 3L, 4L, -1L, -2L); // actors and subscriber deliveries

    sealed interface Op {}

    record Acquire(long writer, int size, int seed) implements Op {}

    record Commit(int grant, List<Long> deliveries) implements Op {}

    record Abort(int grant) implements Op {}

    record Read(long holder, int handle) implements Op {}

    record CloseReader(int reader) implements Op {}

    record Release(long holder, int handle) implements Op {}

    record DeliveryDone(long holder, int handle) implements Op {}

    record Heartbeat(long holder) implements Op {}

    record HolderEnded(long holder) implements Op {}

    record Advance(int millis) implements Op {}

    record Forged(int box, long epoch) implements Op {}

    static Gen<Long> pick(long... values) {
        return integers().between(0, values.length - 1).map(i -> values[i]);
    }

    static Gen<List<Op>> sequences() {
        Gen<Long> actor = pick(1L, 2L, 3L, 4L);
        Gen<Long> holder = pick(0L, 1L, 2L, 3L, 4L, -1L, -2L);
        Gen<Long> deliveryKey = pick(1L, 2L, 3L, 4L, -1L, -2L);
        Gen<Integer> index = integers().between(0, 7);
        Gen<Op> acquire = actor.zip(integers().between(0, (int) BOX), integers().all(), Acquire::new);
        Gen<Op> commit = index.zip(lists().of(deliveryKey).ofSizeBetween(0, 4), Commit::new);
        Gen<Op> abort = index.map(Abort::new);
        Gen<Op> read = holder.zip(index, Read::new);
        Gen<Op> close = index.map(CloseReader::new);
        Gen<Op> release = holder.zip(index, Release::new);
        Gen<Op> done = holder.zip(index, DeliveryDone::new);
        Gen<Op> heartbeat = holder.map(Heartbeat::new);
        Gen<Op> ended = deliveryKey.map(HolderEnded::new);
        Gen<Op> advance = integers().between(0, 1500).map(Advance::new);
        Gen<Op> forged = integers().between(-1, POOL + 1).zip(longs().between(0, 12), Forged::new);
        Gen<Op> op = Generate.frequency(List.of(
                org.quicktheories.api.Pair.of(6, acquire), org.quicktheories.api.Pair.of(5, commit),
                org.quicktheories.api.Pair.of(1, abort), org.quicktheories.api.Pair.of(5, read),
                org.quicktheories.api.Pair.of(3, close), org.quicktheories.api.Pair.of(3, release),
                org.quicktheories.api.Pair.of(3, done), org.quicktheories.api.Pair.of(1, heartbeat),
                org.quicktheories.api.Pair.of(1, ended), org.quicktheories.api.Pair.of(2, advance),
                org.quicktheories.api.Pair.of(1, forged)));
        return lists().of(op).ofSizeBetween(0, 80);
    }

    @Test
    void poolAgreesWithTheModelAfterEveryStep() {
        qt().withExamples(300).withShrinkCycles(200).forAll(sequences(), booleans().all())
                .checkAssert((ops, endByExpiry) -> {
                    try (Run run = new Run()) {
                        for (Op op : ops) {
                            run.apply(op);
                            run.checkInvariants();
                        }
                        run.endEverything(endByExpiry);
                    }
                });
    }

    /** A pool, the model of what it must hold, and the checks. */
    static final class Run implements AutoCloseable {
        final ManualTime time = new ManualTime();
        final List<String> reported = new CopyOnWriteArrayList<>();
        final BoxPool pool = time.pool(POOL, BOX, (w, h) -> reported.add(w + "@" + h));
        final List<MGrant> grants = new ArrayList<>();
        final Map<Handle, MBox> live = new LinkedHashMap<>();
        final List<Handle> everyHandle = new ArrayList<>();
        final List<MReader> readers = new ArrayList<>();
        final long[] lastEpoch = new long[POOL];

        static final class MGrant {
            final Grant grant;
            final byte[] content;
            long deadline;
            boolean reclaimed;
            boolean reported;

            MGrant(Grant grant, byte[] content, long deadline) {
                this.grant = grant;
                this.content = content;
                this.deadline = deadline;
            }
        }

        static final class MBox {
            final byte[] content;
            final Set<Long> authorized;
            final List<MRef> refs = new ArrayList<>();
            long deadline;

            MBox(byte[] content, Set<Long> authorized, long deadline) {
                this.content = content;
                this.authorized = authorized;
                this.deadline = deadline;
            }
        }

        static final class MRef {
            final long holder;
            boolean read;

            MRef(long holder, boolean read) {
                this.holder = holder;
                this.read = read;
            }
        }

        record MReader(Handle handle, MRef ref, Reader reader, byte[] content) {}

        long lease() {
            return time.now() + LEASE.toNanos();
        }

        void apply(Op op) {
            switch (op) {
                case Acquire(long writer, int size, int seed) -> acquire(writer, size, seed);
                case Commit(int i, List<Long> deliveries) -> {
                    if (!grants.isEmpty()) {
                        commit(grants.remove(i % grants.size()), deliveries);
                    }
                }
                case Abort(int i) -> {
                    if (!grants.isEmpty()) {
                        assertThat(pool.abort(grants.remove(i % grants.size()).grant)).isTrue();
                    }
                }
                case Read(long holder, int i) -> {
                    if (!everyHandle.isEmpty()) {
                        read(holder, everyHandle.get(i % everyHandle.size()));
                    }
                }
                case CloseReader(int i) -> {
                    if (!readers.isEmpty()) {
                        MReader r = readers.remove(i % readers.size());
                        r.reader().close();
                        MBox b = live.get(r.handle());
                        if (b != null && b.refs.remove(r.ref())) {
                            dropIfEmpty(r.handle(), b);
                        }
                    }
                }
                case Release(long holder, int i) -> {
                    if (!everyHandle.isEmpty()) {
                        release(holder, everyHandle.get(i % everyHandle.size()));
                    }
                }
                case DeliveryDone(long holder, int i) -> {
                    if (!everyHandle.isEmpty()) {
                        Handle h = everyHandle.get(i % everyHandle.size());
                        pool.deliveryDone(holder, h);
                        MBox b = live.get(h);
                        MRef unread = b == null ? null : unread(b, holder);
                        if (unread != null) {
                            b.refs.remove(unread);
                            dropIfEmpty(h, b);
                        }
                    }
                }
                case Heartbeat(long holder) -> {
                    pool.heartbeat(holder, LEASE);
                    for (MGrant g : grants) {
                        if (g.grant.writer() == holder && !g.reclaimed && !g.reported) {
                            g.deadline = Math.max(g.deadline, lease());
                        }
                    }
                    for (MBox b : live.values()) {
                        if (b.refs.stream().anyMatch(r -> r.holder == holder)) {
                            b.deadline = Math.max(b.deadline, lease());
                        }
                    }
                }
                case HolderEnded(long holder) -> holderEnded(holder);
                case Advance(int millis) -> advance(Duration.ofMillis(millis));
                case Forged(int box, long epoch) -> {
                    Handle h = new Handle(box, epoch);
                    Optional<Reader> r = pool.read(0, h, TestCodecs.INSTANCE, LEASE);
                    assertThat(r.isPresent()).as("forged %s", h).isEqualTo(live.containsKey(h));
                    r.ifPresent(Reader::close); // the model's box keeps its other references: no change
                    if (live.containsKey(h)) {
                        live.get(h).deadline = Math.max(live.get(h).deadline, lease());
                    }
                }
            }
        }

        void acquire(long writer, int size, int seed) {
            Set<Integer> occupied = occupied();
            Result<Grant> r = pool.acquire(writer, size, LEASE, Duration.ZERO);
            if (occupied.size() == POOL) {
                assertThat(r.error()).startsWith("no free box within");
                return;
            }
            int lowest = 0;
            while (occupied.contains(lowest)) {
                lowest++;
            }
            Grant g = r.value();
            assertThat(g.box()).isEqualTo(lowest);
            assertThat(g.segment().byteSize()).isEqualTo(size);
            byte[] content = new byte[size];
            new Random(seed).nextBytes(content);
            MemorySegment.copy(content, 0, g.segment(), ValueLayout.JAVA_BYTE, 0, size);
            grants.add(new MGrant(g, content, lease()));
        }

        void commit(MGrant g, List<Long> deliveries) {
            Result<Handle> r = pool.commit(g.grant, "m", FmtType.BINARY, deliveries);
            if (g.reclaimed || g.reported) {
                assertThat(r.isErr()).isTrue();
                return;
            }
            Handle h = r.value();
            assertThat(h).isEqualTo(g.grant.handle());
            everyHandle.add(h);
            if (!deliveries.isEmpty()) {
                MBox b = new MBox(g.content, new HashSet<>(deliveries), lease());
                deliveries.forEach(k -> b.refs.add(new MRef(k, false)));
                live.put(h, b);
            }
        }

        void read(long holder, Handle h) {
            MBox b = live.get(h);
            boolean allowed = b != null && (holder == 0 || b.authorized.contains(holder));
            Optional<Reader> r = pool.read(holder, h, TestCodecs.INSTANCE, LEASE);
            assertThat(r.isPresent()).as("read of %s by %d", h, holder).isEqualTo(allowed);
            if (!allowed) {
                return;
            }
            MRef ref = unread(b, holder);
            if (ref == null) {
                ref = new MRef(holder, true);
                b.refs.add(ref);
            }
            ref.read = true;
            b.deadline = Math.max(b.deadline, lease());
            assertThat(r.get().binary()).isEqualTo(b.content);
            readers.add(new MReader(h, ref, r.get(), b.content));
        }

        void release(long holder, Handle h) {
            MBox b = live.get(h);
            MRef ref = b == null ? null : unread(b, holder);
            if (b != null && ref == null) {
                ref = b.refs.stream().filter(x -> x.holder == holder).findFirst().orElse(null);
            }
            assertThat(pool.release(holder, h)).as("release of %s by %d", h, holder).isEqualTo(ref != null);
            if (ref != null) {
                b.refs.remove(ref);
                dropIfEmpty(h, b);
            }
        }

        void holderEnded(long holder) {
            pool.holderEnded(holder);
            for (Iterator<Map.Entry<Handle, MBox>> it = live.entrySet().iterator(); it.hasNext(); ) {
                MBox b = it.next().getValue();
                b.refs.removeIf(r -> r.holder == holder);
                if (b.refs.isEmpty()) {
                    it.remove();
                }
            }
            grants.stream().filter(g -> g.grant.writer() == holder).forEach(g -> g.reclaimed = true);
        }

        void advance(Duration d) {
            time.advance(d);
            reported.clear();
            pool.expireLeases();
            long now = time.now();
            live.values().removeIf(b -> now >= b.deadline);
            List<String> expected = new ArrayList<>();
            for (MGrant g : grants) {
                if (!g.reclaimed && !g.reported && now >= g.deadline) {
                    g.reported = true;
                    expected.add(g.grant.writer() + "@" + g.grant.handle());
                }
            }
            assertThat(reported).containsExactlyInAnyOrderElementsOf(expected);
        }

        static MRef unread(MBox b, long holder) {
            return b.refs.stream().filter(r -> r.holder == holder && !r.read).findFirst().orElse(null);
        }

        void dropIfEmpty(Handle h, MBox b) {
            if (b.refs.isEmpty()) {
                live.remove(h);
            }
        }

        Set<Integer> occupied() {
            Set<Integer> boxes = new HashSet<>();
            grants.forEach(g -> boxes.add(g.grant.box()));
            live.keySet().forEach(h -> boxes.add(h.box()));
            return boxes;
        }

        void checkInvariants() {
            BoxPoolStats s = pool.stats();
            // at most one writer or one committed use per box
            assertThat(grants.size() + live.size()).isEqualTo(occupied().size());
            for (BoxPoolStats.BoxSnapshot box : s.boxes()) {
                assertThat(box.epoch()).as("epochs only grow").isGreaterThanOrEqualTo(lastEpoch[box.box()]);
                lastEpoch[box.box()] = box.epoch();
                assertThat(box.refs()).isNotNegative();
                if (box.state() == BoxState.FREE) {
                    assertThat(box.refs()).as("a FREE box holds no reference").isZero();
                }
            }
            for (MGrant g : grants) {
                BoxPoolStats.BoxSnapshot box = s.boxes().get(g.grant.box());
                assertThat(box.state()).isEqualTo(BoxState.WRITING);
                assertThat(box.writer()).isEqualTo(g.grant.writer());
                assertThat(box.epoch()).isEqualTo(g.grant.epoch());
            }
            SharedRegion region = live.isEmpty() ? null : pool.region().value();
            for (Map.Entry<Handle, MBox> e : live.entrySet()) {
                Handle h = e.getKey();
                MBox b = e.getValue();
                BoxPoolStats.BoxSnapshot box = s.boxes().get(h.box());
                assertThat(box.state()).isEqualTo(BoxState.READY);
                assertThat(box.epoch()).isEqualTo(h.epoch());
                assertThat(box.refs()).as("refs of %s", h).isEqualTo(b.refs.size());
                assertThat(box.length()).isEqualTo(b.content.length);
                assertThat(region.box(h.box(), b.content.length).toArray(ValueLayout.JAVA_BYTE))
                        .as("READY bytes never change").isEqualTo(b.content);
            }
            int free = POOL - occupied().size();
            assertThat(s.free()).isEqualTo(free);
            for (MReader r : readers) {
                MBox b = live.get(r.handle());
                if (b != null && b.refs.contains(r.ref())) {
                    assertThat(r.reader().binary()).isEqualTo(r.content());
                } else {
                    assertThatThrownBy(r.reader()::binary).isInstanceOf(IllegalStateException.class);
                }
            }
        }

        void endEverything(boolean byExpiry) {
            if (byExpiry) {
                advance(Duration.ofSeconds(10));
            } else {
                ENDING.forEach(this::holderEnded);
                readers.forEach(r -> r.reader().close()); // key 0's references
            }
            for (MGrant g : grants) { // every writer's thread leaves its fill
                assertThat(pool.abort(g.grant)).isTrue();
            }
            grants.clear();
            BoxPoolStats s = pool.stats();
            assertThat(s.free()).as("every box FREE at the end: %s", s.boxes()).isEqualTo(POOL);
            assertThat(s.writeQueueDepth()).isZero();
            for (Handle h : everyHandle) {
                assertThat(pool.read(0, h, TestCodecs.INSTANCE, LEASE)).as("stale %s", h).isEmpty();
            }
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
