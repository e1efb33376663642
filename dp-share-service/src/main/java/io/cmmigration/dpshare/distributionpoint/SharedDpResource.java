package io.cmmigration.dpshare.distributionpoint;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.common.security.Roles;
import io.cmmigration.dpshare.hierarchy.SourceHierarchy;
import io.cmmigration.dpshare.rest.Page;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/shared-dps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Shared distribution points")
@RolesAllowed({Roles.VIEWER, Roles.ADMIN})
public class SharedDpResource {

    @Inject
    DpEvaluator evaluator;

    @GET
    @Operation(summary = "Source DPs with their sharing state and reasons, eligibility (upgrade / reassignment) and content counts",
            description = "Filter by hierarchyId, siteCode and shared (true: only the DPs offered to destination clients).")
    public Page<SharedDpView> list(@QueryParam("hierarchyId") String hierarchyId, @QueryParam("siteCode") String siteCode,
            @QueryParam("shared") Boolean shared, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw ProblemException.badRequest("page must be >= 0 and size between 1 and 1000");
        }
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (hierarchyId != null) {
            where.add("hierarchyId = :h");
            params.and("h", hierarchyId);
        }
        if (siteCode != null) {
            where.add("siteCode = :s");
            params.and("s", siteCode);
        }
        if (shared != null) {
            where.add("shared = :shared");
            params.and("shared", shared);
        }
        PanacheQuery<DistributionPoint> q = where.isEmpty() ? DistributionPoint.findAll(Sort.by("hierarchyId").and("siteCode").and("nalPath"))
                : DistributionPoint.find(String.join(" and ", where), Sort.by("hierarchyId").and("siteCode").and("nalPath"), params);
        List<SharedDpView> items = q.page(page, size).list().stream().map(SharedDpView::of).toList();
        return new Page<>(items, q.count());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One source DP with its sharing and eligibility reasons")
    public SharedDpView get(@PathParam("id") long id) {
        return SharedDpView.of(find(id));
    }

    public record PackageContent(String packageId, String name, String objectType, long versionOnDp, Long migratedVersion, Long sourceVersion,
            Long sizeMBytes, String status, boolean available, String reason) {
    }

    public record DpContent(long dpId, String nalPath, boolean shared, int hostedPackages, int availablePackages, List<PackageContent> packages) {
    }

    @GET
    @Path("/{id}/content")
    @Transactional
    @Operation(summary = "Packages on the DP and whether each can be served to destination clients (version match rule)")
    public DpContent content(@PathParam("id") long id) {
        DistributionPoint dp = find(id);
        SourceHierarchy h = SourceHierarchy.findById(dp.hierarchyId);
        List<PackageContent> packages = evaluator.content(dp, h == null ? null : h.family()).stream().map(c -> new PackageContent(
                c.hosted().packageId, c.pkg() == null ? null : c.pkg().name, c.pkg() == null || c.pkg().objectType == null ? null
                        : c.pkg().objectType.name(), c.hosted().sourceVersion, c.pkg() == null ? null : c.pkg().migratedVersion,
                c.pkg() == null ? null : c.pkg().sourceVersion, c.hosted().sizeMBytes, c.verdict().status().name(),
                dp.shared && c.verdict().available(), dp.shared || !c.verdict().available() ? c.verdict().reason()
                        : c.verdict().reason() + "; but the DP is not shared, so destination clients cannot use it")).toList();
        int available = (int) packages.stream().filter(PackageContent::available).count();
        return new DpContent(dp.id, dp.nalPath, dp.shared, packages.size(), available, packages);
    }

    private static DistributionPoint find(long id) {
        DistributionPoint dp = DistributionPoint.findById(id);
        if (dp == null) {
            throw ProblemException.notFound("Distribution point " + id);
        }
        return dp;
    }
}
