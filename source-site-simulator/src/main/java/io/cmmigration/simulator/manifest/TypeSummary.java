package io.cmmigration.simulator.manifest;

/**
 * What the catalogue's source query of one type returns from one site database: the row count and a SHA-256 (hex) over
 * the lines {@code key TAB name TAB version} sorted by key (NULL written as empty), so that a reader can check it saw
 * exactly these objects, names and versions.
 */
public record TypeSummary(int count, String checksum) {
}
