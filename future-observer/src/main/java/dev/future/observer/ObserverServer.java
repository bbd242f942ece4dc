package dev.future.observer;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.future.ActorId;
import dev.future.Supervisor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/*
 * Implementation overview.
 *
 * The JDK's HttpServer with one context at "/" that routes by hand, so that every refusal is ours
 * (404 for an unknown path, 405 with Allow for a known path and a wrong method). Handlers run on
 * virtual threads, one per exchange. The order of checks in handle(): Host (DNS rebinding), route,
 * method, query, then, for a kill, Origin, token and id.
 *
 * Every handler thread only reads what the sampler published; the one call into the supervisor made
 * here is terminateActor, on the request's own virtual thread. An event-stream handler blocks on its
 * client's queue and writes to its own socket, so a slow client holds up only its own thread.
 *
 * Lifecycle: start() binds and starts the sampler; close() (idempotent) closes the sampler, which ends
 * every event stream, then stops the server (waiting at most a second for exchanges) and the executor.
 */
final class ObserverServer implements Observer {

    static final String TOKEN_HEADER = "X-Observer-Token";

    private static final Pattern KILL = Pattern.compile("/api/actors/([^/]*)/kill");
    private static final Pattern ACTOR_ID = Pattern.compile("(?:actor-)?([0-9]{1,18})");
    private static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(3);
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PAGE = loadPage();

    private final Supervisor supervisor;
    private final SnapshotSampler sampler;
    private final JsonMapper mapper = SnapshotSampler.mapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final byte[] tokenBytes;
    private final URI uri;
    private final int port;
    private final Set<String> allowedHosts;
    // written by close(), read by handlers
    private volatile boolean closed;

    private ObserverServer(Supervisor supervisor, ObserverOptions options, HttpServer server, ExecutorService executor) {
        this.supervisor = supervisor;
        this.server = server;
        this.executor = executor;
        this.sampler = new SnapshotSampler(
                supervisor, options.sampleInterval(), options.clientQueue(), options.maxClients());
        this.token = randomHex(16);
        this.tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        this.port = server.getAddress().getPort();
        InetAddress bound = options.bindAddress();
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : literal(bound);
        this.uri = URI.create("http://" + host + ":" + port + "/");
        Set<String> hosts = new TreeSet<>(List.of("localhost", "127.0.0.1", "[::1]", literal(bound)));
        options.allowedHosts().forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
        this.allowedHosts = Set.copyOf(hosts);
    }

    static Observer start(Supervisor supervisor, ObserverOptions options) {
        InetSocketAddress address = new InetSocketAddress(options.bindAddress(), options.port());
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the observer cannot listen on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("future-observer-http-", 0).factory());
        ObserverServer observer = new ObserverServer(supervisor, options, server, executor);
        server.createContext("/", observer::handle);
        server.setExecutor(executor);
        observer.sampler.start();
        server.start();
        options.announce().accept("Future observer at " + observer.uri + " (token " + observer.token + ")");
        return observer;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sampler.close();
        server.stop(1);
        executor.close();
    }

    @Override
    public String toString() {
        return "Observer[" + uri + "]";
    }

    // ---- routing -------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Optional<String> hostProblem = checkHost(exchange.getRequestHeaders().getFirst("Host"));
            if (hostProblem.isPresent()) {
                error(exchange, 403, hostProblem.get());
                return;
            }
            Matcher kill = KILL.matcher(path);
            String allowed = switch (path) {
                case "/", "/api/snapshot", "/api/events" -> "GET";
                default -> kill.matches() ? "POST" : null;
            };
            if (allowed == null) {
                error(exchange, 404, "no such path: " + quote(path));
                return;
            }
            if (!allowed.equals(method)) {
                exchange.getResponseHeaders().set("Allow", allowed);
                error(exchange, 405, "method " + quote(method) + " is not allowed on " + path + " (allowed: " + allowed + ")");
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                String name = query.split("[&=]", 2)[0];
                error(exchange, 400, "unexpected query parameter: " + quote(name) + " (" + path + " takes none)");
                return;
            }
            switch (path) {
                case "/" -> page(exchange);
                case "/api/snapshot" -> snapshot(exchange);
                case "/api/events" -> events(exchange);
                default -> kill(exchange, kill.group(1));
            }
        } catch (IOException e) {
            // the client went away mid-response: nothing to tell anyone
        }
    }

    /** Empty when {@code host} (a Host header) names this observer by an allowed name and its port. */
    private Optional<String> checkHost(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.of("missing Host header");
        }
        String name;
        String portText;
        int colon = host.lastIndexOf(':');
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            name = close < 0 ? host : host.substring(0, close + 1);
            portText = close >= 0 && close + 1 < host.length() && host.charAt(close + 1) == ':'
                    ? host.substring(close + 2) : "80";
        } else if (colon >= 0) {
            name = host.substring(0, colon);
            portText = host.substring(colon + 1);
        } else {
            name = host;
            portText = "80";
        }
        if (!allowedHosts.contains(name.toLowerCase(Locale.ROOT)) || !portText.equals(Integer.toString(port))) {
            return Optional.of("Host " + quote(host) + " is not this observer (allowed: "
                    + String.join(", ", allowedHosts) + " on port " + port + ")");
        }
        return Optional.empty();
    }

    // ---- endpoints -----------------------------------------------------------------------------

    private void page(HttpExchange exchange) throws IOException {
        String nonce = randomHex(16);
        byte[] body = PAGE.replace("{{NONCE}}", nonce).replace("{{TOKEN}}", token).getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        common(headers, "text/html; charset=utf-8");
        headers.set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-"
                + nonce + "'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        headers.set("X-Frame-Options", "DENY");
        send(exchange, 200, body);
    }

    private void snapshot(HttpExchange exchange) throws IOException {
        Optional<SnapshotSampler.Snapshot> snapshot;
        try {
            snapshot = sampler.fresh(SNAPSHOT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (snapshot.isEmpty()) {
            error(exchange, 503, closed ? "the observer is closing" : "no snapshot within " + SNAPSHOT_WAIT);
            return;
        }
        common(exchange.getResponseHeaders(), "application/json");
        send(exchange, 200, snapshot.get().json());
    }

    private void events(HttpExchange exchange) throws IOException {
        Optional<SnapshotSampler.Client> registered = sampler.register();
        if (registered.isEmpty()) {
            error(exchange, 503, closed ? "the observer is closing" : "too many event-stream clients");
            return;
        }
        SnapshotSampler.Client client = registered.get();
        try {
            Headers headers = exchange.getResponseHeaders();
            common(headers, "text/event-stream; charset=utf-8");
            headers.set("X-Accel-Buffering", "no");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (!closed) {
                byte[] event = client.next(KEEPALIVE);
                if (event == SnapshotSampler.CLOSED) {
                    break;
                }
                out.write(event == null ? ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII) : event);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sampler.unregister(client);
        }
    }

    private void kill(HttpExchange exchange, String rawId) throws IOException {
        Headers request = exchange.getRequestHeaders();
        String origin = request.getFirst("Origin");
        if (origin != null && !sameOrigin(origin)) {
            error(exchange, 403, "cross-origin kill refused: Origin " + quote(origin));
            return;
        }
        String given = request.getFirst(TOKEN_HEADER);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), tokenBytes)) {
            error(exchange, 403, (given == null ? "missing " : "wrong ") + TOKEN_HEADER + " header");
            return;
        }
        Matcher id = ACTOR_ID.matcher(rawId);
        long value = id.matches() ? Long.parseLong(id.group(1)) : 0;
        if (value <= 0) {
            error(exchange, 400, "bad actor id: " + quote(rawId) + " (expected actor-<n> or <n>, n >= 1)");
            return;
        }
        ActorId actor = new ActorId(value);
        boolean killed = supervisor.terminateActor(actor);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", actor.toString());
        body.put("terminated", killed);
        if (!killed) {
            body.put("error", "no live actor " + actor);
        }
        common(exchange.getResponseHeaders(), "application/json");
        send(exchange, killed ? 200 : 404, mapper.writeValueAsBytes(body));
    }

    private boolean sameOrigin(String origin) {
        try {
            URI o = new URI(origin);
            String host = o.getHost();
            return "http".equals(o.getScheme()) && host != null && o.getPort() == port
                    && allowedHosts.contains(host.toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    // ---- responses -----------------------------------------------------------------------------

    private static void common(Headers headers, String contentType) {
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        common(exchange.getResponseHeaders(), "application/json");
        send(exchange, status, mapper.writeValueAsBytes(Map.of("error", message)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@code text} in quotes, cut to 80 characters, control characters shown as {@code ?}. */
    private static String quote(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return '"' + cut.replaceAll("\\p{Cntrl}", "?") + '"';
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return text.indexOf(':') >= 0 ? "[" + text + "]" : text;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String loadPage() {
        try (InputStream in = ObserverServer.class.getResourceAsStream("observer.html")) {
            if (in == null) {
                throw new IllegalStateException("observer.html is missing from dev.future.observer");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read observer.html", e);
        }
    }
}
