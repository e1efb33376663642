package io.cmmigration.job.hierarchy;

import io.cmmigration.common.inbox.Inbox;
import io.cmmigration.events.EventCodec;
import io.cmmigration.events.HierarchyEvent;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.job.catalogue.domain.CatalogueStatusPublisher;
import io.cmmigration.job.catalogue.persistence.CatalogueRepository;
import io.cmmigration.job.job.domain.JobLifecycle;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code migration.hierarchy}: the source family decides which job types are allowed (collection jobs need a
 * 2007 source), the destination site code feeds content ownership defaults; INACTIVATED stops running jobs and
 * postpones scheduled ones (spec §1.6); CLEANED_UP purges the hierarchy's catalogue, exclusions and jobs but never the
 * migrated objects in the destination (spec §1.8). Idempotent through the inbox; malformed events go to the dead-letter
 * topic (channel failure strategy).
 */
@ApplicationScoped
public class HierarchyConsumer {

    private static final Logger LOG = Logger.getLogger(HierarchyConsumer.class);

    @Inject
    Inbox inbox;

    @Inject
    CatalogueRepository catalogue;

    @Inject
    JobLifecycle jobs;

    @Inject
    CatalogueStatusPublisher status;

    @Incoming("hierarchy")
    @Blocking
    @Transactional
    public void consume(String json) {
        HierarchyEvent e = EventCodec.decode(json, HierarchyEvent.class);
        if (!inbox.firstDelivery(e.eventId(), "job-service/hierarchy")) {
            return;
        }
        SourceHierarchy h = SourceHierarchy.findById(e.hierarchyId());
        if (e.action() == HierarchyEvent.Action.CLEANED_UP) {
            try (Connection c = catalogue.connection()) {
                catalogue.purge(c, e.hierarchyId());
            } catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
            jobs.purgeHierarchy(e.hierarchyId());
            if (h != null) {
                h.delete();
            }
            LOG.infof("hierarchy %s cleaned up: catalogue, exclusions and jobs purged (destination records kept)", e.hierarchyId());
            return;
        }
        if (h == null) {
            h = new SourceHierarchy();
            h.hierarchyId = e.hierarchyId();
            h.active = true;
        }
        if (e.sourceVersion() != null) {
            h.sourceVersion = e.sourceVersion();
            SourceFamily f = familyOf(e.sourceVersion());
            if (f != null) {
                h.sourceFamily = f;
            }
        }
        if (h.sourceFamily == null && e.sites() != null) {
            h.sourceFamily = e.sites().stream().map(HierarchyEvent.Site::version).map(HierarchyConsumer::familyOf)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
        if (e.destinationSiteCode() != null) {
            h.destinationSiteCode = e.destinationSiteCode();
        }
        switch (e.action()) {
            case INACTIVATED -> {
                h.active = false;
                jobs.hierarchyInactivated(e.hierarchyId());
            }
            case ACTIVATED, SPECIFIED -> h.active = true;
            default -> {
            }
        }
        h.updatedAt = Instant.now();
        h.persist();
        status.changed(e.hierarchyId());
    }

    /** Maps a version as gathering reports it (enum name such as CM2007_SP2, or a build string such as 4.00.6487) to its family. */
    public static SourceFamily familyOf(String version) {
        if (version == null || version.isBlank()) {
            return null;
        }
        try {
            return SourceVersion.valueOf(version.trim().toUpperCase(Locale.ROOT)).family();
        } catch (IllegalArgumentException notAnEnumName) {
            SourceVersion v = SourceVersion.fromSiteVersion(version);
            if (v != null) {
                return v.family();
            }
            if (version.startsWith("4.") || version.contains("2007")) {
                return SourceFamily.CM2007;
            }
            return version.startsWith("5.") || version.contains("2012") ? SourceFamily.CM2012_PLUS : null;
        }
    }
}
