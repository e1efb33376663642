package io.cmmigration.common.lease;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A named lease: who owns a unit of work (a gathering run, a job, the outbox relay) and until when. */
@Entity
@Table(name = "service_lease")
public class ServiceLease extends PanacheEntityBase {

    @Id
    @Column(name = "lease_name")
    public String name;

    public String owner;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
