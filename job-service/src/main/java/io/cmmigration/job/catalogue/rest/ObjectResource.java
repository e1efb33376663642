package io.cmmigration.job.catalogue.rest;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.common.security.Roles;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.job.catalogue.domain.CatalogueObject;
import io.cmmigration.job.catalogue.domain.ObjectState;
import io.cmmigration.job.catalogue.persistence.CatalogueRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Browse and search the catalogue of migratable objects; an object's references and dependants. */
@Path("/api/objects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Objects", description = "Catalogue of migratable source objects")
public class ObjectResource {

    @Inject
    CatalogueRepository repository;

    /** An object in lists. */
    public record ObjectSummary(String hierarchyId, String objectKey, String siteCode, ObjectType type, String typeName, String sourceId,
            String name, ObjectState state, int stateCode, Long sourceVersion, Instant lastModified, boolean excluded, Long lastJobId,
            Instant migratedAt) {
        static ObjectSummary of(CatalogueObject o) {
            return new ObjectSummary(o.hierarchyId(), o.objectKey(), o.siteCode(), o.objectType(), ObjectTypeCatalogue.spec(o.objectType()).displayName(),
                    o.sourceId(), o.name(), o.state(), o.state().code(), o.sourceVersion(), o.lastModified(), o.excluded(), o.lastJobId(), o.migratedAt());
        }
    }

    /** One object with its attribute document and references. */
    public record ObjectDetail(ObjectSummary object, Map<String, Object> attributes, List<io.cmmigration.events.ObjectReference> references,
            String fingerprint, String notes) {
    }

    public record Page<T>(List<T> items, long total, int page, int size) {
    }

    public record Edge(String objectKey, String reference, ObjectType type, boolean required, String name, ObjectState state) {
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "Search objects", description = "Filters: hierarchyId, type, site, state, name (contains); paged with page/size")
    public Page<ObjectSummary> search(@QueryParam("hierarchyId") String hierarchyId, @QueryParam("type") String type, @QueryParam("site") String site,
            @QueryParam("state") String state, @QueryParam("name") String name, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw ProblemException.badRequest("page must be >= 0 and size between 1 and 1000");
        }
        CatalogueRepository.Filter f = new CatalogueRepository.Filter(hierarchyId, parse(ObjectType.class, "type", type), site,
                parse(ObjectState.class, "state", state), name);
        try (Connection c = repository.connection()) {
            CatalogueRepository.Page p = repository.search(c, f, page, size, false);
            return new Page<>(p.items().stream().map(ObjectSummary::of).toList(), p.total(), page, size);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @GET
    @Path("/{site}/{type}/{sourceId}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "One object with its attributes and references")
    public ObjectDetail get(@PathParam("site") String site, @PathParam("type") String type, @PathParam("sourceId") String sourceId,
            @QueryParam("hierarchyId") String hierarchyId) {
        try (Connection c = repository.connection()) {
            String key = key(site, type, sourceId);
            CatalogueObject o = repository.find(c, hierarchy(c, hierarchyId, key), key);
            return new ObjectDetail(ObjectSummary.of(o), o.attributes(), o.references(), o.fingerprint(), ObjectTypeCatalogue.spec(o.objectType()).notes());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @GET
    @Path("/{site}/{type}/{sourceId}/references")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "Objects this object references (required ones are selected with it)")
    public List<Edge> references(@PathParam("site") String site, @PathParam("type") String type, @PathParam("sourceId") String sourceId,
            @QueryParam("hierarchyId") String hierarchyId) {
        return edges(site, type, sourceId, hierarchyId, false);
    }

    @GET
    @Path("/{site}/{type}/{sourceId}/dependants")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Operation(summary = "Objects that reference this object (unselecting it unselects the ones that require it)")
    public List<Edge> dependants(@PathParam("site") String site, @PathParam("type") String type, @PathParam("sourceId") String sourceId,
            @QueryParam("hierarchyId") String hierarchyId) {
        return edges(site, type, sourceId, hierarchyId, true);
    }

    private List<Edge> edges(String site, String type, String sourceId, String hierarchyId, boolean incoming) {
        try (Connection c = repository.connection()) {
            String key = key(site, type, sourceId);
            String h = hierarchy(c, hierarchyId, key);
            List<CatalogueRepository.Edge> edges = incoming ? repository.referencesTo(c, h, key) : repository.referencesFrom(c, h, key);
            Map<String, CatalogueObject> others = repository.findAll(c, h, edges.stream().map(e -> incoming ? e.fromKey() : e.toKey()).toList());
            return edges.stream().map(e -> {
                String other = incoming ? e.fromKey() : e.toKey();
                CatalogueObject o = others.get(other);
                ObjectType t = incoming ? ObjectType.valueOf(other.split("/")[1]) : e.targetType();
                return new Edge(other, e.name(), t, e.required(), o == null ? null : o.name(), o == null ? null : o.state());
            }).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hierarchy(Connection c, String hierarchyId, String key) throws SQLException {
        List<String> hs = repository.hierarchiesOf(c, key);
        if (hierarchyId != null) {
            if (!hs.contains(hierarchyId)) {
                throw ProblemException.notFound("object " + key + " in hierarchy " + hierarchyId);
            }
            return hierarchyId;
        }
        if (hs.isEmpty()) {
            throw ProblemException.notFound("object " + key);
        }
        if (hs.size() > 1) {
            throw ProblemException.badRequest("object " + key + " exists in hierarchies " + hs + "; add ?hierarchyId=");
        }
        return hs.get(0);
    }

    static String key(String site, String type, String sourceId) {
        return site + "/" + parse(ObjectType.class, "type", type) + "/" + sourceId;
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field + " '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
