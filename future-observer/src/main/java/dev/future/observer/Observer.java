package dev.future.observer;

import dev.future.Supervisor;
import java.net.URI;
import java.util.Objects;

/**
 * A live web view of one {@link Supervisor}, like Erlang's {@code observer}: open {@link #uri()} in a
 * browser to watch the supervision tree (groups, nested groups, actors, children under their parents,
 * links), every actor's state, isolation, incarnation, mailbox depth, messages handled and last crash,
 * the tier-2 pool's utilization, runaways with their stack traces, recent crashes and escalations, and
 * a sparkline of throughput; select an actor for its details, and kill it from the page.
 *
 * {@snippet :
 * try (Supervisor supervisor = Supervisor.create();
 *      Observer observer = Observer.start(supervisor)) {   // prints its address and token
 *     supervisor.spawn((self, msg, ctx) -> self.send("echo", msg.data()));
 *     // ... open observer.uri() in a browser
 * }
 * }
 *
 * <h2>What it serves</h2>
 * <ul>
 *   <li>{@code GET /}: one self-contained HTML page (inline CSS and script, nothing fetched from
 *       elsewhere), with the {@linkplain #token() token} embedded.</li>
 *   <li>{@code GET /api/snapshot}: the latest snapshot as JSON: {@code seq}, {@code at} (epoch ms),
 *       {@code messagesHandled} (the sum of the live actors' {@code messageCount}),
 *       {@code messagesPerSecond} (from the delta of that sum since the previous snapshot, never
 *       negative) and {@code diagnostics}, the {@link dev.future.SupervisorDiagnostics} record as it is
 *       (actor ids as {@code "actor-<n>"}, an empty {@code Optional} as {@code null}, durations as
 *       ISO-8601 text).</li>
 *   <li>{@code GET /api/events}: Server-Sent Events, one {@code snapshot} event per sample.</li>
 *   <li>{@code POST /api/actors/{id}/kill} with header {@code X-Observer-Token: <token>}: calls
 *       {@link Supervisor#terminateActor} ({@code id} is {@code actor-<n>} or {@code <n>}); 200 when it
 *       was killed, 404 when no live actor has that id.</li>
 * </ul>
 * Refusals: a wrong or missing token 403, a {@code Host} header that names neither loopback nor an
 * allowed host 403, a bad id or an unexpected query parameter 400 (naming it), an unknown path 404,
 * a wrong method 405, more event-stream clients than {@link ObserverOptions#maxClients()} 503.
 *
 * <h2>Threads and cost</h2>
 * One sampler thread calls {@link Supervisor#diagnostics()} once per tick and encodes the snapshot once
 * for every client; nothing runs on an actor's thread, and the observer sends actors no messages.
 * While nobody watches (no event-stream client, no snapshot asked for during the last few seconds)
 * the sampler takes no snapshots. Requests run on virtual threads; each event-stream client has a
 * bounded queue, and a slow client loses its oldest snapshots rather than holding anyone up.
 *
 * <h2>Threat model</h2>
 * The observer can kill actors, so it guards that power with a capability: a random 128-bit token,
 * made by {@link java.security.SecureRandom} when it starts and printed with its address. The page at
 * {@code /} carries the token embedded in it: <strong>the page is the capability. Anyone who can load
 * the page can kill any actor</strong>, and by default that is anyone who can open a TCP connection
 * to 127.0.0.1 on this machine (other local users and processes included). What is defended:
 * <ul>
 *   <li>other machines: it binds to loopback unless {@link ObserverOptions#bindAddress} says otherwise;</li>
 *   <li>other web sites open in the same browser (CSRF): a kill needs the custom token header, which a
 *       cross-origin page cannot send without a CORS preflight the observer never grants, and cannot
 *       learn because the same-origin policy hides the page from it; a kill whose {@code Origin} is
 *       not the observer's own is refused;</li>
 *   <li>DNS rebinding: a request whose {@code Host} header is not {@code localhost}, a loopback
 *       literal, the bind address or an {@linkplain ObserverOptions#allowedHosts allowed host} is
 *       refused;</li>
 *   <li>framing and injection: the page forbids framing, allows only its own inline script (by a
 *       per-response nonce) and connections to its own origin, and inserts actor names, reasons and
 *       stack traces as text, never as markup.</li>
 * </ul>
 * Not defended: a local user or process that can reach the port, anyone who sees the printed token,
 * and eavesdroppers when bound to a non-loopback address (plain HTTP, no TLS). Snapshots and the event
 * stream need no token: they reveal actor names, crash reasons and stack traces to whoever can reach
 * the port. Do not bind it to a public address.
 */
public sealed interface Observer extends AutoCloseable permits ObserverServer {

    /** Starts an observer of {@code supervisor} with the {@linkplain ObserverOptions#defaults() defaults}. */
    static Observer start(Supervisor supervisor) {
        return start(supervisor, ObserverOptions.defaults());
    }

    /**
     * Starts an observer of {@code supervisor}: binds, starts the sampler, announces
     * {@code "Future observer at <uri> (token <token>)"} through {@link ObserverOptions#announce()}.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound (naming it)
     */
    static Observer start(Supervisor supervisor, ObserverOptions options) {
        return ObserverServer.start(
                Objects.requireNonNull(supervisor, "supervisor"), Objects.requireNonNull(options, "options"));
    }

    /** Where the page is, such as {@code http://127.0.0.1:43117/}. */
    URI uri();

    /** The capability for {@code POST /api/actors/{id}/kill}: 32 lowercase hex digits. */
    String token();

    /** Stops serving: ends the event streams, the sampler and the server. Idempotent; the supervisor lives on. */
    @Override
    void close();
}
