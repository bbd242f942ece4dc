package dev.future.internal.process.worker;

import dev.future.Actor;
import dev.future.ActorContext;
import dev.future.ActorId;
import dev.future.ActorRef;
import dev.future.ActorSelf;
import dev.future.Fmt;
import dev.future.FmtType;
import dev.future.Handle;
import dev.future.Message;
import dev.future.Reader;
import dev.future.ResourceException;
import dev.future.Result;
import dev.future.Share;
import dev.future.SpawnOptions;
import dev.future.Write;
import dev.future.internal.box.SharedRegion;
import dev.future.internal.codec.Codecs;
import dev.future.internal.codec.FmtImpl;
import dev.future.internal.process.Frame;
import dev.future.internal.process.FrameCodec;
import dev.future.internal.process.PlainData;
import dev.future.internal.process.ProtocolException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code self} and {@code ctx} of an actor running in a worker JVM: the same API as in the
 * supervisor's JVM, each call relayed to the supervisor, which makes it on the actor's behalf (and
 * checks it there). Tier-2 bytes are filled and read in place in the shared pool at the offsets the
 * supervisor grants; only those offsets cross the socket.
 *
 * <p>{@link #isCancelled()} becomes true after {@link #terminate()}; a PROCESS actor killed from
 * outside is SIGKILLed, so it never has to poll for that.
 */
final class WorkerContext implements ActorSelf, ActorContext {

    private final WorkerRunner runner;
    private volatile ActorId id = ActorId.SYSTEM; // set by the main thread before each handler
    private final String name;
    private final FmtImpl fmt;
    private volatile boolean cancelled; // set by terminate(), on any handler thread

    WorkerContext(WorkerRunner runner, String name, FmtImpl fmt) {
        this.runner = runner;
        this.name = name;
        this.fmt = fmt;
    }

    void self(ActorId self) {
        this.id = self;
    }

    @Override
    public ActorId id() {
        return id;
    }

    String label() {
        return name != null ? name : id.toString();
    }

    // ------------------------------------------------------------------ fire and forget

    @Override
    public void send(String msg) {
        send(msg, null);
    }

    @Override
    public void send(String msg, Object data) {
        Objects.requireNonNull(msg, "msg");
        runner.send(new Frame.Send(msg, PlainData.of(data)));
    }

    @Override
    public void heartbeat() {
        runner.send(new Frame.Heartbeat());
    }

    @Override
    public void terminate() {
        if (!cancelled) {
            cancelled = true;
            runner.send(new Frame.TerminateSelf());
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void release(Handle handle) {
        Objects.requireNonNull(handle, "handle");
        runner.send(new Frame.Release(handle.box(), handle.epoch(), false));
    }

    // ------------------------------------------------------------------ requests

    /** Makes a request and returns the reply's value, rethrowing its error as the exception a THREAD actor would get. */
    Object request(Frame request) {
        Frame f = runner.call(request);
        if (!(f instanceof Frame.Reply r)) {
            throw new IllegalStateException("the supervisor answered " + request.getClass().getSimpleName()
                    + " with " + f.getClass().getSimpleName());
        }
        return value(r);
    }

    private static Object value(Frame.Reply r) {
        if (r.error() == null) {
            return r.value();
        }
        String kind = r.kind() == null ? "other" : r.kind();
        throw switch (kind) {
            case "resource" -> new ResourceException(r.error(), r.violations() == null ? List.of() : r.violations());
            case "argument" -> new IllegalArgumentException(r.error());
            case "state", "interrupted" -> new IllegalStateException(r.error());
            case "unsupported" -> new UnsupportedOperationException(r.error());
            default -> new RuntimeException(r.error());
        };
    }

    @Override
    public Optional<Message> receive(Duration timeout) throws InterruptedException {
        return receive(null, timeout, true);
    }

    @Override
    public Optional<Message> receive(String msgKey, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(msgKey, "msgKey");
        return receive(msgKey, timeout, true);
    }

    private Optional<Message> receive(String key, Duration timeout, boolean unused) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: timeout=" + timeout);
        }
        long millis = Math.min(timeout.toMillis(), Long.MAX_VALUE / 4);
        Frame f = runner.call(new Frame.Receive(key, millis));
        if (f instanceof Frame.Reply r && "interrupted".equals(r.kind())) {
            throw new InterruptedException(r.error());
        }
        Object v = f instanceof Frame.Reply r ? value(r) : null;
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(WorkerRunner.toMessage(FrameCodec.fromMap(v, Frame.MessageFrame.class)));
        } catch (ProtocolException e) {
            throw new IllegalStateException("the supervisor answered receive with " + e.getMessage(), e);
        }
    }

    @Override
    public Result<Handle> write(Write write) {
        Objects.requireNonNull(write, "write");
        if (write.codec().isPresent()) {
            return Result.err("write '" + write.msg() + "' by actor " + label() + ": named codecs ("
                    + write.codec().get() + ") are registered in the supervisor's JVM and are not available in a "
                    + "PROCESS actor; encode the value yourself and write BINARY");
        }
        byte[] bytes;
        try {
            bytes = fmt.codecFor(write.type()).encode(write.value());
        } catch (RuntimeException e) {
            return Result.err("could not encode the value of write '" + write.msg() + "' as " + write.type() + ": "
                    + e.getMessage());
        }
        return write(write.msg(), write.type(), write.share(), bytes.length,
                seg -> MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, bytes.length));
    }

    @Override
    public Result<Handle> write(String msg, FmtType type, Share share, long size, Consumer<MemorySegment> fill) {
        Objects.requireNonNull(msg, "msg");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(fill, "fill");
        List<Long> ids = new ArrayList<>();
        share.actors().forEach(a -> ids.add(a.value()));
        synchronized (runner) { // the grant, the fill and the commit are one exchange
            Frame f = runner.call(new Frame.Write(msg, type.name(), share.kind().name(), ids, size));
            if (f instanceof Frame.Reply r) {
                return r.error() != null ? Result.err(r.error()) : Result.err("write refused");
            }
            Frame.Grant g = (Frame.Grant) f;
            SharedRegion region = runner.region;
            RuntimeException failure = null;
            try {
                fill.accept(region.segment().asSlice(g.offset(), g.size()));
            } catch (RuntimeException e) {
                failure = e;
            }
            Frame done = runner.call(new Frame.Filled(failure == null));
            if (failure != null) {
                throw failure;
            }
            Frame.Reply r = (Frame.Reply) done;
            if (r.error() != null) {
                return Result.err(r.error());
            }
            Map<?, ?> v = (Map<?, ?>) r.value();
            return Result.ok(new Handle(((Number) v.get("box")).intValue(), ((Number) v.get("epoch")).longValue()));
        }
    }

    @Override
    public Optional<Reader> read(Message message) {
        Objects.requireNonNull(message, "message");
        if (message.handle() == null) {
            return Optional.empty();
        }
        Object reply = request(new Frame.Read(WorkerRunner.toFrame(new Message(message.msg(), message.type(), null,
                message.handle(), message.from() == null ? ActorId.SYSTEM : message.from()))));
        if (!(reply instanceof Map<?, ?> v)) {
            return Optional.empty();
        }
        long offset = ((Number) v.get("offset")).longValue();
        long size = ((Number) v.get("size")).longValue();
        FmtType type = FmtType.valueOf((String) v.get("type"));
        MemorySegment view = runner.region.segment().asSlice(offset, size).asReadOnly();
        Handle h = message.handle();
        return Optional.of(new WorkerReader(view, type, h, () -> runner.send(new Frame.Release(h.box(), h.epoch(),
                true))));
    }

    @Override
    public <R> R resource(Class<R> api) {
        Objects.requireNonNull(api, "api");
        if (!api.isInterface()) {
            throw new ResourceException("a resource is reached through its interface: api=" + api.getName());
        }
        Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> p == args[0];
                    case "hashCode" -> System.identityHashCode(p);
                    default -> "resource " + api.getName() + " (relayed to the supervisor)";
                };
            }
            return callResource(api, method, args == null ? new Object[0] : args);
        });
        return api.cast(proxy);
    }

    private Object callResource(Class<?> api, Method method, Object[] args) {
        List<String> types = new ArrayList<>();
        for (Class<?> t : method.getParameterTypes()) {
            types.add(t.getName());
        }
        List<Object> plain = new ArrayList<>();
        for (Object a : args) {
            plain.add(PlainData.of(a));
        }
        Object v = request(new Frame.Resource(api.getName(), method.getName(), types, plain));
        if (method.getReturnType() == void.class || v == null) {
            return null;
        }
        Class<?> rt = method.getReturnType();
        if (rt.isInstance(v) && method.getGenericReturnType() instanceof Class<?>) {
            return v; // plain data of the declared type: no mapper needed
        }
        if (rt == boolean.class && v instanceof Boolean || rt == int.class && v instanceof Integer) {
            return v;
        }
        if (rt == long.class && (v instanceof Integer || v instanceof Long)) {
            return ((Number) v).longValue();
        }
        return Codecs.cbor().convertValue(v, Codecs.cbor().constructType(method.getGenericReturnType()));
    }

    private void refOp(ActorRef other, String op) {
        Objects.requireNonNull(other, "other");
        request(new Frame.RefOp(other.id().value(), op, 0));
    }

    @Override
    public void link(ActorRef other) {
        refOp(other, "link");
    }

    @Override
    public void unlink(ActorRef other) {
        refOp(other, "unlink");
    }

    @Override
    public void monitor(ActorRef other) {
        refOp(other, "monitor");
    }

    @Override
    public void demonitor(ActorRef other) {
        refOp(other, "demonitor");
    }

    @Override
    public ActorRef spawn(Actor actor) {
        return spawn(actor, SpawnOptions.defaults());
    }

    @Override
    public ActorRef spawn(Actor actor, SpawnOptions options) {
        throw new IllegalArgumentException("a PROCESS actor spawns children with the class form, "
                + "ctx.spawn(ActorClass.class, options): a lambda cannot leave its worker JVM");
    }

    @Override
    public ActorRef spawn(Class<? extends Actor> actorClass, SpawnOptions options) {
        Objects.requireNonNull(actorClass, "actorClass");
        Objects.requireNonNull(options, "options");
        Map<?, ?> v = (Map<?, ?>) request(new Frame.Spawn(actorClass.getName(), options.name().orElse(null),
                options.isolation().name(), options.maxHeap(), options.hangTimeout().map(Duration::toMillis).orElse(-1L),
                options.trapExits(), options.restart().name()));
        return new RemoteRef(this, new ActorId(((Number) v.get("id")).longValue()), (String) v.get("name"));
    }

    @Override
    public Fmt fmt() {
        return fmt;
    }

    @Override
    public String toString() {
        return "ProcessActor[" + label() + "]";
    }
}
