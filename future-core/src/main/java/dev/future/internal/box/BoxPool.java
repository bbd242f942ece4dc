package dev.future.internal.box;

import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Reader;
import dev.future.Result;
import dev.future.internal.util.Checks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tier-2 box pool of one supervisor: {@code poolSize} boxes of {@code boxSize} bytes in a
 * {@link SharedRegion}, and the one source of truth for every box's metadata.
 *
 * <h2>Implementation overview</h2>
 * <b>Holders.</b> Everything that can hold a box is a {@code long} key: actor ids (&gt; 0), negative
 * keys for main-thread subscriber deliveries, and {@code 0} for main-thread code outside any callback,
 * which may read any READY box.
 *
 * <p><b>State machine</b> per box, with its epoch (a {@link Handle} names box and epoch):
 * <pre>
 *            acquire (lowest FREE, else FIFO wait)         commit (one ref per delivery)
 *   FREE ------------------------------------------> WRITING ----------------------------> READY
 *    ^  ^                                               |  |                                |
 *    |  +---- abort; holderEnded(writer) outside fill --+  |  last ref back (close, release, |
 *    |  +---- commit after the writer ended or expired ----+  deliveryDone, holderEnded);   |
 *    |                                                        lease expiry; commit with no  |
 *    +--------------------------- epoch++ ------------------- deliveries -------------------+
 * </pre>
 * The epoch grows by one each time a box is FREE again, so every handle to an earlier use is stale.
 * The length stored at commit is exact; views are cut to it, so nothing of an earlier, longer write
 * can show. A writer that ends while still inside its fill (its {@link Grant} neither committed nor
 * aborted) leaves its box WRITING and <i>reclaiming</i>: it is FREE once the grant is finished, never
 * while a thread may still write into it.
 *
 * <p><b>References.</b> A READY box holds a list of {@link Ref}s, each owned by one holder: one per
 * delivery at commit (unread), and one per read that did not take over an unread delivery. The
 * writer holds none. Readers are authorized at commit: the delivery keys, plus key {@code 0}.
 *
 * <p><b>Leases.</b> A box's deadline is set at grant, set again at commit, and pushed later by reads
 * and heartbeats. One pending timer task (on the injected scheduler) fires at the earliest deadline;
 * it frees expired READY boxes (dropping their references) and reports expired writers to the
 * {@link LeaseListener}, once per grant.
 *
 * <h2>Threads and memory ordering</h2>
 * Actor threads, main-thread code and the timer thread all call in. Every mutable field here and in
 * {@link Box}, {@link Waiter} and {@link Ref} (except {@link Ref#gone}) is written and read only under
 * {@link #lock}. {@code Ref.gone} is volatile: written under the lock when a reference is dropped, read
 * without it by the {@link BoxReader} holding it. Payload bytes are never touched under the lock: the
 * writer fills its WRITING box on its own thread, and readers copy from their READY box on theirs;
 * the lock's release/acquire orders a writer's bytes before the commit and the commit before any read.
 * Writes wait on a FIFO of {@link Waiter}s, each with its own {@link Condition}, so a freed box goes to
 * the oldest waiter and no later arrival can barge (a FREE box exists only while the queue is empty).
 * The listener is called outside the lock. Region creation (once, lazily) runs under the lock.
 *
 * <h2>Shutdown</h2>
 * {@link #close()} fails every waiting write with {@code "supervisor shut down"}, drops every reference,
 * cancels the timer and unmaps the region (after which any view's access throws
 * {@link IllegalStateException}). Later calls are refused: {@code Err}, empty, {@code false}.
 */
public final class BoxPool implements AutoCloseable {

    /** The largest box accepted. */
    public static final long MAX_BOX_SIZE = 1L << 30;

    static final String SHUT_DOWN = "supervisor shut down";
    static final String WRITER_KILLED = "write cancelled: writer killed";
    static final String WRITER_ENDED = "write cancelled: writer ended";

    private static final Logger LOG = LoggerFactory.getLogger(BoxPool.class);
    // Saturate very long durations so deadline arithmetic never overflows (about 146 years).
    private static final long MAX_NANOS = Long.MAX_VALUE / 2;

    /** Makes the region, once, at the first grant. */
    @FunctionalInterface
    interface RegionFactory {
        SharedRegion create(int boxes, long boxSize) throws IOException;
    }

    private final int poolSize;
    private final long boxSize;
    private final LeaseScheduler scheduler;
    private final LongSupplier clock; // nanoTime-like; only leases use it
    private final LeaseListener listener;
    private final RegionFactory regionFactory;

    private final ReentrantLock lock = new ReentrantLock();
    // Everything below is guarded by lock.
    private final Box[] boxes;
    private final BitSet freeBoxes;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private SharedRegion region; // null until the first grant
    private boolean closed;
    private long granted;
    private long denied;
    private long leaseExpiries;
    private final BucketHistogram waitMs = new BucketHistogram(0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000,
            2_000, 5_000, 10_000, 30_000);
    private final BucketHistogram depthSeen = new BucketHistogram(0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 1_024);
    private boolean timerArmed;
    private long timerDeadline;
    private Runnable timerCancel;

    /**
     * A pool whose leases run on {@code timer}. The region is mapped at the first grant, not here: a
     * supervisor that never writes a box costs no descriptor, no mapping and no file (the fallbacks
     * create a visible file, which a SIGKILL would leave behind).
     *
     * @throws IllegalArgumentException naming the value when {@code poolSize < 1}, {@code boxSize} is
     *     not within 1 byte..1 GiB, or the pool does not fit a long
     */
    public BoxPool(int poolSize, long boxSize, ScheduledExecutorService timer, LeaseListener listener) {
        this(poolSize, boxSize, LeaseScheduler.of(timer), System::nanoTime, listener,
                (n, size) -> SharedRegion.create("box-pool", n, size));
    }

    BoxPool(int poolSize, long boxSize, LeaseScheduler scheduler, LongSupplier clock, LeaseListener listener,
            RegionFactory regionFactory) {
        Checks.atLeast("poolSize", poolSize, 1);
        if (boxSize < 1 || boxSize > MAX_BOX_SIZE) {
            throw new IllegalArgumentException("boxSize must be between 1 byte and 1 GiB: boxSize=" + boxSize);
        }
        if (Long.MAX_VALUE / poolSize < boxSize) {
            throw new IllegalArgumentException("poolSize * boxSize overflows: poolSize=" + poolSize
                    + ", boxSize=" + boxSize);
        }
        this.poolSize = poolSize;
        this.boxSize = boxSize;
        this.scheduler = Objects.requireNonNull(scheduler, "timer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.regionFactory = Objects.requireNonNull(regionFactory, "regionFactory");
        this.boxes = new Box[poolSize];
        for (int i = 0; i < poolSize; i++) {
            boxes[i] = new Box(i);
        }
        this.freeBoxes = new BitSet(poolSize);
        freeBoxes.set(0, poolSize);
    }

    public int poolSize() {
        return poolSize;
    }

    public long boxSize() {
        return boxSize;
    }

    // ---------------------------------------------------------------------------------------- writing

    /**
     * Grants {@code writer} a box for {@code size} bytes: the lowest FREE box, else the first to free
     * up, waiting in FIFO order up to {@code waitTimeout}. The lease runs from the grant.
     *
     * @return the grant; or Err naming both sizes when {@code size > boxSize} (nothing is written),
     *     naming the wait on timeout, {@code "write cancelled: writer killed"} when the calling thread
     *     is interrupted (its interrupt flag stays set), {@code "write cancelled: writer ended"} when
     *     {@link #holderEnded} ran for the writer meanwhile, {@code "supervisor shut down"} after
     *     {@link #close()}, or naming the cause when the shared memory cannot be made
     * @throws IllegalArgumentException when {@code size < 0}, the lease is not positive or the wait negative
     */
    public Result<Grant> acquire(long writer, long size, Duration lease, Duration waitTimeout) {
        Checks.positive("lease", lease);
        Checks.notNegative("waitTimeout", waitTimeout);
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: size=" + size);
        }
        if (size > boxSize) {
            return Result.err("payload of " + size + " bytes exceeds boxSize of " + boxSize + " bytes");
        }
        if (Thread.currentThread().isInterrupted()) {
            return Result.err(WRITER_KILLED);
        }
        long leaseNanos = nanos(lease);
        long start = System.nanoTime();
        lock.lock();
        try {
            if (closed) {
                return Result.err(SHUT_DOWN);
            }
            depthSeen.record(queue.size());
            if (queue.isEmpty()) {
                int free = freeBoxes.nextSetBit(0);
                if (free >= 0) {
                    Optional<String> failure = ensureRegion();
                    if (failure.isPresent()) {
                        return Result.err(failure.get());
                    }
                    assign(boxes[free], writer, leaseNanos);
                    waitMs.record(0);
                    return Result.ok(newGrant(boxes[free], size, leaseNanos));
                }
            }
            return awaitBox(new Waiter(writer, leaseNanos, lock.newCondition()), size, waitTimeout, start);
        } finally {
            lock.unlock();
        }
    }

    private Result<Grant> awaitBox(Waiter w, long size, Duration waitTimeout, long start) {
        queue.addLast(w);
        long remaining = nanos(waitTimeout);
        try {
            while (w.box == null && w.error == null) {
                if (remaining <= 0) {
                    int queued = queue.size();
                    queue.remove(w);
                    waitMs.record(millisSince(start));
                    return Result.err("no free box within " + waitTimeout + "; " + queued + " writes queued");
                }
                remaining = w.ready.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (w.box != null) {
                w.box.waiter = null;
                freeBox(w.box, WRITER_KILLED);
            } else {
                queue.remove(w);
            }
            waitMs.record(millisSince(start));
            return Result.err(WRITER_KILLED);
        }
        waitMs.record(millisSince(start));
        if (w.error != null) {
            return Result.err(w.error);
        }
        w.box.waiter = null;
        return Result.ok(newGrant(w.box, size, w.leaseNanos));
    }

    /**
     * Commits a filled box with no liveness filter: see {@link #commit(Grant, String, FmtType, List, LongPredicate)}.
     */
    public Result<Handle> commit(Grant grant, String msg, FmtType type, List<Long> deliveries) {
        return commit(grant, msg, type, deliveries, holder -> true);
    }

    /**
     * Commits a filled box: READY and immutable, its length exactly {@code grant.size()}, its lease
     * {@code now + lease}, one reference per delivery (a key may appear more than once: one reference
     * each), the writer holding none. The delivery keys, and key 0, may read it. With no delivery
     * left, the box is FREE at once (the handle is then already stale).
     *
     * @param live tested under the pool's lock for each delivery key; a key it rejects gets no reference
     *     and no authorization. The runtime passes "is this actor alive", set false before it calls
     *     {@link #holderEnded}, so a reader dying during the commit can never leave a reference behind.
     *     It must be quick and must not call the pool.
     * @return the handle, or Err when the grant is no longer this box's (committed or aborted already,
     *     the pool closed), the writer ended meanwhile, or its lease expired while writing; the box is
     *     then FREE
     * @throws IllegalArgumentException when a delivery key is 0 (key 0 needs no delivery to read)
     */
    public Result<Handle> commit(Grant grant, String msg, FmtType type, List<Long> deliveries, LongPredicate live) {
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(msg, "msg");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(deliveries, "deliveries");
        Objects.requireNonNull(live, "live");
        for (Long key : deliveries) {
            if (Objects.requireNonNull(key, "delivery key") == 0L) {
                throw new IllegalArgumentException("delivery key 0 is the main thread outside callbacks,"
                        + " which reads without a delivery: deliveries=" + deliveries);
            }
        }
        lock.lock();
        try {
            Box b = boxes[grant.box()];
            if (b.grant != grant) {
                return Result.err("commit refused: box " + grant.box() + " (epoch " + grant.epoch()
                        + ") is no longer granted to this write" + (closed ? ": " + SHUT_DOWN : ""));
            }
            b.grant = null;
            if (b.reclaimed) {
                freeBox(b, WRITER_ENDED);
                return Result.err(WRITER_ENDED);
            }
            if (b.expiryReported) {
                freeBox(b, "lease expired");
                return Result.err("commit refused: the lease of box " + grant.box() + " expired while writing"
                        + " (lease " + Duration.ofNanos(grant.leaseNanos()) + ")");
            }
            b.state = BoxState.READY;
            b.length = grant.size();
            b.msg = msg;
            b.type = type;
            b.deadline = clock.getAsLong() + grant.leaseNanos();
            for (long key : deliveries) {
                if (live.test(key)) {
                    b.refs.add(new Ref(key, b.index, b.epoch));
                    b.authorized.add(key);
                }
            }
            granted += b.refs.size();
            Handle handle = new Handle(b.index, b.epoch);
            if (b.refs.isEmpty()) {
                freeBox(b, "no readers");
            } else {
                arm(b.deadline);
            }
            return Result.ok(handle);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back a WRITING box without committing it (the fill threw, the writer was cancelled).
     *
     * @return true when this call freed it; false when the grant was already finished or the pool closed
     */
    public boolean abort(Grant grant) {
        Objects.requireNonNull(grant, "grant");
        lock.lock();
        try {
            Box b = boxes[grant.box()];
            if (b.grant != grant) {
                return false;
            }
            b.grant = null;
            freeBox(b, "aborted");
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------- reading

    /**
     * A reader of the READY box {@code handle} names, for {@code holder}. When the holder has an unread
     * delivery of it, the reader takes over that reference; otherwise an authorized holder (a delivery
     * key of the commit, or 0) takes a new one. Either way the box's lease is pushed to at least
     * {@code now + lease}.
     *
     * @return the reader; empty (counted as denied) when the handle is stale or forged, the box not
     *     READY, the holder not authorized, or the pool closed
     */
    public Optional<Reader> read(long holder, Handle handle, ReaderCodecs codecs, Duration lease) {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(codecs, "codecs");
        long leaseNanos = nanos(Checks.positive("lease", lease));
        lock.lock();
        try {
            Box b = readyBox(handle);
            if (b == null) {
                denied++;
                return Optional.empty();
            }
            Ref ref = unreadDelivery(b, holder);
            if (ref == null) {
                if (holder != 0 && !b.authorized.contains(holder)) {
                    denied++;
                    return Optional.empty();
                }
                ref = new Ref(holder, b.index, b.epoch);
                b.refs.add(ref);
            }
            ref.read = true;
            granted++;
            extend(b, leaseNanos);
            return Optional.of(new BoxReader(this, ref, region.box(b.index, b.length).asReadOnly(), b.type, codecs));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back one reference {@code holder} holds on {@code handle}'s box: an unread delivery first,
     * else its oldest read one (whose {@link BoxReader} then throws on use and closes as a no-op).
     * At zero references the box is FREE.
     *
     * @return false (counted as denied) when the holder holds none, or the handle is stale or forged
     */
    public boolean release(long holder, Handle handle) {
        Objects.requireNonNull(handle, "handle");
        lock.lock();
        try {
            Box b = readyBox(handle);
            Ref ref = b == null ? null : unreadDelivery(b, holder);
            if (b != null && ref == null) {
                for (Ref r : b.refs) {
                    if (r.holder == holder) {
                        ref = r;
                        break;
                    }
                }
            }
            if (ref == null) {
                denied++;
                return false;
            }
            dropRef(b, ref, "released");
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A handler or callback that got a delivery of {@code handle} returned: an unread delivery's
     * reference is given back; a read one stays with its reader. Stale handles are ignored (not denied:
     * this is the runtime's bookkeeping, and the box may have expired meanwhile).
     */
    public void deliveryDone(long holder, Handle handle) {
        Objects.requireNonNull(handle, "handle");
        lock.lock();
        try {
            Box b = readyBox(handle);
            Ref ref = b == null ? null : unreadDelivery(b, holder);
            if (ref != null) {
                dropRef(b, ref, "delivery done unread");
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link BoxReader#close()}: gives its reference back unless it is already gone. */
    void giveBack(Ref ref) {
        lock.lock();
        try {
            if (ref.gone == null) {
                dropRef(boxes[ref.box], ref, "closed");
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------- holders

    /**
     * Pushes to at least {@code now + lease} the lease of every box {@code holder} holds: as writer
     * (WRITING, unless already reported expired or reclaiming) and as reader (a reference held).
     */
    public void heartbeat(long holder, Duration lease) {
        long leaseNanos = nanos(Checks.positive("lease", lease));
        lock.lock();
        try {
            for (Box b : boxes) {
                boolean writes = b.state == BoxState.WRITING && b.writer == holder && !b.reclaimed
                        && !b.expiryReported;
                if (writes || (b.state == BoxState.READY && holds(b, holder))) {
                    extend(b, leaseNanos);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code holder} ended: its queued writes fail ({@code "write cancelled: writer ended"}), every
     * reference it holds is given back now, and its WRITING boxes are reclaimed: FREE now when its
     * grant is finished or was never handed out, else as soon as the grant is committed or aborted
     * (the commit then fails). Boxes it committed live on until released or expired.
     */
    public void holderEnded(long holder) {
        lock.lock();
        try {
            for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.writer == holder) {
                    it.remove();
                    w.error = WRITER_ENDED;
                    w.ready.signal();
                }
            }
            for (Box b : boxes) {
                if (b.state == BoxState.WRITING && b.writer == holder) {
                    if (b.waiter != null) { // granted from the queue; its thread has not woken yet
                        b.waiter.box = null;
                        b.waiter.error = WRITER_ENDED;
                        b.waiter.ready.signal();
                        b.waiter = null;
                        freeBox(b, WRITER_ENDED);
                    } else if (b.grant != null) {
                        b.reclaimed = true;
                    }
                } else if (b.state == BoxState.READY) {
                    for (Iterator<Ref> it = b.refs.iterator(); it.hasNext(); ) {
                        Ref r = it.next();
                        if (r.holder == holder) {
                            r.gone = "holder ended";
                            it.remove();
                        }
                    }
                    if (b.refs.isEmpty()) {
                        freeBox(b, "holder ended");
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------- leases

    /**
     * Checks every lease now: frees expired READY boxes and reports expired writers to the listener
     * (outside the lock). The timer calls it; tests call it after moving their clock.
     *
     * @return how many leases expired in this check
     */
    int expireLeases() {
        List<Handle> writers = new ArrayList<>();
        List<Long> writerKeys = new ArrayList<>();
        List<Handle> freed = new ArrayList<>();
        List<Long> freedWriters = new ArrayList<>();
        lock.lock();
        try {
            timerArmed = false;
            timerCancel = null;
            if (closed) {
                return 0;
            }
            long now = clock.getAsLong();
            for (Box b : boxes) {
                if (b.state == BoxState.READY && now - b.deadline >= 0) {
                    leaseExpiries++;
                    freed.add(new Handle(b.index, b.epoch));
                    freedWriters.add(b.writer);
                    freeBox(b, "lease expired");
                } else if (b.state == BoxState.WRITING && leaseRuns(b) && now - b.deadline >= 0) {
                    leaseExpiries++;
                    b.expiryReported = true;
                    writers.add(new Handle(b.index, b.epoch));
                    writerKeys.add(b.writer);
                }
            }
            armEarliest();
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < freed.size(); i++) {
            try {
                listener.onReadyLeaseExpired(freedWriters.get(i), freed.get(i));
            } catch (RuntimeException e) {
                LOG.warn("lease listener failed for {}", freed.get(i), e);
            }
        }
        for (int i = 0; i < writers.size(); i++) {
            try {
                listener.onWriterLeaseExpired(writerKeys.get(i), writers.get(i));
            } catch (RuntimeException e) {
                LOG.warn("lease listener failed for writer {} of {}", writerKeys.get(i), writers.get(i), e);
            }
        }
        return writers.size();
    }

    private static boolean leaseRuns(Box b) {
        return b.state == BoxState.READY
                || (b.state == BoxState.WRITING && !b.reclaimed && !b.expiryReported);
    }

    private void armEarliest() {
        boolean any = false;
        long earliest = 0;
        for (Box b : boxes) {
            if (leaseRuns(b) && (!any || b.deadline - earliest < 0)) {
                earliest = b.deadline;
                any = true;
            }
        }
        if (any) {
            arm(earliest);
        }
    }

    private void arm(long deadline) {
        if (closed || (timerArmed && deadline - timerDeadline >= 0)) {
            return;
        }
        if (timerCancel != null) {
            timerCancel.run();
        }
        timerArmed = true;
        timerDeadline = deadline;
        timerCancel = scheduler.schedule(this::expireLeases, deadline - clock.getAsLong());
    }

    private void extend(Box b, long leaseNanos) {
        long deadline = clock.getAsLong() + leaseNanos;
        if (deadline - b.deadline > 0) {
            b.deadline = deadline;
        }
    }

    // ---------------------------------------------------------------------------------------- shared

    /**
     * The region, mapping it now if no grant has yet (a PROCESS worker needs its {@link SharedRegion#path()}).
     *
     * @return the region, or Err naming why it cannot be made, or that the pool is closed
     */
    public Result<SharedRegion> region() {
        lock.lock();
        try {
            if (closed) {
                return Result.err(SHUT_DOWN);
            }
            Optional<String> failure = ensureRegion();
            return failure.isPresent() ? Result.err(failure.get()) : Result.ok(region);
        } finally {
            lock.unlock();
        }
    }

    private Optional<String> ensureRegion() {
        if (region == null) {
            try {
                region = regionFactory.create(poolSize, boxSize);
            } catch (IOException | RuntimeException e) {
                return Optional.of("shared memory unavailable for " + poolSize + " boxes of " + boxSize
                        + " bytes: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Counters, histograms and a snapshot of every box, consistent with one another. */
    public BoxPoolStats stats() {
        lock.lock();
        try {
            int free = 0;
            int writing = 0;
            int ready = 0;
            int reclaiming = 0;
            List<BoxPoolStats.BoxSnapshot> snapshots = new ArrayList<>(poolSize);
            for (Box b : boxes) {
                switch (b.state) {
                    case FREE -> free++;
                    case WRITING -> {
                        writing++;
                        if (b.reclaimed) {
                            reclaiming++;
                        }
                    }
                    case READY -> ready++;
                }
                snapshots.add(new BoxPoolStats.BoxSnapshot(b.index, b.state, b.epoch, b.length, b.refs.size(),
                        b.writer, b.msg, b.type));
            }
            int inUse = poolSize - free;
            return new BoxPoolStats(poolSize, boxSize, free, writing, ready, inUse, (double) inUse / poolSize,
                    queue.size(), reclaiming, granted, denied, leaseExpiries, waitMs.snapshot(), depthSeen.snapshot(),
                    snapshots);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Shuts the pool: waiting writes fail with {@code "supervisor shut down"}, references are dropped,
     * the timer is cancelled and the region unmapped. Idempotent.
     */
    @Override
    public void close() {
        SharedRegion toClose;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Waiter w : queue) {
                w.error = SHUT_DOWN;
                w.ready.signal();
            }
            queue.clear();
            for (Box b : boxes) {
                if (b.waiter != null) {
                    b.waiter.box = null;
                    b.waiter.error = SHUT_DOWN;
                    b.waiter.ready.signal();
                }
                for (Ref r : b.refs) {
                    r.gone = "pool closed";
                }
                b.clear();
            }
            if (timerCancel != null) {
                timerCancel.run();
                timerCancel = null;
            }
            toClose = region;
        } finally {
            lock.unlock();
        }
        if (toClose != null) {
            toClose.close(); // outside the lock: unmapping a shared arena is a handshake with every thread
        }
    }

    // ---------------------------------------------------------------------------------------- internals

    private Box readyBox(Handle h) {
        if (closed || h.box() < 0 || h.box() >= poolSize) {
            return null;
        }
        Box b = boxes[h.box()];
        return b.state == BoxState.READY && b.epoch == h.epoch() ? b : null;
    }

    private static Ref unreadDelivery(Box b, long holder) {
        for (Ref r : b.refs) {
            if (r.holder == holder && !r.read) {
                return r;
            }
        }
        return null;
    }

    private static boolean holds(Box b, long holder) {
        for (Ref r : b.refs) {
            if (r.holder == holder) {
                return true;
            }
        }
        return false;
    }

    private void assign(Box b, long writer, long leaseNanos) {
        freeBoxes.clear(b.index);
        b.state = BoxState.WRITING;
        b.writer = writer;
        b.deadline = clock.getAsLong() + leaseNanos;
        arm(b.deadline);
    }

    private Grant newGrant(Box b, long size, long leaseNanos) {
        Grant g = new Grant(b.index, b.epoch, b.writer, size, leaseNanos, region.box(b.index, size));
        b.grant = g;
        b.length = size;
        return g;
    }

    private void dropRef(Box b, Ref ref, String why) {
        ref.gone = why;
        b.refs.remove(ref);
        if (b.refs.isEmpty()) {
            freeBox(b, why);
        }
    }

    /** Any state to FREE: references dropped, epoch++, and the oldest waiters served. */
    private void freeBox(Box b, String why) {
        for (Ref r : b.refs) {
            r.gone = why;
        }
        b.clear();
        b.epoch++;
        freeBoxes.set(b.index);
        serveQueue();
    }

    private void serveQueue() {
        while (!queue.isEmpty()) {
            int free = freeBoxes.nextSetBit(0);
            if (free < 0) {
                return;
            }
            Waiter w = queue.pollFirst();
            Box b = boxes[free];
            assign(b, w.writer, w.leaseNanos);
            b.waiter = w;
            w.box = b;
            w.ready.signal();
        }
    }

    private static long nanos(Duration d) {
        return d.compareTo(Duration.ofNanos(MAX_NANOS)) >= 0 ? MAX_NANOS : d.toNanos();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** One box's metadata. Guarded by the pool's lock. */
    private static final class Box {
        final int index;
        BoxState state = BoxState.FREE;
        long epoch = 1;
        long length; // granted size while WRITING, committed length while READY
        long writer;
        Grant grant; // the outstanding grant: non-null from handing out to commit/abort
        Waiter waiter; // granted from the queue, its thread not yet woken
        boolean reclaimed; // the writer ended inside its fill: FREE when the grant finishes
        boolean expiryReported; // the listener was told this grant's lease expired
        long deadline; // lease expiry, on the pool's clock
        String msg;
        FmtType type;
        final List<Ref> refs = new ArrayList<>(2);
        final Set<Long> authorized = new HashSet<>(4);

        Box(int index) {
            this.index = index;
        }

        void clear() {
            state = BoxState.FREE;
            length = 0;
            writer = 0;
            grant = null;
            waiter = null;
            reclaimed = false;
            expiryReported = false;
            deadline = 0;
            msg = null;
            type = null;
            refs.clear();
            authorized.clear();
        }
    }

    /** A queued acquire. Fields guarded by the pool's lock; the thread waits on {@code ready}. */
    private static final class Waiter {
        final long writer;
        final long leaseNanos;
        final Condition ready;
        Box box; // set when granted
        String error; // set when failed

        Waiter(long writer, long leaseNanos, Condition ready) {
            this.writer = writer;
            this.leaseNanos = leaseNanos;
            this.ready = ready;
        }
    }

    /** One reference to one use (box, epoch) of a box, owned by one holder. */
    static final class Ref {
        final long holder;
        final int box;
        final long epoch;
        boolean read; // guarded by the pool's lock: taken over by a reader
        volatile String gone; // why it was dropped; written under the lock, read by its BoxReader

        Ref(long holder, int box, long epoch) {
            this.holder = holder;
            this.box = box;
            this.epoch = epoch;
        }
    }
}
