package dev.future.observer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.future.ActorId;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page in a real browser, against a fake supervisor: what it renders, how it escapes, how it kills. */
@Timeout(90)
class ObserverPageTest {

    @TempDir
    static Path profile;
    private static ChromeDriver browser;

    private FakeSupervisor fake;
    private Observer observer;


    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void start() {
        if (browser == null) {
            // opened by the first test, shared by the rest; each one skips, saying why, without a browser
            browser = Browser.open(profile);
        }
        fake = new FakeSupervisor();
        observer = Observer.start(fake.supervisor,
                ObserverOptions.builder().sampleInterval(Duration.ofMillis(200)).announce(line -> {}).build());
    }

    @AfterEach
    void stop() {
        if (observer != null) {
            observer.close();
        }
    }

    private WebElement actor(String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(d -> d.findElements(By.cssSelector("li[data-actor-id='" + id + "']")).stream().findFirst().orElse(null));
    }

    @Test
    void shouldShowChildrenUnderTheirParentAndNamesAsText() {
        browser.get(observer.uri().toString());
        WebElement parent = actor("actor-1");
        WebElement child = actor("actor-2");
        assertThat(parent.findElement(By.cssSelector("ul.children")).findElements(By.cssSelector("li[data-actor-id='actor-2']")))
                .hasSize(1);
        assertThat(child.findElement(By.cssSelector(".name")).getText()).isEqualTo("child <b>");
        assertThat(child.findElements(By.tagName("b"))).isEmpty();
        assertThat(parent.findElement(By.cssSelector(".last-crash")).getText()).contains("boom");
        assertThat(parent.findElement(By.cssSelector(".links")).getText()).contains("actor-2");
        assertThat(browser.findElement(By.id("c-pool")).getText()).contains("4 / 16");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("live");
    }

    @Test
    void shouldShowTheSelectedActorsDetails() throws Exception {
        browser.get(observer.uri().toString());
        actor("actor-2").findElement(By.cssSelector(".row")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("details")).getText().contains("BUSY"));
        Browser.screenshot(browser, "observer-page-fake.png");
    }

    @Test
    void shouldShowTheSelectedActorsLastCrash() {
        browser.get(observer.uri().toString());
        actor("actor-1").findElement(By.cssSelector(".row")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.id("details")).getText().contains("IllegalStateException: boom"));
        assertThat(browser.findElement(By.id("details")).getText()).contains("incarnation").contains("actor-2");
    }

    @Test
    void shouldKillThroughTheKillButton() {
        browser.get(observer.uri().toString());
        actor("actor-2").findElement(By.cssSelector("button.kill")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> fake.killed.contains(new ActorId(2)));
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElements(By.cssSelector("li[data-actor-id='actor-2']")).isEmpty());
        assertThat(browser.findElement(By.id("toast")).getText()).contains("killed actor-2");
    }
}
