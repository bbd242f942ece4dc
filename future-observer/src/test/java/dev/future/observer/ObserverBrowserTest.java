package dev.future.observer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.future.ActorRef;
import dev.future.ActorState;
import dev.future.Group;
import dev.future.GroupConfig;
import dev.future.Retry;
import dev.future.SpawnOptions;
import dev.future.Strategy;
import dev.future.Supervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The observer as a person uses it: headless Chromium against a real supervisor. It leaves a
 * screenshot in {@code target/observer-screenshot.png}.
 */
@Timeout(120)
class ObserverBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path profile;
    private ChromeDriver browser;
    private Supervisor supervisor;
    private Observer observer;
    private Thread traffic;
    private final AtomicBoolean running = new AtomicBoolean(true);

    @BeforeEach
    void start() {
        browser = Browser.open(profile);
        supervisor = Supervisor.create();
        observer = Observer.start(supervisor,
                ObserverOptions.builder().sampleInterval(Duration.ofMillis(250)).announce(line -> {}).build());
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        if (traffic != null) {
            traffic.join(Duration.ofSeconds(5));
        }
        if (browser != null) {
            browser.quit();
        }
        if (observer != null) {
            observer.close();
        }
        if (supervisor != null) {
            supervisor.close();
        }
    }

    private WebElement row(String id) {
        return new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector("li[data-actor-id='" + id + "']"))
                .stream().findFirst().orElse(null));
    }

    private void awaitRow(String id, String attribute, String value) {
        new WebDriverWait(browser, WAIT).withMessage(() -> id + " never showed " + attribute + "=" + value)
                .until(d -> value.equals(row(id).getDomAttribute(attribute)));
    }

    /** A handler that will not be killed: it swallows interrupts, cheaply, until the test ends. */
    private void ignoreInterrupts() {
        while (running.get()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                // a runaway on purpose
            }
        }
    }

    @Test
    void shouldKillFromThePageAndShowCrashesRestartsAndRunaways() throws Exception {
        // a small system worth looking at: a worker with traffic, a parent with a linked child,
        // a nested group, a victim and a crasher
        ActorRef worker = supervisor.spawn((self, msg, ctx) -> {}, SpawnOptions.builder().name("worker").build());
        ActorRef parent = supervisor.spawn((self, msg, ctx) -> {
            if (msg.msg().equals("spawn")) {
                ctx.link(ctx.spawn((s, m, c) -> {}, SpawnOptions.builder().name("child").build()));
            }
        }, SpawnOptions.builder().name("parent").build());
        parent.receive("spawn", null);
        Group pipeline = supervisor.createGroup(GroupConfig.of(Strategy.ONE_FOR_ALL, Retry.fixed(5, Duration.ofMillis(100))));
        pipeline.spawn((self, msg, ctx) -> {}, SpawnOptions.builder().name("stage-1").build());
        pipeline.createGroup(GroupConfig.of(Strategy.REST_FOR_ONE, Retry.none()))
                .spawn((self, msg, ctx) -> {}, SpawnOptions.builder().name("stage-2").build());
        ActorRef victim = supervisor.spawn((self, msg, ctx) -> {}, SpawnOptions.builder().name("victim").build());
        ActorRef crasher = supervisor.spawn((self, msg, ctx) -> {
            if (msg.msg().equals("boom")) {
                throw new IllegalStateException("boom on purpose");
            }
        }, SpawnOptions.builder().name("crasher").build());
        ActorRef stubborn = supervisor.spawn((self, msg, ctx) -> ignoreInterrupts(),
                SpawnOptions.builder().name("stubborn").build());
        traffic = Thread.ofVirtual().name("traffic").start(() -> {
            for (int i = 0; running.get() && i < 2_000; i++) {
                for (int j = 0; j < 50; j++) {
                    worker.receive("work", j);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        browser.get(observer.uri().toString());
        String victimId = victim.id().toString();
        String crasherId = crasher.id().toString();
        assertThat(row(victimId).findElement(By.cssSelector(".name")).getText()).isEqualTo("victim");
        awaitRow(victimId, "data-state", "IDLE");

        // kill through the page: an intentional stop, never restarted
        row(victimId).findElement(By.cssSelector("button.kill")).click();
        awaitRow(victimId, "data-state", "TERMINATED");
        assertThat(victim.state()).isEqualTo(ActorState.TERMINATED);
        assertThat(row(victimId).findElement(By.cssSelector(".last-crash")).getText()).contains("terminated");

        // a crash: the default policy restarts it, and the page shows the new incarnation and the crash
        awaitRow(crasherId, "data-incarnation", "1");
        crasher.receive("boom", null);
        awaitRow(crasherId, "data-incarnation", "2");
        new WebDriverWait(browser, WAIT).until(d -> row(crasherId).findElement(By.cssSelector(".last-crash")).getText()
                .contains("boom on purpose"));
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.id("crashes")).getText().contains("boom on purpose"));

        // a runaway: killed, it will not end, so it is fenced; the page shows its stack trace
        stubborn.receive("hold", null);
        new WebDriverWait(browser, WAIT).until(d -> "BUSY".equals(row(stubborn.id().toString()).getDomAttribute("data-state")));
        row(stubborn.id().toString()).findElement(By.cssSelector("button.kill")).click();
        new WebDriverWait(browser, WAIT).withMessage("no runaway shown")
                .until(d -> d.findElement(By.id("runaways")).getText().contains("stubborn"));
        browser.findElement(By.cssSelector("#runaways details summary")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.cssSelector("#runaways pre")).getText()
                .contains("ObserverBrowserTest"));

        // select it: the details panel shows the crash; the tree shows the child under its parent
        row(crasherId).findElement(By.cssSelector(".row")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.id("details")).getText().contains("boom on purpose"));
        new WebDriverWait(browser, WAIT).until(d -> !row(parent.id().toString())
                .findElements(By.cssSelector("ul.children > li")).isEmpty());
        assertThat(browser.findElements(By.cssSelector(".group"))).hasSizeGreaterThanOrEqualTo(3);
        new WebDriverWait(browser, WAIT).until(d -> !d.findElement(By.id("c-rate")).getText().equals("0"));

        Path screenshot = Browser.screenshot(browser, "observer-screenshot.png");
        assertThat(Files.size(screenshot)).isPositive();
    }
}
