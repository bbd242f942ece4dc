package dev.future.observer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The observer's HTTP protocol, pinned against a fake supervisor (no runtime timing involved). */
@Timeout(30)
class ObserverProtocolTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private FakeSupervisor fake;
    private Observer observer;

    @BeforeEach
    void start() {
        fake = new FakeSupervisor();
        observer = Observer.start(fake.supervisor,
                ObserverOptions.builder().sampleInterval(Duration.ofMillis(100)).announce(line -> {}).build());
    }

    @AfterEach
    void stop() {
        observer.close();
        http.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(observer.uri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(observer.uri().resolve(path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("X-Observer-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String error(HttpResponse<String> response) {
        return json.readTree(response.body()).path("error").asString();
    }

    @Nested
    class Starting {
        @Test
        void shouldListenOnLoopbackOnAFreePortWithARandom128BitToken() {
            assertThat(observer.uri().getHost()).isEqualTo("127.0.0.1");
            assertThat(observer.uri().getPort()).isPositive();
            assertThat(observer.token()).matches("[0-9a-f]{32}");
            try (Observer other = Observer.start(fake.supervisor, ObserverOptions.builder().announce(l -> {}).build())) {
                assertThat(other.token()).isNotEqualTo(observer.token());
                assertThat(other.uri()).isNotEqualTo(observer.uri());
            }
        }

        @Test
        void shouldAnnounceItsAddressAndToken() {
            StringBuilder lines = new StringBuilder();
            try (Observer other = Observer.start(fake.supervisor, ObserverOptions.builder().announce(lines::append).build())) {
                assertThat(lines.toString()).contains(other.uri().toString()).contains(other.token());
            }
        }

        @Test
        void shouldRefuseBadOptionsNamingTheValue() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ObserverOptions.builder().port(70_000).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port=70000");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> ObserverOptions.builder().sampleInterval(Duration.ofMillis(1)).build())
                    .hasMessageContaining("sampleInterval=PT0.001S");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ObserverOptions.builder().allowedHosts("a b").build())
                    .hasMessageContaining("allowedHosts=a b");
        }

        @Test
        void shouldBeClosableTwice() {
            observer.close();
            observer.close();
        }
    }

    @Nested
    class Snapshot {
        @Test
        void shouldServeTheDiagnosticsAsJson() throws Exception {
            HttpResponse<String> response = get("/api/snapshot");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode body = json.readTree(response.body());
            assertThat(body.path("seq").asLong()).isPositive();
            assertThat(body.path("messagesHandled").asLong()).isEqualTo(42);
            JsonNode parent = body.path("diagnostics").path("actors").path(0);
            assertThat(parent.path("id").asString()).isEqualTo("actor-1");
            assertThat(parent.path("links").path(0).asString()).isEqualTo("actor-2");
            assertThat(body.path("diagnostics").path("actors").path(1).path("parent").asString()).isEqualTo("actor-1");
        }

        @Test
        void shouldWriteOptionalsAsTheirValueOrNull() throws Exception {
            JsonNode parent = json.readTree(get("/api/snapshot").body()).path("diagnostics").path("actors").path(0);
            assertThat(parent.path("lastCrash").asString()).isEqualTo("crashed: java.lang.IllegalStateException: boom");
            assertThat(parent.has("terminationReason")).isTrue();
            assertThat(parent.path("terminationReason").isNull()).isTrue();
            assertThat(parent.path("parent").isNull()).isTrue();
        }

        @Test
        void shouldWriteGroupsWithTheirRetryReadably() throws Exception {
            JsonNode root = json.readTree(get("/api/snapshot").body()).path("diagnostics").path("groups").path(0);
            assertThat(root.path("id").asString()).isEqualTo("root");
            assertThat(root.path("strategy").asString()).isEqualTo("ONE_FOR_ONE");
            assertThat(root.path("retry").path("window").asString()).isEqualTo("PT1M");
            assertThat(root.path("members").path(1).asString()).isEqualTo("actor-2");
        }

        @Test
        void shouldNotSampleWhileNobodyWatches() throws Exception {
            // the first sample comes only when asked for; proving an absence needs a window of time
            Thread.sleep(300);
            assertThat(fake.diagnosticsCalls.get()).isZero();
            get("/api/snapshot");
            assertThat(fake.diagnosticsCalls.get()).isPositive();
        }
    }

    @Nested
    class Events {
        @Test
        void shouldStreamSnapshotsAsServerSentEvents() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(observer.uri().resolve("/api/events")).build();
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
            try (java.util.stream.Stream<String> lines = response.body()) {
                java.util.List<Long> seqs = lines.filter(line -> line.startsWith("data: "))
                        .map(line -> json.readTree(line.substring(6)))
                        .peek(event -> assertThat(event.path("diagnostics").path("actors").size()).isEqualTo(2))
                        .map(event -> event.path("seq").asLong())
                        .limit(3).toList();
                assertThat(seqs).isSorted().doesNotHaveDuplicates();
            }
        }

        @Test
        void shouldRefuseClientsBeyondTheLimit() throws Exception {
            try (Observer small = Observer.start(fake.supervisor,
                    ObserverOptions.builder().maxClients(1).announce(l -> {}).build())) {
                HttpRequest request = HttpRequest.newBuilder(small.uri().resolve("/api/events")).build();
                HttpResponse<java.io.InputStream> first = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                assertThat(first.statusCode()).isEqualTo(200);
                HttpResponse<String> second = http.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(second.statusCode()).isEqualTo(503);
                first.body().close();
            }
        }

        @Test
        void shouldDropTheOldestEventForAClientThatFallsBehind() throws Exception {
            SnapshotSampler.Client client = new SnapshotSampler.Client(2);
            byte[] a = {1};
            byte[] b = {2};
            byte[] c = {3};
            client.offer(a);
            client.offer(b);
            client.offer(c); // never blocks the sampler
            assertThat(client.dropped()).isEqualTo(1);
            assertThat(client.next(Duration.ZERO)).isSameAs(b);
            assertThat(client.next(Duration.ZERO)).isSameAs(c);
            assertThat(client.next(Duration.ZERO)).isNull();
        }

        @Test
        void shouldEndTheStreamsWhenClosed() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(observer.uri().resolve("/api/events")).build();
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                assertThat(body.read()).isNotNegative();
                observer.close();
                body.readAllBytes(); // returns: the stream ended
            }
        }
    }

    @Nested
    class Refusals {
        @Test
        void shouldAnswer404ForAnUnknownPath() throws Exception {
            HttpResponse<String> response = get("/nope");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(error(response)).contains("/nope");
        }

        @Test
        void shouldAnswer405ForAWrongMethod() throws Exception {
            HttpResponse<String> response = post("/api/snapshot", observer.token());
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET");
            HttpResponse<String> getKill = get("/api/actors/actor-1/kill");
            assertThat(getKill.statusCode()).isEqualTo(405);
            assertThat(getKill.headers().firstValue("Allow")).hasValue("POST");
            assertThat(fake.killed).isEmpty();
        }

        @Test
        void shouldAnswer400NamingAnUnexpectedQueryParameter() throws Exception {
            HttpResponse<String> response = get("/api/snapshot?pretty=1");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(error(response)).contains("\"pretty\"");
        }

        @Test
        void shouldRefuseAKillWithoutTheToken() throws Exception {
            HttpResponse<String> response = post("/api/actors/actor-1/kill", null);
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(error(response)).contains("missing X-Observer-Token");
            assertThat(fake.killed).isEmpty();
        }

        @Test
        void shouldRefuseAKillWithAWrongToken() throws Exception {
            HttpResponse<String> response = post("/api/actors/actor-1/kill", "0".repeat(32));
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(error(response)).contains("wrong X-Observer-Token");
            assertThat(fake.killed).isEmpty();
        }

        @Test
        void shouldAnswer400NamingABadActorId() throws Exception {
            for (String bad : new String[] {"actor-x", "actor-0", "0", "-3", "actor-99999999999999999999", "bob"}) {
                HttpResponse<String> response = post("/api/actors/" + bad + "/kill", observer.token());
                assertThat(response.statusCode()).as(bad).isEqualTo(400);
                assertThat(error(response)).as(bad).contains("bad actor id").contains(bad);
            }
            assertThat(fake.killed).isEmpty();
        }

        @Test
        void shouldRefuseACrossOriginKill() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(observer.uri().resolve("/api/actors/actor-1/kill"))
                    .header("X-Observer-Token", observer.token()).header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(error(response)).contains("evil.example");
            assertThat(fake.killed).isEmpty();
        }

        @Test
        void shouldRefuseAForeignHostHeaderAgainstDnsRebinding() throws Exception {
            // HttpClient will not send a custom Host header: speak HTTP/1.1 on a socket
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), observer.uri().getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: rebind.example:" + observer.uri().getPort()
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String response = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 403").doesNotContain(observer.token());
            }
        }
    }

    @Nested
    class Killing {
        @Test
        void shouldTerminateTheActorNamedInThePath() throws Exception {
            HttpResponse<String> response = post("/api/actors/actor-2/kill", observer.token());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json.readTree(response.body()).path("terminated").asBoolean()).isTrue();
            assertThat(fake.killed).containsExactly(new dev.future.ActorId(2));
        }

        @Test
        void shouldAcceptABareNumber() throws Exception {
            assertThat(post("/api/actors/1/kill", observer.token()).statusCode()).isEqualTo(200);
            assertThat(fake.killed).containsExactly(new dev.future.ActorId(1));
        }

        @Test
        void shouldAnswer404ForAnActorThatIsNotAlive() throws Exception {
            HttpResponse<String> response = post("/api/actors/actor-77/kill", observer.token());
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(error(response)).contains("actor-77");
        }
    }

    @Nested
    class Page {
        @Test
        void shouldServeOneSelfContainedPageCarryingTheToken() throws Exception {
            HttpResponse<String> response = get("/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(response.body()).contains(observer.token()).doesNotContain("{{").doesNotContain("http://")
                    .doesNotContain("https://").doesNotContain("src=");
            assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString()
                    .contains("default-src 'none'").contains("frame-ancestors 'none'");
        }

        @Test
        void shouldUseAFreshNonceForEachPage() throws Exception {
            String csp1 = get("/").headers().firstValue("Content-Security-Policy").orElseThrow();
            String csp2 = get("/").headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp1).isNotEqualTo(csp2);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
