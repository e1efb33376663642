package io.cmmigration.monitoring.browser;

import static io.cmmigration.monitoring.support.TestEvents.catalogue;
import static io.cmmigration.monitoring.support.TestEvents.chunk;
import static io.cmmigration.monitoring.support.TestEvents.entry;
import static io.cmmigration.monitoring.support.TestEvents.gathering;
import static io.cmmigration.monitoring.support.TestEvents.id;
import static io.cmmigration.monitoring.support.TestEvents.job;
import static io.cmmigration.monitoring.support.TestEvents.object;
import static io.cmmigration.monitoring.support.TestEvents.publish;
import static io.cmmigration.monitoring.support.TestEvents.site;
import static io.cmmigration.monitoring.support.TestEvents.specified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cmmigration.events.GatheringStatusEvent.TypeCounts;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.JobStatusEvent.Status;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live dashboard in a real browser (headless Chromium): the administrator signs in through the browser's Basic
 * prompt, watches a job run (this test publishes its progress events), sees the progress bar move and the job reach
 * Completed with the right counts, opens the job's objects, filters and searches them; the console stays clean.
 * Screenshots go to target/screenshots/.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "monitoring"))
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL root;

    private ChromeDriver driver;
    private Path profile;

    @BeforeEach
    void startBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser test skipped: /usr/bin/chromium or /usr/bin/chromedriver is not installed (apt-get install -y chromium chromium-driver)");
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=1366,768");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1366, 768));
        // The browser sends admin/admin as HTTP Basic on every request, as it does once a person has answered the
        // service's Basic prompt. (CDP request interception, Selenium's HasAuthentication, stalls the long-lived
        // event stream; an extra header does not.)
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))));
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void anAdministratorWatchesAJobRunToCompletionAndDrillsIntoItsObjects() throws Exception {
        String h = id("H");
        String j = id("J");
        int total = 20;
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        publish(specified(h, t.minusSeconds(600), List.of(site(h, null))),
                gathering(h, h, 1, "Ready for next data gathering process", t.minusSeconds(500), t.minusSeconds(500),
                        Map.of("COLLECTION", new TypeCounts(12, 12, 0, 0), "PACKAGE", new TypeCounts(8, 8, 0, 0))),
                catalogue(h, t.minusSeconds(400), 20, 0, 0, 5, 0, 0,
                        Map.of("COLLECTION", Map.of("AVAILABLE_TO_MIGRATE", 12L), "PACKAGE", Map.of("AVAILABLE_TO_MIGRATE", 8L))),
                job(j, h, Status.RUNNING, total, 0, 0, 0, t, t, null));

        driver.get(root.toString() + "#/jobs");
        // The page re-renders as updates arrive, so elements are looked up afresh for every read and click.
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        String rowCss = "tr[data-job-id='" + j + "']";
        String barCss = rowCss + " .progress";
        wait.until(d -> attr(barCss, "aria-valuenow") != null);
        assertEquals("0", attr(barCss, "aria-valuenow"));

        // The job runs: each progress report shows up on the open page, pushed by the server (no reload).
        List<String> seen = new ArrayList<>();
        int migrated = 0;
        for (int step = 1; step <= 3; step++) {
            // job-service reports a chunk's objects in one event; earlier versions one event per object: both arrive here
            List<JobObjectStatusBatchEvent.JobObjectStatus> entries = new ArrayList<>();
            for (int k = 0; k < 5; k++, migrated++) {
                ObjectType type = migrated < 12 ? ObjectType.COLLECTION : ObjectType.PACKAGE;
                if (step == 2) {
                    publish(object(j, h, h, type, "OBJ" + migrated, "Object " + migrated, JobObjectStatusEvent.Status.COMPLETED,
                            t.plusMillis(100L * migrated + 50), null));
                } else {
                    entries.add(entry(h, type, "OBJ" + migrated, "Object " + migrated, JobObjectStatusEvent.Status.COMPLETED, null));
                }
            }
            if (!entries.isEmpty()) {
                publish(chunk(j, h, t.plusMillis(100L * migrated), entries));
            }
            publish(job(j, h, Status.RUNNING, total, migrated, 0, 0, t.plusSeconds(step), t, null));
            String expected = String.valueOf(migrated);
            wait.until(d -> expected.equals(attr(barCss, "aria-valuenow")));
            seen.add(attr(barCss, "aria-valuenow"));
        }
        assertEquals(List.of("5", "10", "15"), seen, "the progress bar moved with every report");
        List<JobObjectStatusBatchEvent.JobObjectStatus> last = new ArrayList<>();
        for (; migrated < 18; migrated++) {
            last.add(entry(h, ObjectType.PACKAGE, "OBJ" + migrated, "Object " + migrated, JobObjectStatusEvent.Status.COMPLETED, null));
        }
        last.add(entry(h, ObjectType.PACKAGE, "OBJ18", "Visio 2013", JobObjectStatusEvent.Status.FAILED,
                "content source \\\\fs01\\pkg\\visio is not reachable"));
        last.add(entry(h, ObjectType.PACKAGE, "OBJ19", "Old tool", JobObjectStatusEvent.Status.SKIPPED, "excluded"));
        publish(chunk(j, h, t.plusSeconds(4), last), job(j, h, Status.COMPLETED, total, 18, 1, 1, t.plusSeconds(5), t, t.plusSeconds(5)));

        wait.until(d -> text(rowCss + " .status").contains("Completed"));
        assertEquals("18", text(rowCss + " td.migrated"));
        assertEquals("1", text(rowCss + " td.failed"));
        assertEquals("1", text(rowCss + " td.skipped"));
        assertEquals("20", text(rowCss + " td.total"));
        assertEquals("20", attr(barCss, "aria-valuenow"));
        screenshot("jobs.png");

        // Drill down into the job's objects: all 20, then only the failed one, then a search.
        click(rowCss + " td a");
        wait.until(d -> d.findElements(By.cssSelector("#objects-table tbody tr")).size() == total);
        assertTrue(text("#job-head").contains("Completed"));
        click("#object-filters button[data-status='FAILED']");
        wait.until(d -> d.findElements(By.cssSelector("#objects-table tbody tr")).size() == 1);
        String failedRow = text("#objects-table tbody tr");
        assertTrue(failedRow.contains("Visio 2013") && failedRow.contains("is not reachable"), failedRow);
        click("#object-filters button[data-status='']");
        wait.until(d -> d.findElements(By.cssSelector("#objects-table tbody tr")).size() == total);
        driver.findElement(By.id("object-search")).sendKeys("old tool");
        wait.until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#objects-table tbody tr"));
            return rows.size() == 1 && rows.get(0).getText().contains("Skipped");
        });
        screenshot("job-objects.png");

        // The overview with its figures and charts, and the other pages, render without errors.
        driver.get(root.toString() + "#/");
        wait.until(d -> d.findElements(By.cssSelector("#chart-types svg rect")).size() > 0
                && d.findElements(By.cssSelector("#chart-throughput svg rect")).size() > 0
                && d.findElements(By.cssSelector("#chart-jobs tr[data-job-id='" + j + "']")).size() == 1);
        assertTrue(text("#fig-jobs").contains("Completed"));
        assertTrue(text("#live").contains("Live"));
        screenshot("dashboard.png");
        for (String page : List.of("sources", "dps", "reports", "history")) {
            driver.get(root.toString() + "#/" + page);
            wait.until(d -> d.findElement(By.cssSelector("header nav a.active")).getAttribute("data-page").equals(page)
                    && d.findElements(By.cssSelector("main .error")).isEmpty() && !d.findElement(By.id("view")).getText().contains("Loading"));
        }
        driver.get(root.toString() + "#/sources");
        wait.until(d -> d.findElements(By.cssSelector("section[data-hierarchy='" + h + "'] tr[data-site='" + h + "']")).size() == 1);
        screenshot("sources.png");

        // History: a job chunk too large to list inline (300 objects) is fetched when its row is opened.
        String big = id("J");
        List<JobObjectStatusBatchEvent.JobObjectStatus> many = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(entry(h, ObjectType.PACKAGE, "BIG" + i, "Package " + i + " with a long descriptive name",
                    JobObjectStatusEvent.Status.COMPLETED, null));
        }
        publish(chunk(big, h, Instant.now(), many));
        driver.get(root.toString() + "#/history");
        wait.until(d -> !d.findElements(By.cssSelector("input[name='jobId']")).isEmpty());
        driver.findElement(By.cssSelector("input[name='jobId']")).sendKeys(big);
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("form.toolbar button[type='submit']")).click();
            return !d.findElements(By.cssSelector("main details summary")).isEmpty()
                    && d.findElement(By.cssSelector("main details summary")).getText().contains(big);
        });
        // Closed <details> content is not rendered, so its innerText is empty: read the text content.
        String closed = (String) driver.executeScript("return document.querySelector('main details pre').textContent;");
        assertTrue(closed.startsWith("Loading the event"), closed);
        // The page re-renders when live updates arrive (a fresh, closed row): open it again until the event shows.
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            if (!Boolean.TRUE.equals(driver.executeScript("return document.querySelector('main details').open;"))) {
                d.findElement(By.cssSelector("main details summary")).click();
            }
            return text("main details pre").contains("\"BIG299\"");
        });
        screenshot("history-large-event.png");

        List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertEquals(List.of(), problems.stream().map(LogEntry::toString).toList(), "browser console");
    }

    /** An attribute read in one step in the page (no stale element between finding and reading). */
    private String attr(String css, String name) {
        return (String) driver.executeScript("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, name);
    }

    private String text(String css) {
        return (String) driver.executeScript("const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css);
    }

    private void click(String css) {
        new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
