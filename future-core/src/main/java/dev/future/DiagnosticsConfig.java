package dev.future;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What diagnostics record beyond the basic per-actor fields (which are always filled).
 *
 * @param enabled the master switch; when off the recorder is a no-op chosen once
 * @param sampleRate the share of events recorded, within [0, 1]
 * @param track the metrics to record
 */
public record DiagnosticsConfig(boolean enabled, double sampleRate, Set<Track> track) {

    /** Disabled: only the basic fields. */
    public static final DiagnosticsConfig DISABLED = new DiagnosticsConfig(false, 1.0, Set.of());

    public DiagnosticsConfig {
        if (!(sampleRate >= 0.0 && sampleRate <= 1.0)) {
            throw new IllegalArgumentException("sampleRate must be within [0, 1]: sampleRate=" + sampleRate);
        }
        Objects.requireNonNull(track, "track");
        track = track.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(track));
    }

    /** A builder: disabled, sample rate 1, nothing tracked. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code metric} is recorded. */
    public boolean tracks(Track metric) {
        return enabled && track.contains(metric);
    }

    /** Builds a {@link DiagnosticsConfig}; values are checked by the setters and by {@link #build()}. */
    public static final class Builder {
        private boolean enabled;
        private double sampleRate = 1.0;
        private final EnumSet<Track> track = EnumSet.noneOf(Track.class);

        private Builder() {}

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder sampleRate(double sampleRate) {
            if (!(sampleRate >= 0.0 && sampleRate <= 1.0)) {
                throw new IllegalArgumentException("sampleRate must be within [0, 1]: sampleRate=" + sampleRate);
            }
            this.sampleRate = sampleRate;
            return this;
        }

        public Builder track(Track... metrics) {
            Objects.requireNonNull(metrics, "metrics");
            for (Track t : metrics) {
                track.add(Objects.requireNonNull(t, "metrics contains null"));
            }
            return this;
        }

        public DiagnosticsConfig build() {
            return new DiagnosticsConfig(enabled, sampleRate, track);
        }
    }
}
