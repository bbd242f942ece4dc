package dev.future.internal.diag;

import dev.future.DiagnosticsConfig;
import dev.future.MetricHistogram;
import dev.future.Track;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records the tracked metrics. Chosen once per supervisor: {@link #NOOP} when diagnostics are
 * disabled, so every hook on a hot path is an empty call the JIT removes (no allocation, no
 * branch on a config); otherwise an {@link Active} recorder that samples each event with the
 * configured rate and keeps only fixed-size histograms.
 */
public sealed interface Recorder permits Recorder.NoOp, Recorder.Active {

    Recorder NOOP = new NoOp();

    static Recorder of(DiagnosticsConfig config) {
        return config.enabled() && !config.track().isEmpty() ? new Active(config) : NOOP;
    }

    /** Whether messages must carry their enqueue time (message latency is tracked). */
    default boolean timesMessages() {
        return false;
    }

    /** Whether per-actor histograms are kept. */
    default boolean tracksActors() {
        return false;
    }

    default boolean tracks(Track t) {
        return false;
    }

    /** A sampling decision for one event of {@code t}. */
    default boolean sample(Track t) {
        return false;
    }

    /** Records {@code value} unconditionally (the caller sampled already). */
    default void record(Track t, long value) {}

    /** Records {@code value} if this event is sampled. */
    default void maybeRecord(Track t, long value) {}

    default Optional<MetricHistogram> snapshot(Track t) {
        return Optional.empty();
    }

    /** Disabled: every hook does nothing. */
    final class NoOp implements Recorder {
        private NoOp() {}
    }

    /** Enabled: sampled, bounded. */
    final class Active implements Recorder {
        private final DiagnosticsConfig config;
        private final double rate;
        private final Map<Track, Histogram> histograms = new EnumMap<>(Track.class);

        Active(DiagnosticsConfig config) {
            this.config = config;
            this.rate = config.sampleRate();
            for (Track t : config.track()) {
                histograms.put(t, new Histogram(unit(t)));
            }
        }

        private static String unit(Track t) {
            return switch (t) {
                case ACTOR_LIFETIMES, PROCESS_LIFETIMES, WRITE_QUEUE_WAIT, HEARTBEAT_INTERVALS -> "ms";
                case START_TIMES, MESSAGE_LATENCY, RESOURCE_CALL_LATENCY -> "us";
                case BUFFER_UTILIZATION -> "%";
                case WRITE_QUEUE_DEPTH -> "writes";
                case INBOX_DEPTH -> "messages";
                case REF_COUNT_HISTORY -> "refs";
                case AUTHORIZATION_EVENTS -> "events";
            };
        }

        @Override
        public boolean timesMessages() {
            return config.tracks(Track.MESSAGE_LATENCY);
        }

        @Override
        public boolean tracksActors() {
            return config.tracks(Track.MESSAGE_LATENCY) || config.tracks(Track.HEARTBEAT_INTERVALS)
                    || config.tracks(Track.INBOX_DEPTH);
        }

        @Override
        public boolean tracks(Track t) {
            return histograms.containsKey(t);
        }

        @Override
        public boolean sample(Track t) {
            return histograms.containsKey(t) && (rate >= 1.0 || ThreadLocalRandom.current().nextDouble() < rate);
        }

        @Override
        public void record(Track t, long value) {
            Histogram h = histograms.get(t);
            if (h != null) {
                h.record(value);
            }
        }

        @Override
        public void maybeRecord(Track t, long value) {
            if (sample(t)) {
                histograms.get(t).record(value);
            }
        }

        @Override
        public Optional<MetricHistogram> snapshot(Track t) {
            Histogram h = histograms.get(t);
            return h == null ? Optional.empty() : Optional.of(h.snapshot());
        }
    }
}
