package io.cmmigration.events.catalogue;

/** Migration job types of spec §3.1. */
public enum JobType {
    /** Collection migration: 2007 sources only; collections plus, optionally, their associated objects. */
    COLLECTION,
    /** Object migration: explicitly chosen objects (and their required dependencies). */
    OBJECT,
    /** Objects modified after migration: re-migrates changed objects; conflict handling forced to overwrite. */
    MODIFIED_AFTER_MIGRATION
}
