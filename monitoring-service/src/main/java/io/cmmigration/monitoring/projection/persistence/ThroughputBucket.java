package io.cmmigration.monitoring.projection.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Objects migrated and failed in one time bucket, from the growth of job counters (throughput over time). */
@Entity
@Table(name = "mon_throughput")
public class ThroughputBucket extends PanacheEntityBase {

    @Id
    @Column(name = "bucket_start")
    public Instant bucketStart;

    @Column(name = "objects_migrated")
    public long objectsMigrated;

    @Column(name = "objects_failed")
    public long objectsFailed;
}
