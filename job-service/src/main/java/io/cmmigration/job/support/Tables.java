package io.cmmigration.job.support;

/** The high-volume tables whose planner statistics the service keeps ({@code io.cmmigration.common.sql.TableStatistics}). */
public final class Tables {

    /** Service database. */
    public static final String CATALOGUE = "catalogue_object";
    public static final String REFERENCES = "catalogue_reference";
    public static final String JOB_OBJECTS = "job_object";
    /** Destination database (the local and test destination is PostgreSQL too). */
    public static final String DESTINATION = "migrated_object";
    public static final String DESTINATION_REFERENCES = "migrated_object_reference";

    private Tables() {
    }
}
