package dev.future;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;

/** Small helpers shared by the black-box tests. */
final class TestSupport {

    private TestSupport() {}

    /** Awaitility with the suite's usual bound. */
    static ConditionFactory eventually() {
        // fatal errors escaping handlers are rethrown on their own threads by design: not a test failure
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2)).dontCatchUncaughtExceptions();
    }

    /** A subscriber that records what it receives. */
    static final class Recorder implements java.util.function.Consumer<Message> {
        final List<Message> messages = new CopyOnWriteArrayList<>();

        @Override
        public void accept(Message m) {
            messages.add(m);
        }

        List<Message> withKey(String key) {
            return messages.stream().filter(m -> m.msg().equals(key)).toList();
        }

        Message awaitFirst(String key) {
            eventually().until(() -> !withKey(key).isEmpty());
            return withKey(key).getFirst();
        }

        Message awaitFirst(Predicate<Message> p) {
            eventually().until(() -> messages.stream().anyMatch(p));
            return messages.stream().filter(p).findFirst().orElseThrow();
        }
    }

    /** A config with small timings so the tests run fast. */
    static SupervisorConfig.Builder fast() {
        return SupervisorConfig.builder().killGrace(Duration.ofMillis(100)).retry(Retry.fixed(100, Duration.ofMillis(5)));
    }
}
