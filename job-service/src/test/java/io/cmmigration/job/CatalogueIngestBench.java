package io.cmmigration.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.cmmigration.testsupport.kafka.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurement, not a test (run with -Dcmm.bench=true [-Dcmm.bench.ingest-objects=50000]): catalogue ingestion rate. Publishes N
 * realistic source objects (packages with two programs, applications with deployment types and a required reference,
 * collections with rules) to the real in-process broker with an idempotent batching producer, as gathering does, and
 * times until the catalogue holds all of them. Baseline in the same run: the producer's own publish rate (an upper
 * bound for what gathering can push through this broker). Prints both and the ratio; asserts only that every object
 * arrived. A warm-up hierarchy of 2,000 objects goes first (-Dcmm.bench.ingest-objects=N sets the measured count).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = {@ResourceArg(name = "purpose", value = "job"),
        @ResourceArg(name = "datasources", value = "<default>,destination")})
@EnabledIfSystemProperty(named = "cmm.bench", matches = "true")
class CatalogueIngestBench {

    @Test
    void catalogueIngestThroughput() throws Exception {
        int n = Integer.getInteger("cmm.bench.ingest-objects", 50_000);
        Map<String, Object> cfg = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Warm-up (JIT, consumer assignment): a small hierarchy of its own, not measured.
        run("WRM", 2_000, cfg, false);
        run("ING", n, cfg, true);
    }

    private static void run(String h, int n, Map<String, Object> cfg, boolean print) throws Exception {
        List<SourceObjectEvent> events = new ArrayList<>(n);
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            String id = String.format("ING%05X", i);
            ObjectType type;
            Map<String, Object> attrs = new LinkedHashMap<>();
            List<ObjectReference> refs = new ArrayList<>();
            switch (i % 3) {
                case 0 -> {
                    type = ObjectType.PACKAGE;
                    attrs.put("PackageID", id);
                    attrs.put("Name", "Package " + i);
                    attrs.put("Version", "1." + (i % 10));
                    attrs.put("Manufacturer", "Contoso");
                    attrs.put("PkgSourcePath", "\\\\src\\share\\pkg" + i);
                    attrs.put("programs", List.of(
                            Map.of("ProgramName", "Install", "CommandLine", "setup.exe /q /norestart", "ProgramFlags", 8192, "Comment", "silent install"),
                            Map.of("ProgramName", "Uninstall", "CommandLine", "setup.exe /x /q", "ProgramFlags", 8192, "Comment", "")));
                }
                case 1 -> {
                    type = ObjectType.APPLICATION;
                    attrs.put("CI_ID", i);
                    attrs.put("LocalizedDisplayName", "Application " + i);
                    attrs.put("SoftwareVersion", "2." + (i % 7));
                    attrs.put("Manufacturer", "Fabrikam");
                    attrs.put("deploymentTypes", List.of(Map.of("Title", "MSI " + i, "Technology", "MSI", "ContentLocation", "\\\\src\\apps\\" + i)));
                    refs.add(new ObjectReference("package", ObjectType.PACKAGE, h, String.format("ING%05X", i - 1), true));
                }
                default -> {
                    type = ObjectType.COLLECTION;
                    attrs.put("CollectionID", id);
                    attrs.put("Name", "Collection " + i);
                    attrs.put("CollectionType", 2);
                    attrs.put("LimitToCollectionID", "SMS00001");
                    attrs.put("rules", List.of(Map.of("RuleName", "Query " + i, "QueryExpression",
                            "select * from SMS_R_System where SMS_R_System.Name like 'PC" + i + "%'")));
                }
            }
            events.add(SourceObjectEvent.of(ChangeKind.DISCOVERED, h, h, type, id, type + " " + i, 1L, "fp-" + id, now, "bench-run", attrs, refs));
        }
        List<String> values = events.stream().map(EventCodec::encode).toList();
        if (print) {
            System.out.printf("BENCH ingest: %d events, %.0f bytes each on average%n", n, values.stream().mapToInt(String::length).average().orElse(0));
        }

        long t0 = System.nanoTime();
        double publishSeconds;
        try (KafkaProducer<String, String> p = new KafkaProducer<>(cfg, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                acks.add(p.send(new ProducerRecord<>(Topic.SOURCE_OBJECTS.topicName(), events.get(i).key(), values.get(i))));
            }
            for (Future<RecordMetadata> f : acks) {
                f.get();
            }
            publishSeconds = (System.nanoTime() - t0) / 1e9;
        }
        long deadline = System.nanoTime() + 600_000_000_000L;
        long count = 0;
        while (System.nanoTime() < deadline && (count = catalogueCount(h)) < n) {
            Thread.sleep(50);
        }
        double ingestSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(n, count);
        if (print) {
            System.out.printf("BENCH ingest objects=%d published in %.2fs (%.0f/s); catalogue held all after %.2fs -> %.0f objects/s; ratio %.2f%n",
                    n, publishSeconds, n / publishSeconds, ingestSeconds, n / ingestSeconds, publishSeconds / ingestSeconds);
        }
    }

    private static Connection db() throws Exception {
        var cfg = ConfigProvider.getConfig();
        return DriverManager.getConnection(cfg.getValue("quarkus.datasource.jdbc.url", String.class),
                cfg.getValue("quarkus.datasource.username", String.class), cfg.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    private static long catalogueCount(String h) throws Exception {
        try (Connection c = db(); java.sql.PreparedStatement st = c.prepareStatement("SELECT count(*) FROM catalogue_object WHERE hierarchy_id = ?")) {
            st.setString(1, h);
            ResultSet rs = st.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }
}
