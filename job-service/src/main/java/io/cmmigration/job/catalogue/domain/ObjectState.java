package io.cmmigration.job.catalogue.domain;

/**
 * State of a catalogue object (SMS_MigrationEntity.Status, spec §3.5). Derived, never set directly: from whether the
 * source still has it, the job it is in, what was migrated (fingerprint at migration vs now), failure and exclusion.
 */
public enum ObjectState {
    AVAILABLE_TO_MIGRATE(0), MIGRATED(1), RUNNING(2), FAILED(3), EXCLUDED(4), MODIFIED(6), REMOVED(7), PENDING_SCHEDULE(8), SCHEDULED(9);

    private final int code;

    ObjectState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * The derivation rule, as SQL over the catalogue row (portable: booleans compared with a bound TRUE, so the same
     * text runs on PostgreSQL and SQL Server). Binds three booleans (all TRUE).
     */
    public static final String STATE_SQL = "CASE WHEN removed = ? THEN 'REMOVED' "
            + "WHEN job_phase IS NOT NULL THEN job_phase "
            + "WHEN migrated_fingerprint IS NOT NULL AND migrated_fingerprint = fingerprint THEN 'MIGRATED' "
            + "WHEN migrated_fingerprint IS NOT NULL THEN 'MODIFIED' "
            + "WHEN failed = ? THEN 'FAILED' WHEN excluded = ? THEN 'EXCLUDED' ELSE 'AVAILABLE_TO_MIGRATE' END";

    /** {@link #STATE_SQL} for a row whose job phase is being cleared in the same statement (binds the same three booleans). */
    public static final String STATE_SQL_PHASE_CLEARED = STATE_SQL.replace("WHEN job_phase IS NOT NULL THEN job_phase ", "");

    /** The same rule in Java (unit-tested against the SQL form through the catalogue tests). */
    public static ObjectState derive(boolean removed, String jobPhase, String migratedFingerprint, String fingerprint, boolean failed,
            boolean excluded) {
        if (removed) {
            return REMOVED;
        }
        if (jobPhase != null) {
            return valueOf(jobPhase);
        }
        if (migratedFingerprint != null) {
            return migratedFingerprint.equals(fingerprint) ? MIGRATED : MODIFIED;
        }
        if (failed) {
            return FAILED;
        }
        return excluded ? EXCLUDED : AVAILABLE_TO_MIGRATE;
    }
}
