package dev.future;

import dev.future.internal.util.Checks;
import dev.future.internal.util.Sizes;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A supervisor's settings, validated once when built. Every default is written beside its setter.
 *
 * {@snippet :
 * SupervisorConfig config = SupervisorConfig.builder()
 *         .maxActors(10_000)
 *         .memory(64, "1mb")
 *         .hangTimeout(Duration.ofSeconds(5))
 *         .strategy(Strategy.ONE_FOR_ONE)
 *         .retry(Retry.exponential(5).within(Duration.ofMinutes(1)))
 *         .build();
 * }
 *
 * @param maxActors live actors allowed at once (children, tasks and restarting actors count)
 * @param poolSize tier-2 boxes in the pool
 * @param boxSize bytes per box
 * @param defaultLease how long a box may be held
 * @param actorLeases per-actor-name lease overrides
 * @param hangTimeout the hang watchdog's default limit ({@link Duration#ZERO}: disabled)
 * @param strategy the root group's strategy
 * @param retry the root group's restart budget
 * @param resources registered resources, in registration order
 * @param diagnostics what diagnostics record
 * @param codecs named custom codecs
 * @param defaultFormat the format {@link Fmt#encode} and untyped writes use
 * @param processPool pre-started worker JVMs for PROCESS actors
 * @param killGrace how long a killed THREAD actor may take to end before it is fenced
 * @param writeTimeout how long a write waits for a free box; empty: the lease
 * @param resourceTimeout how long a resource call may take
 * @param shutdownTimeout how long {@link Supervisor#shutdown()} waits for actors to end before fencing them
 */
public record SupervisorConfig(
        int maxActors,
        int poolSize,
        long boxSize,
        Duration defaultLease,
        Map<String, Duration> actorLeases,
        Duration hangTimeout,
        Strategy strategy,
        Retry retry,
        List<Resource<?>> resources,
        DiagnosticsConfig diagnostics,
        Map<String, Codec> codecs,
        FmtType defaultFormat,
        int processPool,
        Duration killGrace,
        Optional<Duration> writeTimeout,
        Duration resourceTimeout,
        Duration shutdownTimeout) {

    /** The largest box: 1 GiB. */
    public static final long MAX_BOX_SIZE = 1L << 30;

    /**
     * A registered resource: the interface actors see, the implementation behind it, and an
     * optional release hook run once at shutdown.
     */
    public record Resource<R>(Class<R> api, R implementation, Optional<AutoCloseable> release) {
        public Resource {
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(implementation, "implementation");
            Objects.requireNonNull(release, "release");
            if (!api.isInterface()) {
                throw new IllegalArgumentException("a resource api must be an interface: api=" + api.getName());
            }
            if (!api.isInstance(implementation)) {
                throw new IllegalArgumentException("the implementation of resource " + api.getName()
                        + " does not implement it: implementation=" + implementation.getClass().getName());
            }
        }
    }

    public SupervisorConfig {
        Checks.atLeast("maxActors", maxActors, 1);
        Checks.atLeast("poolSize", poolSize, 1);
        if (boxSize < 1 || boxSize > MAX_BOX_SIZE) {
            throw new IllegalArgumentException("boxSize must be between 1 byte and 1gb: boxSize=" + boxSize);
        }
        long total = Math.multiplyHigh(poolSize, boxSize) != 0 ? Long.MAX_VALUE : poolSize * boxSize;
        long mappable = mappableBytes();
        if (total > mappable) {
            throw new IllegalArgumentException("the pool (poolSize x boxSize = " + poolSize + " x " + boxSize
                    + " bytes) is larger than the memory this machine can map (" + mappable + " bytes)");
        }
        Checks.positive("defaultLease", defaultLease);
        actorLeases = Map.copyOf(actorLeases);
        actorLeases.forEach((name, lease) -> Checks.positive("actorLease(" + name + ")", lease));
        Checks.notNegative("hangTimeout", hangTimeout);
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(retry, "retry");
        resources = List.copyOf(resources);
        Objects.requireNonNull(diagnostics, "diagnostics");
        codecs = Map.copyOf(codecs);
        Objects.requireNonNull(defaultFormat, "defaultFormat");
        Checks.atLeast("processPool", processPool, 0);
        Checks.notNegative("killGrace", killGrace);
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        writeTimeout.ifPresent(d -> Checks.positive("writeTimeout", d));
        Checks.positive("resourceTimeout", resourceTimeout);
        Checks.positive("shutdownTimeout", shutdownTimeout);
    }

    private static long mappableBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long total = os.getTotalMemorySize();
            if (total > 0) {
                return total;
            }
        }
        return Long.MAX_VALUE;
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The lease of a box written or read by an actor named {@code actorName} (or unnamed: null). */
    public Duration leaseFor(String actorName) {
        return actorName == null ? defaultLease : actorLeases.getOrDefault(actorName, defaultLease);
    }

    /** Builds a {@link SupervisorConfig}; bad values throw from the setter or {@link #build()}, naming the field and the value. */
    public static final class Builder {
        private int maxActors = 100_000;
        private int poolSize = 16;
        private long boxSize = 1L << 20;
        private Duration defaultLease = Duration.ofSeconds(5);
        private final Map<String, Duration> actorLeases = new LinkedHashMap<>();
        private Duration hangTimeout = Duration.ofSeconds(5);
        private Strategy strategy = Strategy.ONE_FOR_ONE;
        private Retry retry = Retry.unlimited();
        private final List<Resource<?>> resources = new ArrayList<>();
        private DiagnosticsConfig diagnostics = DiagnosticsConfig.DISABLED;
        private final Map<String, Codec> codecs = new LinkedHashMap<>();
        private FmtType defaultFormat = FmtType.JSON;
        private int processPool = 1;
        private Duration killGrace = Duration.ofMillis(100);
        private Optional<Duration> writeTimeout = Optional.empty();
        private Duration resourceTimeout = Duration.ofSeconds(30);
        private Duration shutdownTimeout = Duration.ofSeconds(5);

        private Builder() {}

        /** Live actors allowed at once (default 100,000). */
        public Builder maxActors(int maxActors) {
            this.maxActors = Checks.atLeast("maxActors", maxActors, 1);
            return this;
        }

        /** The tier-2 pool: {@code poolSize} boxes of {@code boxSize} ({@code "64kb"}, {@code "1mb"}); default 16 x 1mb. */
        public Builder memory(int poolSize, String boxSize) {
            return memory(poolSize, Sizes.parse("boxSize", boxSize));
        }

        /** The tier-2 pool: {@code poolSize} boxes of {@code boxSize} bytes. */
        public Builder memory(int poolSize, long boxSize) {
            this.poolSize = Checks.atLeast("poolSize", poolSize, 1);
            if (boxSize < 1 || boxSize > MAX_BOX_SIZE) {
                throw new IllegalArgumentException("boxSize must be between 1 byte and 1gb: boxSize=" + boxSize);
            }
            this.boxSize = boxSize;
            return this;
        }

        /** How long a box may be held (default 5 s). */
        public Builder defaultLease(Duration lease) {
            this.defaultLease = Checks.positive("defaultLease", lease);
            return this;
        }

        /** The lease for actors named {@code actorName}. */
        public Builder actorLease(String actorName, Duration lease) {
            Objects.requireNonNull(actorName, "actorName");
            actorLeases.put(actorName, Checks.positive("actorLease(" + actorName + ")", lease));
            return this;
        }

        /** The hang watchdog's default limit (default 5 s; {@link Duration#ZERO} disables it). */
        public Builder hangTimeout(Duration hangTimeout) {
            this.hangTimeout = Checks.notNegative("hangTimeout", hangTimeout);
            return this;
        }

        /** The root group's strategy (default one-for-one). */
        public Builder strategy(Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** The root group's restart budget (default {@link Retry#unlimited()}). */
        public Builder retry(Retry retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** Registers a resource actors reach through {@link ActorContext#resource(Class)}. */
        public <R> Builder resource(Class<R> api, R implementation) {
            return add(new Resource<>(api, implementation, Optional.empty()));
        }

        /** Registers a resource with a release hook run once at shutdown, after every actor has stopped. */
        public <R> Builder resource(Class<R> api, R implementation, AutoCloseable release) {
            return add(new Resource<>(api, implementation, Optional.of(Objects.requireNonNull(release, "release"))));
        }

        private Builder add(Resource<?> resource) {
            for (Resource<?> r : resources) {
                if (r.api().equals(resource.api())) {
                    throw new IllegalArgumentException("resource " + resource.api().getName() + " is already registered");
                }
            }
            resources.add(resource);
            return this;
        }

        /** What diagnostics record (default: disabled, basic fields only). */
        public Builder diagnostics(DiagnosticsConfig diagnostics) {
            this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
            return this;
        }

        /** Registers a named custom codec, used by {@link Write#with} and {@link Reader#decode}. */
        public Builder codec(String name, Codec codec) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(codec, "codec");
            if (name.isBlank()) {
                throw new IllegalArgumentException("codec name must not be blank: name=\"" + name + "\"");
            }
            codecs.put(name, codec);
            return this;
        }

        /** The format {@link Fmt#encode} uses for values that are neither bytes nor text (default JSON). */
        public Builder defaultFormat(FmtType format) {
            this.defaultFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Pre-started worker JVMs for PROCESS actors (default 1), kept per {@code maxHeap} in use. No
         * JVM starts until this supervisor's first PROCESS spawn (so supervisors that never use PROCESS
         * cost nothing); after that each spawn takes a warm worker and a replacement is started in the
         * background. Zero: every PROCESS spawn starts its worker (cold, tens of milliseconds).
         */
        public Builder processPool(int warmWorkers) {
            this.processPool = Checks.atLeast("processPool", warmWorkers, 0);
            return this;
        }

        /** How long a killed THREAD actor may take to end before it is fenced (default 100 ms; zero fences at once). */
        public Builder killGrace(Duration killGrace) {
            this.killGrace = Checks.notNegative("killGrace", killGrace);
            return this;
        }

        /** How long a write waits for a free box before returning Err (default: the lease). */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = Optional.of(Checks.positive("writeTimeout", writeTimeout));
            return this;
        }

        /** How long a resource call may take (default 30 s). */
        public Builder resourceTimeout(Duration resourceTimeout) {
            this.resourceTimeout = Checks.positive("resourceTimeout", resourceTimeout);
            return this;
        }

        /** How long shutdown waits for actors to end before fencing them (default 5 s). */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = Checks.positive("shutdownTimeout", shutdownTimeout);
            return this;
        }

        /** The config; checks the settings together. */
        public SupervisorConfig build() {
            return new SupervisorConfig(maxActors, poolSize, boxSize, defaultLease, actorLeases, hangTimeout, strategy,
                    retry, resources, diagnostics, codecs, defaultFormat, processPool, killGrace, writeTimeout,
                    resourceTimeout, shutdownTimeout);
        }
    }
}
