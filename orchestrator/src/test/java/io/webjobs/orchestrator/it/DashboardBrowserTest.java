package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless browser (Debian's chromium through chromium-driver, which .ci/run installs):
 * add a job through the form (or be refused before anything is created), run it, watch it turn Success, open its
 * log. Screenshots go to target/dashboard-*.png.
 */
class DashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ChromeDriver browser;
    private final TestSystem system = TestSystem.get();

    @BeforeAll
    static void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(service, options);
        // What the browser would send after its Basic-auth prompt, on every request of the page.
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", Api.AUTHORIZATION)));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void shouldAddAJobThroughTheFormRunItAndShowItsLog() throws Exception {
        String job = uniqueName("dashboard");
        Path script = Files.createTempDirectory("dashboard").resolve("run.sh");
        Files.writeString(script, "echo \"hello from the dashboard $1\"\n");
        browser.get(system.baseUrl() + "/");

        browser.findElement(By.id("job-name")).sendKeys(job);
        browser.findElement(By.id("job-file")).sendKeys(script.toAbsolutePath().toString());
        new Select(browser.findElement(By.id("job-trigger"))).selectByValue("scheduled");
        browser.findElement(By.id("job-schedule")).sendKeys("0 0 * * * 7");
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> text("cron-preview").contains("Invalid day-of-week field '7'"));
        browser.findElement(By.id("job-schedule")).clear();
        browser.findElement(By.id("job-schedule")).sendKeys("0 30 9 * * 1-5");
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> text("cron-preview").startsWith("Next:"));
        assertThat(text("cron-preview").split("·")).hasSize(5);
        new Select(browser.findElement(By.id("job-trigger"))).selectByValue("manual");
        browser.findElement(By.id("add-button")).click();

        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> exists("job-" + job));
        click(By.id("run-" + job));
        browser.switchTo().alert().sendKeys("world");
        browser.switchTo().alert().accept();
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> exists("job-" + job) && browser.findElement(By.id("job-" + job)).getText().contains("Success"));
        screenshot("list");

        click(By.linkText(job));
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> !browser.findElements(By.cssSelector("#history tbody tr")).isEmpty());
        String row = await().atMost(WAIT).ignoreException(StaleElementReferenceException.class)
                .until(() -> browser.findElement(By.cssSelector("#history tbody tr")).getText(), t -> !t.isEmpty());
        assertThat(row).contains("Success").contains("External - ");
        click(By.cssSelector("#history tbody tr a"));
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> text("log").contains("hello from the dashboard world"));
        assertThat(browser.findElement(By.id("download-log")).isDisplayed()).isTrue();
        screenshot("log");

        click(By.id("page-delete-" + job));
        browser.switchTo().alert().accept();
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> new Api(system.baseUrl()).get("/api/triggeredwebjobs/" + job).status() == 404);
    }

    @Test
    void shouldShowTheReasonWhenAnUploadIsRefused() throws Exception {
        Path notAScript = Files.createTempDirectory("dashboard").resolve("notes.txt");
        Files.writeString(notAScript, "just text\n");
        browser.get(system.baseUrl() + "/");

        browser.findElement(By.id("job-name")).sendKeys(uniqueName("refused"));
        browser.findElement(By.id("job-file")).sendKeys(notAScript.toAbsolutePath().toString());
        browser.findElement(By.id("add-button")).click();

        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> text("add-error").equals("No runnable script file was found."));
    }

    @Test
    void shouldRefuseToAddAScheduledJobWithABadCronAndCreateNothing() throws Exception {
        String job = uniqueName("bad-cron");
        Path script = Files.createTempDirectory("dashboard").resolve("run.sh");
        Files.writeString(script, "echo never\n");
        browser.get(system.baseUrl() + "/");

        browser.findElement(By.id("job-name")).sendKeys(job);
        browser.findElement(By.id("job-file")).sendKeys(script.toAbsolutePath().toString());
        new Select(browser.findElement(By.id("job-trigger"))).selectByValue("scheduled");
        browser.findElement(By.id("job-schedule")).sendKeys("0 0 * * * 7");
        browser.findElement(By.id("add-button")).click();

        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> text("add-error")
                .startsWith("Not added: invalid CRON expression: Invalid day-of-week field '7'"));
        screenshot("bad-cron");
        // The refusal comes before the PUT: once the error shows, the page has sent nothing that creates a job.
        assertThat(new Api(system.baseUrl()).get("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
        assertThat(exists("job-" + job)).isFalse();
    }

    @Test
    void shouldTailAContinuousJobsLogLiveAndShowItsInstances() throws Exception {
        String job = uniqueName("dashboard-tail");
        Api api = new Api(system.baseUrl());
        api.putZip("/api/continuouswebjobs/" + job + "?scale=single", "job.zip", Zips.aZipWith("run.sh",
                "i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.2; done\n"));
        browser.get(system.baseUrl() + "/#job/continuous/" + job);

        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> text("log").contains("tick 3"));
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> text("log").contains("tick 8"));
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> text("job-instances").contains("Running"));
        screenshot("tail");

        click(By.id("page-stop-" + job));
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> api.get("/api/continuouswebjobs/" + job).json().get("status").asText().equals("Stopped"));
        api.delete("/api/continuouswebjobs/" + job);
    }

    /**
     * The page re-renders its lists every 2 s, so an element found a moment ago may be replaced before the
     * click lands: find it again and click until one click gets through.
     */
    private static void click(By element) {
        await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> {
            browser.findElement(element).click();
            return true;
        });
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static boolean exists(String id) {
        try {
            browser.findElement(By.id(id));
            return true;
        } catch (NoSuchElementException e) {
            return false;
        }
    }

    private static void screenshot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "dashboard-" + name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
