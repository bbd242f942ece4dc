package dev.future;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The supervisor's diagnostics.
 *
 * @param activeActors actors alive now
 * @param totalActorsSpawned actors ever spawned (restarts are not spawns)
 * @param totalActorsTerminated actors that ended for good
 * @param runaways killed THREAD incarnations that would not end and were fenced
 * @param memoryPool the tier-2 pool
 * @param actors the live actors
 * @param deadLetters messages sent to dead actors or dropped by a full mailbox
 * @param denied refused tier-2 reads and releases
 * @param restarts restarts made
 * @param escalations groups that spent their restart budget
 * @param endsByReason how many incarnations ended, by reason ({@code "crashed"} folds every exception)
 * @param runawayDetails the runaways, most recent last (bounded)
 * @param recentlyTerminated actors that ended for good recently (bounded), with their reasons
 * @param recentEscalations escalations, most recent last (bounded)
 * @param recentCrashes crashes, most recent last (bounded; repeats of one actor's reason fold into a count)
 * @param groups every supervision group, the root first, parents before their nested groups
 * @param actorLifetimes lifetimes of actors that ended, ms (tracked: {@link Track#ACTOR_LIFETIMES})
 * @param startTimes time to spawn an actor, us (tracked: {@link Track#START_TIMES})
 * @param processLifetimes lifetimes of PROCESS actors' workers, ms (tracked: {@link Track#PROCESS_LIFETIMES})
 * @param writeQueueWait how long writes waited for a free box, ms (tracked: {@link Track#WRITE_QUEUE_WAIT})
 * @param writeQueueDepth writes queued, seen at each wait (tracked: {@link Track#WRITE_QUEUE_DEPTH})
 * @param messageLatency send-to-handle latency, us (tracked: {@link Track#MESSAGE_LATENCY})
 * @param bufferUtilization pool utilization seen at each commit, % (tracked: {@link Track#BUFFER_UTILIZATION})
 * @param heartbeatIntervals time between an actor's heartbeats, ms, and the misses (watchdog kills)
 *     (tracked: {@link Track#HEARTBEAT_INTERVALS})
 * @param resourceCalls per resource: calls, failures, latency (tracked: {@link Track#RESOURCE_CALL_LATENCY})
 * @param authorization tier-2 reads and deliveries granted and refused (tracked: {@link Track#AUTHORIZATION_EVENTS})
 * @param inboxDepth mailbox depth seen at each arrival (tracked: {@link Track#INBOX_DEPTH})
 * @param refCounts references a box got at each commit (tracked: {@link Track#REF_COUNT_HISTORY})
 */
public record SupervisorDiagnostics(
        int activeActors,
        long totalActorsSpawned,
        long totalActorsTerminated,
        long runaways,
        MemoryPool memoryPool,
        List<ActorDiagnostics> actors,
        long deadLetters,
        long denied,
        long restarts,
        long escalations,
        Map<String, Long> endsByReason,
        List<Runaway> runawayDetails,
        List<ActorDiagnostics> recentlyTerminated,
        List<Escalated> recentEscalations,
        List<Crash> recentCrashes,
        List<GroupInfo> groups,
        Optional<MetricHistogram> actorLifetimes,
        Optional<MetricHistogram> startTimes,
        Optional<MetricHistogram> processLifetimes,
        Optional<MetricHistogram> writeQueueWait,
        Optional<MetricHistogram> writeQueueDepth,
        Optional<MetricHistogram> messageLatency,
        Optional<MetricHistogram> bufferUtilization,
        Optional<Heartbeats> heartbeatIntervals,
        Optional<List<ResourceCalls>> resourceCalls,
        Optional<Authorization> authorization,
        Optional<MetricHistogram> inboxDepth,
        Optional<MetricHistogram> refCounts) {

    /** Heartbeat intervals, and how many handlers missed theirs (killed by the hang watchdog). */
    public record Heartbeats(MetricHistogram intervals, long missed) {}

    /** One resource's calls. */
    public record ResourceCalls(String resource, long calls, long failures, long p50Micros, long p99Micros,
            long maxMicros) {}

    /** Tier-2 authorization events. */
    public record Authorization(long granted, long denied) {}

    /**
     * A crash: an exception escaped a handler (or a start failed).
     *
     * @param id the actor
     * @param name its name
     * @param incarnation the incarnation that crashed (the latest, when folded)
     * @param reason {@code "crashed: <exception>"}
     * @param at epoch milliseconds of the latest occurrence
     * @param count how many times this actor crashed with this reason in a row
     */
    public record Crash(ActorId id, String name, int incarnation, String reason, long at, long count) {}

    /**
     * A supervision group.
     *
     * @param id its id ({@code "root"} for the supervisor's own)
     * @param parent the group it is nested in; empty for the root and top-level groups' parent is root
     * @param strategy its strategy
     * @param retry its restart budget
     * @param down whether it spent its budget and stays down
     * @param restarts restarts it made
     * @param members its live actor members, in start order
     * @param groups its nested groups, in creation order
     */
    public record GroupInfo(String id, Optional<String> parent, Strategy strategy, Retry retry, boolean down,
            long restarts, List<ActorId> members, List<String> groups) {}

    /**
     * The tier-2 pool.
     *
     * @param poolSize boxes in the pool
     * @param boxesInUse boxes not FREE
     * @param utilization boxesInUse / poolSize
     * @param boxSize bytes per box
     * @param free boxes FREE
     * @param writing boxes being written
     * @param ready boxes committed and held by readers
     * @param writeQueueDepth writes waiting for a free box
     * @param granted reads and deliveries authorized
     * @param leaseExpiries boxes force-freed or writers killed because a lease ran out
     */
    public record MemoryPool(
            int poolSize,
            int boxesInUse,
            double utilization,
            long boxSize,
            int free,
            int writing,
            int ready,
            int writeQueueDepth,
            long granted,
            long leaseExpiries) {}

    /**
     * A killed THREAD incarnation that would not end within the kill grace and was fenced.
     *
     * @param id the actor
     * @param name its name
     * @param incarnation the fenced incarnation
     * @param reason why it was killed
     * @param at epoch milliseconds when it was declared a runaway
     * @param stackTrace where its thread was at that moment
     */
    public record Runaway(ActorId id, String name, int incarnation, String reason, long at, String stackTrace) {}
}
