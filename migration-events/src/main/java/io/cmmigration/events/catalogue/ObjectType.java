package io.cmmigration.events.catalogue;

/**
 * Every object type migration knows (spec §3.9, plus client records of §5). The per-type facts live in one table,
 * {@link ObjectTypeCatalogue}; this enum is only the name. Embedded types (programs, deployment types, maintenance
 * windows, collection variables) travel inside their parent's attribute document; reference-only types (software
 * updates) are never migrated but are referenced by migrated objects.
 */
public enum ObjectType {
    COLLECTION,
    MAINTENANCE_WINDOW,
    COLLECTION_VARIABLE,
    PACKAGE,
    PROGRAM,
    ADVERTISEMENT,
    DEPLOYMENT,
    APPLICATION,
    DEPLOYMENT_TYPE,
    APPV_VIRTUAL_ENVIRONMENT,
    VIRTUAL_APPLICATION_PACKAGE,
    AI_CATALOG_CATEGORY,
    AI_SOFTWARE_LIST,
    AI_HARDWARE_REQUIREMENT,
    BOUNDARY,
    CONFIGURATION_ITEM,
    CONFIGURATION_BASELINE,
    BOOT_IMAGE,
    DRIVER,
    DRIVER_PACKAGE,
    OS_IMAGE,
    OS_INSTALL_PACKAGE,
    TASK_SEQUENCE,
    SOFTWARE_METERING_RULE,
    SOFTWARE_UPDATE,
    SOFTWARE_UPDATE_DEPLOYMENT_PACKAGE,
    SOFTWARE_UPDATE_DEPLOYMENT_TEMPLATE,
    SOFTWARE_UPDATE_DEPLOYMENT,
    SOFTWARE_UPDATE_GROUP,
    ORGANIZATIONAL_FOLDER,
    SAVED_SEARCH,
    CLIENT
}
