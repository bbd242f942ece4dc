package dev.future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SmokeTest {
    @Test
    void echo() throws Exception {
        try (Supervisor s = Supervisor.create()) {
            ActorRef a = s.spawn((self, msg, ctx) -> self.send("echo", msg.data()));
            List<Message> got = new CopyOnWriteArrayList<>();
            a.subscribe(got::add);
            for (int i = 0; i < 100; i++) {
                a.receive("x", i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 100);
            assertThat(got.get(99).data()).isEqualTo(99);
            a.terminate();
            assertThat(a.awaitTermination(Duration.ofSeconds(2))).isTrue();
            assertThat(a.diagnostics().terminationReason()).contains("terminated");
        }
    }
}
