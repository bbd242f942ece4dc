package dev.future;

import dev.future.internal.util.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a task.
 *
 * @param timeout when to kill the work; empty: never (await with a timeout instead)
 * @param isolation THREAD (default) or PROCESS
 * @param name a name for diagnostics
 */
public record TaskOptions(Optional<Duration> timeout, Isolation isolation, Optional<String> name) {

    public TaskOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(name, "name");
        timeout.ifPresent(d -> Checks.positive("timeout", d));
    }

    /** No timeout, THREAD isolation, unnamed. */
    public static TaskOptions defaults() {
        return new TaskOptions(Optional.empty(), Isolation.THREAD, Optional.empty());
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link TaskOptions}. */
    public static final class Builder {
        private Optional<Duration> timeout = Optional.empty();
        private Isolation isolation = Isolation.THREAD;
        private Optional<String> name = Optional.empty();

        private Builder() {}

        /** Kill the work after {@code timeout}. */
        public Builder timeout(Duration timeout) {
            this.timeout = Optional.of(Checks.positive("timeout", timeout));
            return this;
        }

        public Builder isolation(Isolation isolation) {
            this.isolation = Objects.requireNonNull(isolation, "isolation");
            return this;
        }

        public Builder name(String name) {
            this.name = Optional.of(Objects.requireNonNull(name, "name"));
            return this;
        }

        public TaskOptions build() {
            return new TaskOptions(timeout, isolation, name);
        }
    }
}
