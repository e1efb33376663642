package io.cmmigration.common.lease;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Database leases so that exactly one replica owns a unit of work at a time; a replica that dies simply stops renewing
 * and another takes over when the lease expires. Portable SQL only (an UPDATE guarded by owner/expiry, then an INSERT
 * that the primary key makes race-safe).
 */
@ApplicationScoped
public class LeaseService {

    private final String instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    EntityManager em;

    public String instanceId() {
        return instanceId;
    }

    /** Acquires or renews the lease; false when another live owner holds it. */
    public boolean tryAcquire(String name, Duration ttl) {
        Instant now = Instant.now();
        Instant until = now.plus(ttl);
        int updated = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "update ServiceLease set owner = :me, expiresAt = :until where name = :name and (owner = :me or owner is null or expiresAt < :now)")
                .setParameter("me", instanceId).setParameter("until", until).setParameter("name", name).setParameter("now", now)
                .executeUpdate());
        if (updated == 1) {
            return true;
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (em.find(ServiceLease.class, name) != null) {
                    return false;
                }
                ServiceLease lease = new ServiceLease();
                lease.name = name;
                lease.owner = instanceId;
                lease.expiresAt = until;
                em.persist(lease);
                em.flush();
                return true;
            });
        } catch (PersistenceException e) {
            return false;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof PersistenceException) {
                return false;
            }
            throw e;
        }
    }

    /** Whether this instance currently holds the lease. */
    public boolean holds(String name) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ServiceLease l = em.find(ServiceLease.class, name);
            return l != null && instanceId.equals(l.owner) && l.expiresAt.isAfter(Instant.now());
        });
    }

    public void release(String name) {
        QuarkusTransaction.requiringNew().run(() -> em.createQuery("update ServiceLease set owner = null, expiresAt = :now where name = :name and owner = :me")
                .setParameter("now", Instant.now()).setParameter("name", name).setParameter("me", instanceId).executeUpdate());
    }
}
