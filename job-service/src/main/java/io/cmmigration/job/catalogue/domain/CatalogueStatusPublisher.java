package io.cmmigration.job.catalogue.domain;

import io.cmmigration.common.outbox.Outbox;
import io.cmmigration.events.CatalogueStatusEvent;
import io.cmmigration.events.MigrationEvent;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.job.catalogue.persistence.CatalogueRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Dashboard figures of the catalogue (spec §6.2: objects and clients total / migrated / excluded / remaining, plus
 * counts by type and state), published through the outbox whenever they change. Changes are coalesced: a hierarchy
 * marked changed is published at most once per interval, however many objects changed meanwhile, and adaptively: a pass
 * (one counts-by-type-and-state query per changed hierarchy over its whole catalogue) starts at most once per
 * max(interval, {@value #DUTY_FACTOR} x the duration of the pass before), so the recount never takes more than 1/{@value
 * #DUTY_FACTOR} of a database connection's time however large the catalogue (a 228k-object catalogue takes 0.1-0.5 s to
 * count on this machine; during ingestion that was a recount every second).
 */
@ApplicationScoped
public class CatalogueStatusPublisher {

    private static final Logger LOG = Logger.getLogger(CatalogueStatusPublisher.class);

    static final int DUTY_FACTOR = 20;

    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    /** System.nanoTime() before which no pass starts (set from the last pass's duration). */
    private volatile long nextPassNanos = System.nanoTime();

    @Inject
    CatalogueRepository repository;

    @Inject
    Outbox outbox;

    public void changed(String hierarchyId) {
        changed.add(hierarchyId);
    }

    @Scheduled(every = "${cmm.catalogue.status-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishChanged() {
        long t0 = System.nanoTime();
        if (changed.isEmpty() || t0 - nextPassNanos < 0) {
            return;
        }
        try {
            publishPass();
        } finally {
            nextPassNanos = t0 + DUTY_FACTOR * (System.nanoTime() - t0);
        }
    }

    private void publishPass() {
        for (String h : Set.copyOf(changed)) {
            changed.remove(h);
            try {
                QuarkusTransaction.requiringNew().run(() -> outbox.add(figures(h)));
            } catch (RuntimeException e) {
                changed.add(h);
                LOG.warnf("catalogue status of %s not published yet: %s", h, e.toString());
            }
        }
    }

    /** The figures of one hierarchy as they are now. */
    public CatalogueStatusEvent figures(String hierarchyId) {
        Map<String, Map<String, Long>> counts;
        try (Connection c = repository.connection()) {
            counts = repository.countsByTypeAndState(c, hierarchyId);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        long[] objects = new long[3];
        long[] clients = new long[3];
        long objectsTotal = 0;
        long clientsTotal = 0;
        for (Map.Entry<String, Map<String, Long>> t : counts.entrySet()) {
            ObjectType type = ObjectType.valueOf(t.getKey());
            if (!ObjectTypeCatalogue.spec(type).migratable()) {
                continue; // reference-only types (software updates) are not migration objects
            }
            boolean client = type == ObjectType.CLIENT;
            for (Map.Entry<String, Long> s : t.getValue().entrySet()) {
                ObjectState state = ObjectState.valueOf(s.getKey());
                if (state == ObjectState.REMOVED) {
                    continue;
                }
                long[] bucket = client ? clients : objects;
                if (client) {
                    clientsTotal += s.getValue();
                } else {
                    objectsTotal += s.getValue();
                }
                if (state == ObjectState.MIGRATED || state == ObjectState.MODIFIED) {
                    bucket[0] += s.getValue();
                } else if (state == ObjectState.EXCLUDED) {
                    bucket[1] += s.getValue();
                }
            }
        }
        return new CatalogueStatusEvent(MigrationEvent.newId(), CatalogueStatusEvent.SCHEMA_VERSION, Instant.now(), hierarchyId,
                objectsTotal, objects[0], objects[1], objectsTotal - objects[0] - objects[1],
                clientsTotal, clients[0], clients[1], clientsTotal - clients[0] - clients[1], counts);
    }
}
