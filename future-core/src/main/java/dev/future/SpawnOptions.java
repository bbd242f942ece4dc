package dev.future;

import dev.future.internal.util.Checks;
import dev.future.internal.util.Sizes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to spawn an actor. Build with {@link #builder()}; {@link #defaults()} is an unnamed THREAD
 * actor with an unbounded mailbox, the supervisor's hang timeout, restarted after any crash.
 *
 * @param name a name for diagnostics and errors, and the key of {@code actorLease(name, ..)}
 * @param isolation THREAD (default) or PROCESS
 * @param maxHeap the heap cap of a PROCESS actor's JVM, in bytes (default 64 MiB)
 * @param hangTimeout the hang watchdog's limit for this actor; empty: the supervisor's
 * @param trapExits whether a linked actor's death arrives as an {@code "EXIT"} message
 * @param mailboxCapacity queued messages allowed ({@link Integer#MAX_VALUE}: unbounded)
 * @param overflow what {@code receive} does when the mailbox is full
 * @param restart which ends restart
 * @param resources the resources this actor may use; empty: all registered ones
 */
public record SpawnOptions(
        Optional<String> name,
        Isolation isolation,
        long maxHeap,
        Optional<Duration> hangTimeout,
        boolean trapExits,
        int mailboxCapacity,
        Overflow overflow,
        Restart restart,
        Optional<Set<Class<?>>> resources) {

    /** The default heap cap of a PROCESS actor: 64 MiB. */
    public static final long DEFAULT_MAX_HEAP = 64L << 20;

    private static final SpawnOptions DEFAULTS = new SpawnOptions(Optional.empty(), Isolation.THREAD,
            DEFAULT_MAX_HEAP, Optional.empty(), false, Integer.MAX_VALUE, Overflow.BLOCK, Restart.PERMANENT,
            Optional.empty());

    public SpawnOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(hangTimeout, "hangTimeout");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(resources, "resources");
        hangTimeout.ifPresent(d -> Checks.notNegative("hangTimeout", d));
        Checks.atLeast("mailbox capacity", mailboxCapacity, 1);
        if (maxHeap < (2L << 20)) {
            throw new IllegalArgumentException("maxHeap must be at least 2m: maxHeap=" + maxHeap);
        }
        resources = resources.map(Set::copyOf);
    }

    /** An unnamed THREAD actor with the supervisor's defaults. */
    public static SpawnOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link SpawnOptions}; bad values throw from the setter, naming the field and the value. */
    public static final class Builder {
        private Optional<String> name = Optional.empty();
        private Isolation isolation = Isolation.THREAD;
        private long maxHeap = DEFAULT_MAX_HEAP;
        private Optional<Duration> hangTimeout = Optional.empty();
        private boolean trapExits;
        private int mailboxCapacity = Integer.MAX_VALUE;
        private Overflow overflow = Overflow.BLOCK;
        private Restart restart = Restart.PERMANENT;
        private Optional<Set<Class<?>>> resources = Optional.empty();

        private Builder() {}

        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank: name=\"" + name + "\"");
            }
            this.name = Optional.of(name);
            return this;
        }

        public Builder isolation(Isolation isolation) {
            this.isolation = Objects.requireNonNull(isolation, "isolation");
            return this;
        }

        /** The heap cap of a PROCESS actor's JVM: {@code "64m"}, {@code "512mb"}, {@code "1g"}. */
        public Builder maxHeap(String size) {
            long bytes = Sizes.parse("maxHeap", size);
            if (bytes < (2L << 20)) {
                throw new IllegalArgumentException("maxHeap must be at least 2m: maxHeap=\"" + size + "\"");
            }
            this.maxHeap = bytes;
            return this;
        }

        /** This actor's hang-watchdog limit; {@link Duration#ZERO} disables the watchdog for it. */
        public Builder hangTimeout(Duration hangTimeout) {
            this.hangTimeout = Optional.of(Checks.notNegative("hangTimeout", hangTimeout));
            return this;
        }

        public Builder trapExits(boolean trapExits) {
            this.trapExits = trapExits;
            return this;
        }

        /** A bounded mailbox of {@code capacity} queued messages, and what to do when it is full. */
        public Builder mailbox(int capacity, Overflow overflow) {
            this.mailboxCapacity = Checks.atLeast("mailbox capacity", capacity, 1);
            this.overflow = Objects.requireNonNull(overflow, "overflow");
            return this;
        }

        public Builder restart(Restart restart) {
            this.restart = Objects.requireNonNull(restart, "restart");
            return this;
        }

        /** Limits this actor to these registered resources (default: all). */
        public Builder resources(Class<?>... apis) {
            Objects.requireNonNull(apis, "apis");
            for (Class<?> api : apis) {
                Objects.requireNonNull(api, "apis contains null");
            }
            this.resources = Optional.of(Set.copyOf(Arrays.asList(apis)));
            return this;
        }

        public SpawnOptions build() {
            return new SpawnOptions(name, isolation, maxHeap, hangTimeout, trapExits, mailboxCapacity, overflow,
                    restart, resources);
        }
    }
}
