package dev.future;

/** The metrics diagnostics can track (each costs nothing unless tracked). */
public enum Track {
    ACTOR_LIFETIMES,
    START_TIMES,
    PROCESS_LIFETIMES,
    WRITE_QUEUE_WAIT,
    WRITE_QUEUE_DEPTH,
    MESSAGE_LATENCY,
    BUFFER_UTILIZATION,
    HEARTBEAT_INTERVALS,
    RESOURCE_CALL_LATENCY,
    AUTHORIZATION_EVENTS,
    INBOX_DEPTH,
    REF_COUNT_HISTORY
}
