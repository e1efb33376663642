package io.cmmigration.events.catalogue;

/** The two shapes a source hierarchy comes in (spec §2.2): per-primary databases (2007) or one shared database (2012+). */
public enum SourceFamily {
    /** Configuration Manager 2007 SP2: each primary has its own database, configured top-down with its own credentials. */
    CM2007,
    /** 2012 SP2, 2012 R2 SP1 and current branch: the top-level site's database holds all migratable data. */
    CM2012_PLUS
}
