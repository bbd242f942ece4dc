package dev.future.internal.process.worker;

import dev.future.ActorDiagnostics;
import dev.future.ActorId;
import dev.future.ActorRef;
import dev.future.ActorState;
import dev.future.Handle;
import dev.future.Message;
import dev.future.Reader;
import dev.future.Subscription;
import dev.future.internal.process.Frame;
import dev.future.internal.process.PlainData;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ref a PROCESS actor holds to another actor (a child it spawned): {@code receive},
 * {@code terminate}, {@code link}, {@code monitor} (and their undoing), {@code id} and {@code name}
 * work: they are relayed to the supervisor, which makes them on the actor's behalf.
 * What needs the supervisor's own objects (subscriptions, reads, diagnostics) is refused, naming why.
 */
final class RemoteRef implements ActorRef {

    private final WorkerContext ctx;
    private final ActorId id;
    private final String name;

    RemoteRef(WorkerContext ctx, ActorId id, String name) {
        this.ctx = ctx;
        this.id = id;
        this.name = name;
    }

    @Override
    public ActorId id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void receive(Message message) {
        Objects.requireNonNull(message, "message");
        ctx.request(new Frame.Tell(id.value(), message.msg(), PlainData.of(message.data())));
    }

    @Override
    public void receive(String msg, Object data) {
        Objects.requireNonNull(msg, "msg");
        ctx.request(new Frame.Tell(id.value(), msg, PlainData.of(data)));
    }

    @Override
    public void terminate() {
        ctx.request(new Frame.RefOp(id.value(), "terminate", 0));
    }

    private static UnsupportedOperationException notHere(String what) {
        return new UnsupportedOperationException(what + " is not available on an ActorRef inside a PROCESS actor "
                + "(it needs the supervisor's JVM); use ctx." + what + " or main-thread code");
    }

    @Override
    public Subscription subscribe(Consumer<Message> subscriber) {
        throw notHere("subscribe");
    }

    @Override
    public boolean isAlive() {
        throw notHere("isAlive");
    }

    @Override
    public ActorState state() {
        throw notHere("state");
    }

    @Override
    public boolean awaitTermination(Duration timeout) {
        throw notHere("awaitTermination");
    }

    @Override
    public Optional<Reader> read(Message message) {
        throw notHere("read");
    }

    @Override
    public void release(Handle handle) {
        throw notHere("release");
    }

    @Override
    public ActorDiagnostics diagnostics() {
        throw notHere("diagnostics");
    }

    @Override
    public void link(ActorRef other) {
        Objects.requireNonNull(other, "other");
        ctx.request(new Frame.RefOp(other.id().value(), "link", id.value()));
    }

    @Override
    public void unlink(ActorRef other) {
        Objects.requireNonNull(other, "other");
        ctx.request(new Frame.RefOp(other.id().value(), "unlink", id.value()));
    }

    @Override
    public void monitor(ActorRef other) {
        Objects.requireNonNull(other, "other");
        ctx.request(new Frame.RefOp(other.id().value(), "monitor", id.value()));
    }

    @Override
    public void demonitor(ActorRef other) {
        Objects.requireNonNull(other, "other");
        ctx.request(new Frame.RefOp(other.id().value(), "demonitor", id.value()));
    }

    @Override
    public String toString() {
        return "ActorRef[" + name + " " + id + ", remote]";
    }
}
