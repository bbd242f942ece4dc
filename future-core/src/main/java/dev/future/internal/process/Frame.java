package dev.future.internal.process;

import java.util.List;

/**
 * The frames of the worker protocol, one record per frame type ({@link FrameCodec} draws the wire
 * layout and owns the tag table). Every record validates its fields in its canonical constructor,
 * which Jackson calls when it decodes a frame: a frame with a field out of range never exists as an
 * object, it is a {@link ProtocolException}.
 *
 * <h2>Conversation</h2>
 * Strictly request/response, one exchange at a time, driven by the supervisor:
 * <pre>
 *  supervisor                                   worker
 *      |                                    &lt;--   Hello(pid)            once, after connecting
 *      |   Start(class, pool...)             --&gt;
 *      |                                    &lt;--   Done | Crashed        constructed, or the ctor threw
 *      |   Deliver(message)                  --&gt;                        the handler runs in the worker
 *      |                                    &lt;--   Send | Heartbeat | Release | TerminateSelf   (no reply)
 *      |                                    &lt;--   Tell | RefOp | Read | Resource | Spawn | Receive
 *      |   Reply(value | error)              --&gt;
 *      |                                    &lt;--   Write(size...)
 *      |   Grant(offset, size)               --&gt;                        the worker fills the box in place
 *      |                                    &lt;--   Filled
 *      |   Reply({box, epoch} | error)       --&gt;
 *      |                                    &lt;--   Done | Crashed(class, message)   the handler ended
 * </pre>
 * A worker's requests are served by the actor's drainer thread in the supervisor, through the same
 * {@code ActorContext} calls a THREAD actor makes, so authorization, fencing and the hang watchdog
 * apply unchanged. Tier-2 payloads never travel here: only offsets into the shared pool.
 */
public sealed interface Frame {

    /** Longest dispatch key, name or reason accepted from a worker. */
    int MAX_TEXT = 4096;
    /** Longest class, method or resource name accepted from a worker. */
    int MAX_NAME = 1024;
    /** Most resource-call parameters or share targets accepted from a worker. */
    int MAX_LIST = 256;

    /** Whether a worker may send this frame. */
    default boolean fromWorker() {
        return false;
    }

    // ------------------------------------------------------------------ supervisor -> worker

    /** Construct an instance of {@code actorClass}; map the pool ({@code poolPath} null: none) if not yet. */
    record Start(String actorClass, String name, String poolPath, int poolSize, long boxSize,
            String defaultFormat) implements Frame {}

    /** Run the handler of actor {@code self} on one message. */
    record Deliver(MessageFrame message, long self) implements Frame {}

    /**
     * The answer to the worker's last request: {@code value}, or an {@code error} of a {@code kind}
     * ({@code "resource"}, {@code "argument"}, {@code "state"}, {@code "interrupted"}, {@code "other"}).
     */
    record Reply(Object value, String error, String kind, List<String> violations) implements Frame {
        public static Reply ok(Object value) {
            return new Reply(value, null, null, List.of());
        }

        public static Reply error(String kind, String error, List<String> violations) {
            return new Reply(null, error, kind, violations);
        }
    }

    /** A box was granted for the worker's write: fill {@code size} bytes at {@code offset} of the pool. */
    record Grant(long offset, long size) implements Frame {}

    // ------------------------------------------------------------------ worker -> supervisor

    /** The first frame of a worker: who it is. */
    record Hello(long pid) implements Frame {
        public Hello {
            positive("pid", pid);
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** The constructor or the handler returned. */
    record Done() implements Frame {
        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** The constructor or the handler threw. */
    record Crashed(String exceptionClass, String message) implements Frame {
        public Crashed {
            bounded("exceptionClass", exceptionClass, MAX_NAME, false);
            message = message == null || message.length() <= MAX_TEXT ? message : message.substring(0, MAX_TEXT);
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** {@code self.send(msg, data)}. */
    record Send(String msg, Object data) implements Frame {
        public Send {
            bounded("msg", msg, MAX_TEXT, false);
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** {@code ref.receive(msg, data)} on the ref of another actor. */
    record Tell(long target, String msg, Object data) implements Frame {
        public Tell {
            positive("target", target);
            bounded("msg", msg, MAX_TEXT, false);
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** {@code ctx.heartbeat()}. */
    record Heartbeat() implements Frame {
        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** {@code ctx.terminate()}. */
    record TerminateSelf() implements Frame {
        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /**
     * {@code link}, {@code unlink}, {@code monitor}, {@code demonitor} or {@code terminate} on actor
     * {@code target}, made by the calling actor ({@code subject == 0}) or by actor {@code subject} (a
     * ref's own {@code link(other)}).
     */
    record RefOp(long target, String op, long subject) implements Frame {
        public RefOp {
            positive("target", target);
            notNegative("subject", subject);
            if (!List.of("link", "unlink", "monitor", "demonitor", "terminate").contains(op)) {
                throw new IllegalArgumentException("unknown ref operation: op=" + op);
            }
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** A tier-2 write of {@code size} bytes: asks for a box. */
    record Write(String msg, String type, String share, List<Long> shareIds, long size) implements Frame {
        public Write {
            bounded("msg", msg, MAX_TEXT, false);
            fmtType(type, false);
            if (!List.of("OWNER", "GROUP", "LINKED", "ACTORS").contains(share)) {
                throw new IllegalArgumentException("unknown share: share=" + share);
            }
            shareIds = List.copyOf(shareIds == null ? List.of() : shareIds);
            if (shareIds.size() > MAX_LIST) {
                throw new IllegalArgumentException("too many share targets: " + shareIds.size());
            }
            shareIds.forEach(id -> positive("shareIds[]", id));
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative: size=" + size);
            }
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** The granted box is filled ({@code ok}), or filling it threw in the worker (the grant is aborted). */
    record Filled(boolean ok) implements Frame {
        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** {@code ctx.read(message)}. */
    record Read(MessageFrame message) implements Frame {
        public Read {
            if (message == null) {
                throw new IllegalArgumentException("read without a message");
            }
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** {@code reader.close()} ({@code reader == true}) or {@code ctx.release(handle)}. */
    record Release(int box, long epoch, boolean reader) implements Frame {
        public Release {
            notNegative("box", box);
            notNegative("epoch", epoch);
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** A call on a resource proxy: arguments as plain data, matched to the method by parameter type names. */
    record Resource(String api, String method, List<String> parameterTypes, List<Object> args) implements Frame {
        public Resource {
            bounded("api", api, MAX_NAME, false);
            bounded("method", method, MAX_NAME, false);
            parameterTypes = List.copyOf(parameterTypes == null ? List.of() : parameterTypes);
            parameterTypes.forEach(t -> bounded("parameterTypes[]", t, MAX_NAME, false));
            args = args == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
            if (parameterTypes.size() > MAX_LIST || args.size() != parameterTypes.size()) {
                throw new IllegalArgumentException("resource call " + method + ": " + args.size() + " arguments for "
                        + parameterTypes.size() + " parameters");
            }
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** {@code ctx.spawn(actorClass, options)}: the child is created by the supervisor. */
    record Spawn(String actorClass, String name, String isolation, long maxHeap, long hangTimeoutMillis,
            boolean trapExits, String restart) implements Frame {
        public Spawn {
            bounded("actorClass", actorClass, MAX_NAME, false);
            bounded("name", name, MAX_TEXT, true);
            if (!List.of("THREAD", "PROCESS").contains(isolation)) {
                throw new IllegalArgumentException("unknown isolation: isolation=" + isolation);
            }
            if (!List.of("PERMANENT", "TRANSIENT", "TEMPORARY").contains(restart)) {
                throw new IllegalArgumentException("unknown restart: restart=" + restart);
            }
            if (hangTimeoutMillis < -1) {
                throw new IllegalArgumentException("hangTimeoutMillis must be -1 (default) or more: "
                        + hangTimeoutMillis);
            }
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    /** {@code ctx.receive(key, timeout)}; {@code key} null for any message. */
    record Receive(String key, long timeoutMillis) implements Frame {
        public Receive {
            bounded("key", key, MAX_TEXT, true);
            notNegative("timeoutMillis", timeoutMillis);
        }

        @Override
        public boolean fromWorker() {
            return true;
        }
    }

    // ------------------------------------------------------------------ parts

    /**
     * A {@code Message} on the wire: tier-1 data as plain data ({@link PlainData}), or a tier-2 handle ({@code box >= 0}).
     *
     * @param type the {@code FmtType} name, or null for tier 1
     * @param box the handle's box, or -1 for none
     */
    record MessageFrame(String msg, String type, Object data, int box, long epoch, long from) {
        public MessageFrame {
            bounded("msg", msg, MAX_TEXT, false);
            fmtType(type, true);
            if (box < -1) {
                throw new IllegalArgumentException("box must be -1 (none) or a box index: box=" + box);
            }
            notNegative("epoch", epoch);
            notNegative("from", from);
        }
    }

    // ------------------------------------------------------------------ validation

    private static void bounded(String field, String value, int max, boolean nullable) {
        if (value == null) {
            if (!nullable) {
                throw new IllegalArgumentException(field + " is missing");
            }
            return;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters: " + value.length());
        }
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive: " + field + "=" + value);
        }
    }

    private static void notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative: " + field + "=" + value);
        }
    }

    private static void fmtType(String type, boolean nullable) {
        if (type == null && nullable) {
            return;
        }
        if (!List.of("JSON", "STRING", "BINARY", "CBOR").contains(type)) {
            throw new IllegalArgumentException("unknown format type: type=" + type);
        }
    }
}
