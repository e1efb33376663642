package io.cmmigration.dpshare.content;

import io.cmmigration.events.catalogue.ObjectType;

/** What is known about one package: its current source version (from gathering) and the version migrated (from jobs). */
public record PackageRecord(ObjectType type, Long sourceVersion, boolean migrated, Long migratedVersion) {
}
