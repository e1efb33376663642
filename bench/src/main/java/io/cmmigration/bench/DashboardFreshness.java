package io.cmmigration.bench;

import io.cmmigration.events.EventCodec;
import io.cmmigration.events.JobStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.catalogue.JobType;
import io.cmmigration.events.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Dashboard freshness: from the moment a job-status event is handed to the broker until the open dashboard page (a
 * real headless Chromium on the Migration jobs page) shows it, with no reload. The page itself records when the job's
 * progress bar takes each new value (a MutationObserver writing Date.now()), so the browser's polling by Selenium adds
 * nothing to the figure; both clocks are this machine's wall clock.
 */
final class DashboardFreshness {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private DashboardFreshness() {
    }

    static boolean browserAvailable() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Milliseconds from publish to shown, one sample per progress report. */
    static Stats measure(String dashboardUrl, String bootstrap, String hierarchyId, int samples) throws Exception {
        Path profile = Files.createTempDirectory("bench-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile, "--window-size=1366,768");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            driver.executeCdpCommand("Network.enable", Map.of());
            driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))));
            String jobId = "bench-freshness-" + UUID.randomUUID().toString().substring(0, 8);
            Instant created = Instant.now();
            int total = samples + 1;
            send(producer, job(jobId, hierarchyId, 0, total, created));
            driver.get(dashboardUrl + "/#/jobs");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            String bar = "tr[data-job-id='" + jobId + "'] .progress";
            wait.until(d -> "0".equals(driver.executeScript("const e = document.querySelector(arguments[0]); return e && e.getAttribute('aria-valuenow');",
                    bar)));
            driver.executeScript("""
                    window.__shown = {};
                    const record = () => {
                      const e = document.querySelector(arguments[0]);
                      const v = e && e.getAttribute('aria-valuenow');
                      if (v !== null && v !== undefined && !(v in window.__shown)) { window.__shown[v] = Date.now(); }
                    };
                    new MutationObserver(record).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
                    """, bar);
            Random random = new Random(5);
            List<Double> millis = new ArrayList<>();
            for (int i = 1; i <= samples; i++) {
                Thread.sleep(150 + random.nextInt(250)); // not aligned with the dashboard's batching
                long sentAt = System.currentTimeMillis();
                send(producer, job(jobId, hierarchyId, i, total, created));
                String value = String.valueOf(i);
                wait.until(d -> driver.executeScript("return window.__shown[arguments[0]] || null;", value) != null);
                long shownAt = ((Number) driver.executeScript("return window.__shown[arguments[0]];", value)).longValue();
                millis.add((double) (shownAt - sentAt));
            }
            Instant end = Instant.now();
            send(producer, new JobStatusEvent(MigrationEvent.newId(), JobStatusEvent.SCHEMA_VERSION, end, jobId, "bench: dashboard freshness",
                    JobType.OBJECT, hierarchyId, JobStatusEvent.Status.COMPLETED, total, total, 0, 0, created, created, end, null, null));
            producer.flush();
            return new Stats(millis);
        } finally {
            driver.quit();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static JobStatusEvent job(String jobId, String hierarchyId, long migrated, long total, Instant created) {
        Instant now = Instant.now();
        return new JobStatusEvent(MigrationEvent.newId(), JobStatusEvent.SCHEMA_VERSION, now, jobId, "bench: dashboard freshness", JobType.OBJECT,
                hierarchyId, JobStatusEvent.Status.RUNNING, total, migrated, 0, 0, created, created, null, null, null);
    }

    private static void send(KafkaProducer<String, String> producer, MigrationEvent e) throws Exception {
        producer.send(new ProducerRecord<>(Topic.of(e.getClass()).topicName(), e.key(), EventCodec.encode(e)));
    }
}
