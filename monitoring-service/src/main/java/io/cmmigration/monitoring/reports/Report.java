package io.cmmigration.monitoring.reports;

import java.time.Instant;
import java.util.List;

/**
 * One of the migration reports of spec §6.8: a table plus notes. {@code complete} is false when the events this service
 * receives do not carry everything the report needs; the notes then say what is missing.
 */
public record Report(String name, String title, String description, boolean complete, List<String> notes, List<String> columns,
        List<List<Object>> rows, Instant generatedAt) {
}
