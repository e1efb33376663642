package io.cmmigration.gathering.hierarchy;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.gathering.secrets.SecretStore;
import io.cmmigration.gathering.source.GatheringStatus;
import io.cmmigration.gathering.source.SiteDatabaseInfo;
import io.cmmigration.gathering.source.SourceConnector;
import io.cmmigration.gathering.source.SourceFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Before a site is saved: connect read-only with the given database account, read v_Site, detect the version. Every
 * rejection is a problem answer whose type carries the gathering status code of spec §6.3
 * ({@code urn:cm-migration:status:<code>}).
 */
@ApplicationScoped
public class Preflight {

    @Inject
    SourceConnector connector;

    @Inject
    SecretStore secrets;

    /** What the preflight found. */
    public record Result(SiteDatabaseInfo info, SiteDatabaseInfo.SiteRow site, SourceVersion version) {
    }

    public Result check(String jdbcUrl, HierarchyApi.Account account, String server) {
        String password;
        try {
            password = secrets.resolve(account.passwordRef());
        } catch (SecretStore.SecretUnavailableException e) {
            throw reject(GatheringStatus.FAILED_UNAUTHORIZED, "the Source Site Database Account password is not available: " + e.getMessage());
        }
        SiteDatabaseInfo info;
        try (Connection c = connector.open(jdbcUrl, account.username(), password, false)) {
            info = SiteDatabaseInfo.read(c, server, connector.queryTimeoutSeconds());
        } catch (SourceFailure f) {
            throw reject(f.statusCode(), f.getMessage());
        } catch (SQLException e) {
            throw reject(SourceFailure.of(e, "closing").statusCode(), e.getMessage());
        }
        SiteDatabaseInfo.SiteRow site = info.thisSite();
        if (site == null) {
            throw reject(GatheringStatus.FAILED_SQL, "the source database does not list its own site in v_Site");
        }
        SourceVersion version = SourceVersion.fromSiteVersion(site.version());
        if (version == null || !version.supported()) {
            throw reject(GatheringStatus.FAILED_UNSUPPORTED_VERSION, "site " + site.siteCode() + " runs version " + site.version()
                    + (version == null ? " (unknown)" : " (" + version + ")")
                    + ": supported sources are Configuration Manager 2007 SP2, 2012 SP2, 2012 R2 SP1 and current branch");
        }
        return new Result(info, site, version);
    }

    /** 422 for what is wrong with the source, 409 for clashes with what is configured already. */
    public static ProblemException reject(int statusCode, String message) {
        int http = switch (statusCode) {
            case GatheringStatus.FAILED_SAME_HIERARCHY, GatheringStatus.FAILED_DUPLICATE_DESTINATION_SITE_CODE,
                    GatheringStatus.FAILED_DUPLICATE_SOURCE_SITE_CODE -> 409;
            default -> 422;
        };
        return new ProblemException(http, GatheringStatus.name(statusCode), message, statusCode);
    }
}
