package io.cmmigration.monitoring.projection.domain;

import java.util.Set;
import java.util.TreeSet;

/** What an applied event changed, for the live push to browsers: which views to refresh and which jobs moved. */
public final class Change {

    public static final String SUMMARY = "summary";
    public static final String SITES = "sites";
    public static final String JOBS = "jobs";
    public static final String OBJECTS = "objects";
    public static final String DPS = "dps";
    public static final String CATALOGUE = "catalogue";
    public static final String HISTORY = "history";

    private final Set<String> kinds = new TreeSet<>();
    private final Set<String> jobIds = new TreeSet<>();

    public Change kind(String kind) {
        kinds.add(kind);
        return this;
    }

    public Change job(String jobId) {
        jobIds.add(jobId);
        return this;
    }

    public Set<String> kinds() {
        return kinds;
    }

    public Set<String> jobIds() {
        return jobIds;
    }

    public boolean isEmpty() {
        return kinds.isEmpty() && jobIds.isEmpty();
    }

    public void addAll(Change other) {
        kinds.addAll(other.kinds);
        jobIds.addAll(other.jobIds);
    }
}
