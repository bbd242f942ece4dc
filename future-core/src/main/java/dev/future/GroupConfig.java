package dev.future;

import java.util.Objects;

/**
 * A supervision group's strategy and restart budget.
 *
 * @param strategy how the group reacts to a crash (default {@link Strategy#ONE_FOR_ONE})
 * @param retry the restart budget and backoff (default {@link Retry#unlimited()})
 */
public record GroupConfig(Strategy strategy, Retry retry) {

    public GroupConfig {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(retry, "retry");
    }

    /** A group with this strategy and budget. */
    public static GroupConfig of(Strategy strategy, Retry retry) {
        return new GroupConfig(strategy, retry);
    }

    /** A builder: one-for-one, unlimited restarts. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GroupConfig}. */
    public static final class Builder {
        private Strategy strategy = Strategy.ONE_FOR_ONE;
        private Retry retry = Retry.unlimited();

        private Builder() {}

        public Builder strategy(Strategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        public Builder retry(Retry retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public GroupConfig build() {
            return new GroupConfig(strategy, retry);
        }
    }
}
