package dev.future.observer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.future.ActorRef;
import dev.future.ActorState;
import dev.future.SpawnOptions;
import dev.future.Supervisor;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The observer over HTTP against a real supervisor. */
@Timeout(60)
class ObserverHttpTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private Supervisor supervisor;
    private Observer observer;

    @BeforeEach
    void start() {
        supervisor = Supervisor.create();
        observer = Observer.start(supervisor,
                ObserverOptions.builder().sampleInterval(Duration.ofMillis(100)).announce(line -> {}).build());
    }

    @AfterEach
    void stop() {
        observer.close();
        supervisor.close();
        http.close();
    }

    private JsonNode snapshot() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(observer.uri().resolve("/api/snapshot")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static List<JsonNode> actors(JsonNode snapshot) {
        return StreamSupport.stream(snapshot.path("diagnostics").path("actors").spliterator(), false).toList();
    }

    private HttpResponse<String> kill(String id, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(observer.uri().resolve("/api/actors/" + id + "/kill"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("X-Observer-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldShowASpawnedActorInTheSnapshot() throws Exception {
        ActorRef worker = supervisor.spawn((self, msg, ctx) -> {}, SpawnOptions.builder().name("worker").build());
        worker.receive("hello", 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode actor = actors(snapshot()).stream()
                    .filter(a -> a.path("id").asString().equals(worker.id().toString())).findFirst().orElseThrow();
            assertThat(actor.path("name").asString()).isEqualTo("worker");
            assertThat(actor.path("isolation").asString()).isEqualTo("THREAD");
            assertThat(actor.path("incarnation").asInt()).isEqualTo(1);
            assertThat(actor.path("messageCount").asLong()).isEqualTo(1);
            assertThat(actor.path("lastCrash").isNull()).isTrue();
        });
        JsonNode root = snapshot().path("diagnostics").path("groups").path(0);
        assertThat(root.path("id").asString()).isEqualTo("root");
    }

    @Test
    void shouldTerminateAnActorKilledWithTheToken() throws Exception {
        ActorRef victim = supervisor.spawn((self, msg, ctx) -> {}, SpawnOptions.builder().name("victim").build());
        HttpResponse<String> response = kill(victim.id().toString(), observer.token());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(victim.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(victim.state()).isEqualTo(ActorState.TERMINATED);
        assertThat(victim.diagnostics().terminationReason()).contains("terminated");
        assertThat(kill(victim.id().toString(), observer.token()).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseAKillWithoutTheTokenAndKeepTheActorAlive() throws Exception {
        ActorRef actor = supervisor.spawn((self, msg, ctx) -> {});
        assertThat(kill(actor.id().toString(), null).statusCode()).isEqualTo(403);
        assertThat(kill(actor.id().toString(), "f".repeat(32)).statusCode()).isEqualTo(403);
        assertThat(actor.isAlive()).isTrue();
    }

    @Test
    void shouldAnswer400ForABadActorId() throws Exception {
        ActorRef actor = supervisor.spawn((self, msg, ctx) -> {});
        HttpResponse<String> response = kill("actor-one", observer.token());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("bad actor id").contains("actor-one");
        assertThat(actor.isAlive()).isTrue();
    }

    @Test
    void shouldStreamAtLeastTwoSnapshotEvents() throws Exception {
        ActorRef busy = supervisor.spawn((self, msg, ctx) -> {});
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(observer.uri().resolve("/api/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while (events.size() < 2 && (line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(json.readTree(line.substring("data: ".length())));
                    busy.receive("tick", events.size());
                }
            }
        }
        assertThat(events).hasSize(2);
        assertThat(events.get(1).path("seq").asLong()).isGreaterThan(events.get(0).path("seq").asLong());
        assertThat(actors(events.get(1))).anySatisfy(a -> assertThat(a.path("id").asString()).isEqualTo(busy.id().toString()));
    }

    @Test
    void shouldReportThroughputFromTheMessagesHandled() throws Exception {
        ActorRef counter = supervisor.spawn((self, msg, ctx) -> {});
        assertThat(snapshot().path("messagesPerSecond").asDouble()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int i = 0; i < 200; i++) {
                counter.receive("n", i);
            }
            JsonNode s = snapshot();
            assertThat(s.path("messagesHandled").asLong()).isPositive();
            assertThat(s.path("messagesPerSecond").asDouble()).isPositive();
        });
    }
}
