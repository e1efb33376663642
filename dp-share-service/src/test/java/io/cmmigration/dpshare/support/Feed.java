package io.cmmigration.dpshare.support;

import io.cmmigration.events.ChangeKind;
import io.cmmigration.events.DistributionPointEvent;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.GatheringStatusEvent;
import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.JobObjectStatusBatchEvent;
import io.cmmigration.events.JobObjectStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.topics.Topic;
import io.cmmigration.testsupport.kafka.TestKafka;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes events as the other services would (same topics, keys and encoding) to the test broker. */
public final class Feed {

    private static KafkaProducer<String, String> producer;

    private Feed() {
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    public static void send(MigrationEvent event) {
        raw(Topic.of(event.getClass()).topicName(), event.key(), EventCodec.encode(event));
    }

    public static void raw(String topic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static HierarchyEvent.Site primary(String code, boolean sharing) {
        return new HierarchyEvent.Site(code, null, code.toLowerCase() + ".contoso.com", null, "PRIMARY", true, sharing, false);
    }

    public static HierarchyEvent.Site secondary(String code, String parent) {
        return new HierarchyEvent.Site(code, parent, code.toLowerCase() + ".contoso.com", null, "SECONDARY", false, false, false);
    }

    public static HierarchyEvent hierarchy(HierarchyEvent.Action action, String hierarchyId, String version, HierarchyEvent.Site... sites) {
        return new HierarchyEvent(UUID.randomUUID(), HierarchyEvent.SCHEMA_VERSION, Instant.now(), action, hierarchyId, sites.length > 0
                ? sites[0].siteCode() : hierarchyId, null, version, "DST", null, sites.length == 0 ? null : List.of(sites), null);
    }

    public static HierarchyEvent gatheringStopped(String hierarchyId, String siteCode) {
        return new HierarchyEvent(UUID.randomUUID(), HierarchyEvent.SCHEMA_VERSION, Instant.now(), HierarchyEvent.Action.GATHERING_STOPPED,
                hierarchyId, null, null, null, null, siteCode, null, null);
    }

    public static GatheringStatusEvent gatheringReady(String hierarchyId, String siteCode, String runId) {
        return new GatheringStatusEvent(UUID.randomUUID(), GatheringStatusEvent.SCHEMA_VERSION, Instant.now(), hierarchyId, siteCode, runId, 1,
                "Ready", null, Instant.now(), Instant.now(), Instant.now(), null, null);
    }

    public static SourceObjectEvent packageVersion(String hierarchyId, String siteCode, ObjectType type, String packageId, long version) {
        return SourceObjectEvent.of(ChangeKind.CHANGED, hierarchyId, siteCode, type, packageId, "Package " + packageId, version, "f" + version,
                Instant.now(), "run", Map.of(), List.of());
    }

    public static JobObjectStatusEvent migrated(String hierarchyId, String siteCode, ObjectType type, String packageId) {
        return new JobObjectStatusEvent(UUID.randomUUID(), JobObjectStatusEvent.SCHEMA_VERSION, Instant.now(), "job-" + UUID.randomUUID(),
                hierarchyId, siteCode, type, packageId, "Package " + packageId, JobObjectStatusEvent.Status.COMPLETED, 0, null);
    }

    public static JobObjectStatusEvent migrated(String hierarchyId, String jobId, String siteCode, ObjectType type, String packageId) {
        return new JobObjectStatusEvent(UUID.randomUUID(), JobObjectStatusEvent.SCHEMA_VERSION, Instant.now(), jobId, hierarchyId, siteCode,
                type, packageId, "Package " + packageId, JobObjectStatusEvent.Status.COMPLETED, 0, null);
    }

    /** What job-service publishes for an executed chunk of a job: the status of each object, with the version it migrated. */
    public static JobObjectStatusBatchEvent chunk(String hierarchyId, String jobId, JobObjectStatusBatchEvent.JobObjectStatus... objects) {
        return new JobObjectStatusBatchEvent(UUID.randomUUID(), JobObjectStatusBatchEvent.SCHEMA_VERSION, Instant.now(), jobId, hierarchyId,
                List.of(objects));
    }

    /** One object of a chunk; a FAILED one gets job-service's failure code and message. */
    public static JobObjectStatusBatchEvent.JobObjectStatus entry(String siteCode, ObjectType type, String sourceId,
            JobObjectStatusEvent.Status status, Long sourceVersion) {
        boolean failed = status == JobObjectStatusEvent.Status.FAILED;
        return new JobObjectStatusBatchEvent.JobObjectStatus(siteCode, type, sourceId, "Package " + sourceId, status, failed ? 1027 : 0,
                failed ? "destination refused the object" : null, sourceVersion);
    }

    /** A distribution point event builder with the facts of a plain, qualifying DP as defaults. */
    public static Dp dp(String hierarchyId, String siteCode, String host) {
        return new Dp(hierarchyId, siteCode, host);
    }

    public static final class Dp {
        final String hierarchyId;
        String siteCode;
        String host;
        boolean fqdn = true;
        String type = "STANDARD";
        boolean onSiteServer;
        boolean onSecondarySiteServer;
        List<String> roles = List.of();
        boolean protectedDp;
        List<String> boundaries = List.of();
        Long mbytesFree = 100_000L;
        Integer httpPort = 80;
        Integer httpsPort = 443;
        List<DistributionPointEvent.HostedPackage> packages = new ArrayList<>();
        ChangeKind change = ChangeKind.DISCOVERED;

        Dp(String hierarchyId, String siteCode, String host) {
            this.hierarchyId = hierarchyId;
            this.siteCode = siteCode;
            this.host = host;
        }

        public Dp netbiosOnly() {
            fqdn = false;
            return this;
        }

        public Dp type(String t) {
            type = t;
            return this;
        }

        public Dp onSiteServer() {
            onSiteServer = true;
            return this;
        }

        public Dp onSecondarySiteServer() {
            onSecondarySiteServer = true;
            return this;
        }

        public Dp roles(String... r) {
            roles = List.of(r);
            return this;
        }

        public Dp protectedBy(String... b) {
            protectedDp = true;
            boundaries = List.of(b);
            return this;
        }

        public Dp free(Long mb) {
            mbytesFree = mb;
            return this;
        }

        public Dp ports(Integer http, Integer https) {
            httpPort = http;
            httpsPort = https;
            return this;
        }

        public Dp hosts(String packageId, long version, long sizeMb) {
            packages.add(new DistributionPointEvent.HostedPackage(packageId, version, sizeMb));
            return this;
        }

        public Dp removed() {
            change = ChangeKind.REMOVED;
            return this;
        }

        public String nalPath() {
            return "[\"Display=\\\\" + host + "\\\"]MSWNET:[\"SMS_SITE=" + siteCode + "\"]\\\\" + host + "\\";
        }

        public DistributionPointEvent event() {
            String server = fqdn ? host.toLowerCase() + ".contoso.com" : host.toUpperCase();
            return new DistributionPointEvent(UUID.randomUUID(), DistributionPointEvent.SCHEMA_VERSION, Instant.now(), change, hierarchyId,
                    siteCode, nalPath(), server, fqdn, type, onSiteServer, onSecondarySiteServer, roles, false, false, protectedDp, boundaries,
                    mbytesFree, "Windows Server 2008 R2", httpPort, httpsPort, List.copyOf(packages), "run-" + UUID.randomUUID());
        }

        public void send() {
            Feed.send(event());
        }
    }
}
