package io.cmmigration.gathering.secrets;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A named secret, encrypted at rest; the plain value exists only in memory while a source connection is opened. */
@Entity
@Table(name = "gathering_secret")
public class StoredSecret extends PanacheEntityBase {

    @Id
    @Column(name = "secret_name")
    public String name;

    @Column(nullable = false)
    public String ciphertext;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
