package io.cmmigration.job.catalogue.domain;

import io.cmmigration.events.ObjectReference;
import io.cmmigration.events.catalogue.ObjectType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A migratable source object as the catalogue knows it (read model; the table is written with JDBC batches). */
public record CatalogueObject(
        String hierarchyId,
        String objectKey,
        String siteCode,
        ObjectType objectType,
        String sourceId,
        String name,
        Map<String, Object> attributes,
        List<ObjectReference> references,
        Long sourceVersion,
        String fingerprint,
        Instant lastModified,
        Instant eventTime,
        ObjectState state,
        boolean excluded,
        Long lastJobId,
        String migratedFingerprint,
        Long migratedVersion,
        Instant migratedAt) {

    public static String key(String siteCode, ObjectType type, String sourceId) {
        return siteCode + "/" + type + "/" + sourceId;
    }
}
