package dev.future.internal.runtime;

import dev.future.ActorId;
import dev.future.Codec;
import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Message;
import dev.future.Reader;
import dev.future.Result;
import dev.future.Share;
import dev.future.SupervisorConfig;
import dev.future.Track;
import dev.future.Write;
import dev.future.internal.diag.FlightEvents;
import dev.future.internal.diag.Recorder;
import dev.future.internal.box.BoxPool;
import dev.future.internal.box.Grant;
import dev.future.internal.box.LeaseListener;
import dev.future.internal.box.ReaderCodecs;
import dev.future.internal.codec.FmtImpl;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The runtime's side of tier 2: it encodes writes, asks the {@link BoxPool} for a box, fills and
 * commits it, and delivers the handle to every authorized reader per {@link Share} — actors'
 * mailboxes and the main-thread subscribers of the writer and of the supervisor, one reference
 * per delivery. It also gives references back when handlers and callbacks return, when actors end,
 * and turns an expired WRITING lease into a kill ({@code lease_expired}).
 *
 * <p>Holder keys: an actor is its id ({@code > 0}); a subscriber is its channel's negative key;
 * main-thread code outside any callback is 0 (always authorized to read a READY box).
 */
final class Tier2 implements LeaseListener, ReaderCodecs {

    private final SupervisorImpl sup;
    private final SupervisorConfig config;
    private final FmtImpl fmt;
    private final BoxPool pool;

    Tier2(SupervisorImpl sup, SupervisorConfig config, FmtImpl fmt, ScheduledExecutorService timer) {
        this.sup = sup;
        this.config = config;
        this.fmt = fmt;
        this.pool = new BoxPool(config.poolSize(), config.boxSize(), timer, this);
    }

    BoxPool pool() {
        return pool;
    }

    // ---------------------------------------------------------------- writes (the writer's thread)

    Result<Handle> write(Incarnation writer, Write write) {
        byte[] bytes;
        try {
            Codec codec = write.codec().isPresent() ? fmt.codec(write.codec().get()) : fmt.codecFor(write.type());
            bytes = codec.encode(write.value());
        } catch (RuntimeException e) {
            return Result.err("could not encode the value of write '" + write.msg() + "' as "
                    + write.codec().orElse(write.type().name()) + ": " + e.getMessage());
        }
        byte[] payload = bytes;
        return writeInPlace(writer, write.msg(), write.type(), write.share(), payload.length,
                segment -> MemorySegment.copy(payload, 0, segment, ValueLayout.JAVA_BYTE, 0, payload.length));
    }

    Result<Handle> writeInPlace(Incarnation writer, String msg, FmtType type, Share share, long size,
            Consumer<MemorySegment> fill) {
        if (size < 0) {
            return Result.err("a write's size must not be negative: size=" + size);
        }
        ActorCell cell = writer.cell;
        long key = cell.id.value();
        Duration lease = config.leaseFor(cell.name);
        Duration wait = config.writeTimeout().orElse(config.defaultLease());
        Result<Grant> granted = pool.acquire(key, size, lease, wait);
        if (granted instanceof Result.Err<Grant>(String why)) {
            return Result.err("write '" + msg + "' by actor " + cell.label() + ": " + why);
        }
        Grant grant = granted.value();
        boolean done = false;
        try {
            fill.accept(grant.segment());
            if (writer.isCancelled()) {
                return Result.err("write '" + msg + "' by actor " + cell.label() + " cancelled: the actor was stopped");
            }
            List<ActorCell> readers = readers(cell, share);
            List<Subscribers.Channel> channels = new ArrayList<>();
            ActorCell.Extras e = cell.extrasOrNull();
            if (e != null) {
                channels.addAll(List.of(e.subscribers.channels()));
            }
            channels.addAll(List.of(sup.supervisorSubscribers().channels()));
            List<Long> keys = new ArrayList<>(readers.size() + channels.size());
            for (ActorCell r : readers) {
                keys.add(r.id.value());
            }
            for (Subscribers.Channel c : channels) {
                keys.add(c.holderKey);
            }
            Result<Handle> committed = pool.commit(grant, msg, type, keys, k -> k < 0 || isAlive(k));
            done = true;
            Recorder recorder = sup.recorder;
            recorder.maybeRecord(Track.REF_COUNT_HISTORY, keys.size());
            if (recorder.sample(Track.BUFFER_UTILIZATION)) {
                recorder.record(Track.BUFFER_UTILIZATION, Math.round(pool.stats().utilization() * 100));
            }
            if (committed instanceof Result.Ok<Handle>(Handle handle)) {
                Message m = new Message(msg, type, null, handle, cell.id);
                for (ActorCell r : readers) {
                    if (!sup.deliverSystem(r, m)) {
                        pool.deliveryDone(r.id.value(), handle);
                    }
                }
                for (Subscribers.Channel c : channels) {
                    c.deliver(m);
                }
            }
            return committed;
        } finally {
            if (!done) {
                pool.abort(grant);
            }
        }
    }

    private boolean isAlive(long key) {
        ActorCell c = sup.lookup(new ActorId(key));
        return c != null && !c.dead;
    }

    /** The actors a commit by {@code writer} reaches under {@code share} (never the writer itself). */
    private List<ActorCell> readers(ActorCell writer, Share share) {
        return switch (share.kind()) {
            case OWNER -> List.of();
            case GROUP -> sup.groupMates(writer);
            case LINKED -> sup.linkedOrMonitoring(writer);
            case ACTORS -> {
                List<ActorCell> out = new ArrayList<>();
                for (ActorId id : share.actors()) {
                    ActorCell c = sup.lookup(id);
                    if (c != null && !c.dead && c != writer) {
                        out.add(c);
                    }
                }
                yield out;
            }
        };
    }

    // ---------------------------------------------------------------- reads and releases

    Optional<Reader> read(long holder, ActorCell reader, Message message) {
        Handle h = message.handle();
        if (h == null) {
            return Optional.empty();
        }
        Duration lease = config.leaseFor(reader == null ? null : reader.name);
        return pool.read(holder, h, this, lease);
    }

    void release(long holder, Handle handle) {
        pool.release(holder, handle);
    }

    void deliveryDone(long holder, Handle handle) {
        pool.deliveryDone(holder, handle);
    }

    void holderEnded(long holder) {
        pool.holderEnded(holder);
    }

    void holderEnded(ActorCell cell) {
        pool.holderEnded(cell.id.value());
    }

    void heartbeat(ActorCell cell) {
        pool.heartbeat(cell.id.value(), config.leaseFor(cell.name));
    }

    dev.future.internal.box.BoxPoolStats poolStats() {
        return pool.stats();
    }

    void close() {
        pool.close();
    }

    // ---------------------------------------------------------------- LeaseListener (the timer thread)

    @Override
    public void onReadyLeaseExpired(long writer, Handle h) {
        leaseEvent(writer, h);
    }

    private static void leaseEvent(long writer, Handle h) {
        FlightEvents.LeaseExpiry e = new FlightEvents.LeaseExpiry();
        if (e.shouldCommit()) {
            e.writer = new ActorId(writer).toString();
            e.box = h.box();
            e.epoch = h.epoch();
            e.commit();
        }
    }

    @Override
    public void onWriterLeaseExpired(long writer, Handle h) {
        leaseEvent(writer, h);
        ActorCell cell = sup.lookup(new ActorId(writer));
        if (cell != null && !cell.dead) {
            sup.kill(cell, Kill.LEASE_EXPIRED);
        }
    }

    // ---------------------------------------------------------------- ReaderCodecs

    @Override
    public Object json(byte[] bytes) {
        return fmt.json().decode(bytes);
    }

    @Override
    public <T> T json(byte[] bytes, Class<T> type) {
        return fmt.json().decode(bytes, type);
    }

    @Override
    public Object cbor(byte[] bytes) {
        return fmt.cbor().decode(bytes);
    }

    @Override
    public <T> T cbor(byte[] bytes, Class<T> type) {
        return fmt.cbor().decode(bytes, type);
    }

    @Override
    public <T> T custom(String codecName, byte[] bytes, Class<T> type) {
        return fmt.codec(codecName).decode(bytes, type);
    }
}
