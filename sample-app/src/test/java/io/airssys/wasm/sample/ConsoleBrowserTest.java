package io.airssys.wasm.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operator's console in a real headless Chromium (Debian's chromium and chromium-driver,
 * which .ci/run installs): an operator signs in, deploys a canary at 50 %, watches the split
 * appear as calls come in, promotes it, rolls back to 1.0.0, and sees each step in the history.
 * Screenshots of each step are saved under target/console-screenshots/; with
 * {@code -Dairssys.console.update-screenshot=true} the canary's is also written to
 * docs/images/console.png, the README's picture.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @TempDir
    static Path registryDirectory;

    @DynamicPropertySource
    static void freshRegistry(DynamicPropertyRegistry registry) {
        registry.add("airssys.wasm.registry.path", () -> registryDirectory.toString());
        registry.add("airssys.wasm.console.refresh", () -> "500ms");
    }

    @LocalServerPort
    private int port;

    /** The browser's profile, here rather than in the system's temporary directory, so none is left behind. */
    @TempDir
    Path profile;

    private ChromeDriver browser;
    private WebDriverWait wait;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void openBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "no headless browser for the console test: apt-get install chromium chromium-driver"
                    + " (.ci/run installs them)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + "; CI must run this test");
            }
            System.err.println("*** SKIPPED: " + message);
            Assumptions.abort(message);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--user-data-dir=" + profile);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
        browser.manage().window().setSize(new Dimension(1400, 1000));
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class); // the console redraws its tables as it refreshes
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void signInAsOperator() {
        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys("ops");
        browser.findElement(By.name("password")).sendKeys("change-me");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/actuator/wasmconsole"));
    }

    private void openGreeter() {
        browser.get(url("/actuator/wasmconsole#greeter"));
        wait.until(d -> versionsShown().contains("1.0.0 active 100%"));
    }

    /** The serving-versions table as "version role share" lines. */
    private List<String> versionsShown() {
        return browser.findElements(By.cssSelector("#versions tbody tr")).stream()
                .map(row -> {
                    List<WebElement> cells = row.findElements(By.tagName("td"));
                    return cells.get(0).getText() + " " + cells.get(1).getText() + " "
                            + cells.get(2).getText();
                })
                .toList();
    }

    /** The calls the serving-versions table counts, all versions together (the "(failures/calls)" of each row). */
    private long callsShown() {
        return browser.findElements(By.cssSelector("#versions tbody tr td:nth-child(5)")).stream()
                .map(WebElement::getText)
                .mapToLong(text -> Long.parseLong(text.substring(text.indexOf('/') + 1, text.length() - 1)))
                .sum();
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> historyActions() {
        return browser.findElements(By.cssSelector("#history tbody tr td:nth-child(2)")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private void confirm() {
        wait.until(ExpectedConditions.alertIsPresent()).accept();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private void greet(int times) {
        for (int i = 0; i < times; i++) {
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create(url("/greet?name=Ada")))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void anOperatorRunsACanaryPromotesItRollsBackAndSeesEachStepInTheHistory() throws IOException {
        signInAsOperator();
        openGreeter();
        assertThat(browser.findElement(By.id("mode")).getText()).isEqualTo("operator");

        browser.findElement(By.id("deploy-location")).sendKeys("classpath:components/greeter-2.0.0.wasm");
        new Select(browser.findElement(By.id("deploy-strategy"))).selectByVisibleText("canary");
        WebElement percent = browser.findElement(By.id("deploy-percent"));
        percent.clear();
        percent.sendKeys("50");
        browser.findElement(By.id("deploy-button")).click();
        confirm();
        wait.until(d -> versionsShown().equals(List.of("1.0.0 active 50%", "2.0.0 canary 50%")));

        for (int round = 0; round < 4; round++) { // the split appears as calls come in: both versions take some
            greet(10);
            sleep(Duration.ofMillis(600));
        }
        wait.until(d -> callsShown() == 40);
        wait.until(d -> browser.findElements(By.cssSelector("#versions tbody tr td:nth-child(5)")).stream()
                .allMatch(cell -> !cell.getText().endsWith("/0)")));
        wait.until(d -> browser.findElements(By.cssSelector("#versions tbody tr td:nth-child(6)")).stream()
                .noneMatch(cell -> cell.getText().equals("—")));
        screenshot("1-canary-at-50");
        if (Boolean.getBoolean("airssys.console.update-screenshot")) {
            Files.write(Path.of("..", "docs", "images", "console.png"), browser.getScreenshotAs(OutputType.BYTES));
        }

        browser.findElement(By.id("promote-button")).click();
        confirm();
        wait.until(d -> versionsShown().equals(List.of("2.0.0 active 100%")));
        wait.until(d -> historyActions().get(0).equals("promote"));
        screenshot("2-promoted");

        wait.until(d -> {
            new Select(browser.findElement(By.id("rollback-version"))).selectByVisibleText("1.0.0");
            return true;
        });
        browser.findElement(By.id("rollback-to-button")).click();
        confirm();
        wait.until(d -> versionsShown().equals(List.of("1.0.0 active 100%")));
        wait.until(d -> historyActions().get(0).equals("activate"));
        screenshot("3-rolled-back");

        // read while the page keeps redrawing: inside a wait, which retries a row redrawn under it
        List<String> actions = wait.until(d -> historyActions());
        String why = wait.until(d -> browser.findElement(By.cssSelector("#history tbody tr td:nth-child(4)"))
                .getText());
        assertThat(actions).containsSubsequence("activate", "promote", "canary");
        assertThat(why).contains("replacing 2.0.0").contains("by ops");
    }

    @Test
    void aViewerWhoIsNotAnOperatorGetsAReadOnlyConsole() {
        openGreeter();

        assertThat(browser.findElement(By.id("mode")).getText()).isEqualTo("read-only");
        assertThat(browser.findElement(By.id("actions")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("deploy")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("granted")).getText()).isNotEmpty();
    }
}
