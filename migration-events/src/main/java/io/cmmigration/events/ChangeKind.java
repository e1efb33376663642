package io.cmmigration.events;

/** What a gathering run found out about an object compared with the previous run. */
public enum ChangeKind {
    DISCOVERED,
    CHANGED,
    REMOVED
}
