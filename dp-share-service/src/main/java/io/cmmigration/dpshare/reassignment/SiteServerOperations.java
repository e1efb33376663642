package io.cmmigration.dpshare.reassignment;

/**
 * The operations against real site servers that moving a shared DP needs (the product does them with the Source Site
 * Account through the SMS Provider, spec §4.3–§4.5). Every operation must be idempotent per reassignment: a worker that
 * resumes after a crash may call again an operation that had already been performed.
 */
public interface SiteServerOperations {

    /** What one move is about. */
    record Move(long reassignmentId, String hierarchyId, String sourceSiteCode, String nalPath, String serverName, String kind,
            String destinationSiteCode, String drive, boolean onSecondarySiteServer, int packageCount) {
    }

    /** Removes the DP role from its source site; for a DP on a 2007 secondary site server also uninstalls that secondary site. */
    String uninstallFromSource(Move move);

    /** Installs the host as a distribution point of the destination site. */
    String installInDestination(Move move);

    /** 2007 only: copies the DP's migrated content into the single-instance content library of the new DP. */
    String convertContent(Move move);
}
