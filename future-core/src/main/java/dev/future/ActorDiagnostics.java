package dev.future;

import java.util.List;
import java.util.Optional;

/**
 * One actor's diagnostics. The basic fields are filled even with diagnostics disabled, and stay
 * readable after the actor's death.
 *
 * @param id the actor's id
 * @param name its name, or its id as text
 * @param state where it is in its life
 * @param isolation THREAD or PROCESS
 * @param incarnation 1 for the first, growing with each restart
 * @param lifetimeMs milliseconds since spawn (until its final end, once dead)
 * @param messageCount messages handled, over every incarnation
 * @param heartbeatCount explicit heartbeats
 * @param lastHeartbeatAt epoch milliseconds of the last heartbeat (the spawn time until the first)
 * @param mailboxDepth messages queued, not counting the one being handled
 * @param terminationReason why it ended, once it has ended for good
 * @param startedAt epoch milliseconds of the spawn
 * @param restarts how many times it was restarted
 * @param group the id of its supervision group
 * @param parent the actor that spawned it, for a child
 * @param links the actors it is linked to
 * @param monitoring the actors it monitors
 * @param lastCrash the reason its last incarnation crashed, if one did
 * @param runaway whether a killed incarnation would not end and was fenced
 * @param runawayStack the fenced thread's stack when it was declared a runaway
 * @param messageLatency send-to-handle latency of its messages (tracked: {@link Track#MESSAGE_LATENCY})
 * @param heartbeatIntervals time between its heartbeats (tracked: {@link Track#HEARTBEAT_INTERVALS})
 * @param inboxDepth its mailbox depth seen at each arrival (tracked: {@link Track#INBOX_DEPTH})
 */
public record ActorDiagnostics(
        ActorId id,
        String name,
        ActorState state,
        Isolation isolation,
        int incarnation,
        long lifetimeMs,
        long messageCount,
        long heartbeatCount,
        long lastHeartbeatAt,
        int mailboxDepth,
        Optional<String> terminationReason,
        long startedAt,
        long restarts,
        String group,
        Optional<ActorId> parent,
        List<ActorId> links,
        List<ActorId> monitoring,
        Optional<String> lastCrash,
        boolean runaway,
        Optional<String> runawayStack,
        Optional<MetricHistogram> messageLatency,
        Optional<MetricHistogram> heartbeatIntervals,
        Optional<MetricHistogram> inboxDepth) {}
