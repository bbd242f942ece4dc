package dev.future.observer;

import dev.future.ActorDiagnostics;
import dev.future.ActorId;
import dev.future.Supervisor;
import dev.future.SupervisorDiagnostics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.ToStringSerializer;

/*
 * Implementation overview.
 *
 * One virtual thread, the sampler, is the only caller of supervisor.diagnostics(). Each tick it takes
 * one snapshot, encodes it once (JSON, and the same bytes framed as one Server-Sent Event), publishes
 * it in `latest` and offers the event to every client's queue. A tick runs only while someone watches:
 * an event-stream client is registered, or a snapshot request asked within DEMAND_WINDOW. Between ticks
 * the sampler parks for the interval; a request or a new client unparks it early.
 *
 * Client queues are bounded. The sampler is their only producer: when a queue is full it drops the
 * oldest event (counting it), so a slow client never blocks the sampler nor another client, and always
 * gets the newest state next. CLOSED, offered last, tells each client handler to end.
 *
 * Shutdown: close() sets `closed`, unparks and joins the sampler, then offers CLOSED to every client.
 */
final class SnapshotSampler implements AutoCloseable {

    /** One sample, encoded once for everyone. */
    record Snapshot(long seq, long atNanos, byte[] json, byte[] event) {}

    /** The end-of-stream marker a client handler stops at. */
    static final byte[] CLOSED = new byte[0];

    private static final long DEMAND_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Supervisor supervisor;
    private final long intervalNanos;
    private final int clientQueue;
    private final int maxClients;
    private final JsonMapper mapper;
    private final Thread thread;

    // written by client handler threads (register / unregister), read by the sampler
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clientCount = new AtomicInteger();
    // written by request threads, read by the sampler: until when (nanoTime) someone asked for snapshots
    private volatile long demandUntil;
    // written by the sampler, read by request threads
    private volatile Snapshot latest;
    // written by close(), read by everyone
    private volatile boolean closed;

    // sampler thread only
    private long seq;
    private long previousSum = -1;
    private long previousAt;

    // guards waiting for a fresh snapshot; the sampler signals `published` after each one
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();

    SnapshotSampler(Supervisor supervisor, Duration interval, int clientQueue, int maxClients) {
        this.supervisor = supervisor;
        this.intervalNanos = interval.toNanos();
        this.clientQueue = clientQueue;
        this.maxClients = maxClients;
        this.mapper = mapper();
        this.thread = Thread.ofVirtual().name("future-observer-sampler").unstarted(this::run);
    }

    /** The observer's own mapper: actor ids as {@code "actor-<n>"}; Optional and java.time are built in. */
    static JsonMapper mapper() {
        SimpleModule module = new SimpleModule("future-observer");
        module.addSerializer(ActorId.class, ToStringSerializer.instance);
        return JsonMapper.builder().addModule(module).build();
    }

    void start() {
        thread.start();
    }

    /**
     * A snapshot no older than about one interval: the latest if it is fresh, else the next one,
     * waiting up to {@code timeout}; empty when none came in time (or the sampler is closed).
     */
    Optional<Snapshot> fresh(Duration timeout) throws InterruptedException {
        Snapshot current = latest;
        if (current != null && System.nanoTime() - current.atNanos() <= intervalNanos + intervalNanos / 2) {
            demand();
            return Optional.of(current);
        }
        long after = current == null ? 0 : current.seq();
        demand();
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!closed && (latest == null || latest.seq() <= after)) {
                if (remaining <= 0) {
                    return Optional.empty();
                }
                remaining = published.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
        return Optional.ofNullable(latest).filter(s -> s.seq() > after);
    }

    /** A new event-stream client, primed with the latest snapshot; empty when {@code maxClients} are served. */
    Optional<Client> register() {
        if (closed) {
            return Optional.empty();
        }
        if (clientCount.incrementAndGet() > maxClients) {
            clientCount.decrementAndGet();
            return Optional.empty();
        }
        Client client = new Client(clientQueue);
        Snapshot current = latest;
        if (current != null) {
            client.offer(current.event());
        }
        clients.add(client);
        LockSupport.unpark(thread);
        if (closed) {
            // close() may have swept the clients before this one was added
            client.offer(CLOSED);
        }
        return Optional.of(client);
    }

    void unregister(Client client) {
        if (clients.remove(client)) {
            clientCount.decrementAndGet();
        }
    }

    private void demand() {
        demandUntil = System.nanoTime() + DEMAND_WINDOW_NANOS;
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            long now = System.nanoTime();
            Snapshot current = latest;
            boolean watched = !clients.isEmpty() || now - demandUntil < 0;
            boolean due = current == null || now - current.atNanos() >= intervalNanos / 2;
            if (watched && due) {
                publish(sample(now));
            }
            LockSupport.parkNanos(this, intervalNanos);
        }
    }

    private Snapshot sample(long now) {
        long id = ++seq;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", id);
        body.put("at", System.currentTimeMillis());
        try {
            SupervisorDiagnostics diagnostics = supervisor.diagnostics();
            long sum = 0;
            for (ActorDiagnostics actor : diagnostics.actors()) {
                sum += actor.messageCount();
            }
            double perSecond = 0;
            if (previousSum >= 0 && now > previousAt) {
                // actors that ended take their counts with them: a drop of the sum is not negative work
                perSecond = Math.max(0, sum - previousSum) * 1e9 / (now - previousAt);
            }
            previousSum = sum;
            previousAt = now;
            body.put("messagesHandled", sum);
            body.put("messagesPerSecond", Math.round(perSecond * 10) / 10.0);
            body.put("diagnostics", diagnostics);
        } catch (RuntimeException e) {
            // a supervisor shut down (or failing) is shown on the page, and the sampler lives on
            body.put("error", "diagnostics failed: " + e);
        }
        byte[] json = mapper.writeValueAsBytes(body);
        byte[] head = ("id: " + id + "\nevent: snapshot\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] event = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, event, 0, head.length);
        System.arraycopy(json, 0, event, head.length, json.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        return new Snapshot(id, now, json, event);
    }

    private void publish(Snapshot snapshot) {
        lock.lock();
        try {
            latest = snapshot;
            published.signalAll();
        } finally {
            lock.unlock();
        }
        for (Client client : clients) {
            client.offer(snapshot.event());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        try {
            if (!thread.join(Duration.ofSeconds(5))) {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        lock.lock();
        try {
            published.signalAll();
        } finally {
            lock.unlock();
        }
        for (Client client : clients) {
            client.offer(CLOSED);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One event-stream client's bounded queue. */
    static final class Client {
        private final ArrayBlockingQueue<byte[]> queue;
        // written by the sampler, read by anyone (diagnostics of the observer itself)
        private final AtomicLong dropped = new AtomicLong();

        Client(int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        /** Never blocks: drops the oldest event while the queue is full. */
        void offer(byte[] event) {
            while (!queue.offer(event)) {
                if (queue.poll() != null) {
                    dropped.incrementAndGet();
                }
            }
        }

        /** The next event, or null after {@code timeout}. */
        byte[] next(Duration timeout) throws InterruptedException {
            return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        long dropped() {
            return dropped.get();
        }
    }
}
