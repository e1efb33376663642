package io.cmmigration.job.exclusion;

import io.cmmigration.common.sql.InLists;
import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.job.catalogue.domain.CatalogueStatusPublisher;
import io.cmmigration.job.catalogue.persistence.CatalogueRepository;
import io.cmmigration.job.job.persistence.PlanningQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The exclusion list (spec §3.6): global per source hierarchy. Excluding an object excludes everything that depends
 * on it (required references, transitively), as unchecking it in the wizard does.
 */
@ApplicationScoped
public class ExclusionService {

    @Inject
    CatalogueRepository catalogue;

    @Inject
    PlanningQueries queries;

    @Inject
    CatalogueStatusPublisher status;

    /** Excludes the objects and their dependants; returns every key newly on the list. */
    @Transactional
    public List<String> excludeWithDependants(String hierarchyId, List<String> keys, String reason, String user) {
        try (Connection c = catalogue.connection()) {
            var known = queries.nodes(c, hierarchyId, keys);
            List<String> unknown = keys.stream().filter(k -> !known.containsKey(k)).toList();
            if (!unknown.isEmpty()) {
                throw ProblemException.notFound("objects " + unknown + " in the catalogue of " + hierarchyId);
            }
            Set<String> all = new LinkedHashSet<>(keys);
            Collection<String> frontier = keys;
            while (!frontier.isEmpty()) {
                List<String> next = new ArrayList<>();
                for (PlanningQueries.Ref r : queries.refsTo(c, hierarchyId, frontier)) {
                    if (r.required() && all.add(r.from())) {
                        next.add(r.from());
                    }
                }
                frontier = next;
            }
            return exclude(c, hierarchyId, new ArrayList<>(all), reason, user);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts keys on the list (those not there yet) and marks them in the catalogue; runs in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> exclude(Connection c, String hierarchyId, List<String> keys, String reason, String user) throws SQLException {
        Set<String> already = new java.util.HashSet<>();
        for (List<String> chunk : io.cmmigration.common.sql.InLists.chunks(keys, io.cmmigration.job.support.Sql.IN_LIMIT)) {
            Exclusion.<Exclusion>list("hierarchyId = ?1 and objectKey in ?2", hierarchyId, chunk).forEach(e -> already.add(e.objectKey));
        }
        List<String> added = new ArrayList<>();
        Instant now = Instant.now();
        for (String k : keys) {
            if (already.contains(k)) {
                continue;
            }
            Exclusion e = new Exclusion();
            e.hierarchyId = hierarchyId;
            e.objectKey = k;
            e.objectType = k.split("/")[1];
            e.reason = reason;
            e.excludedBy = user;
            e.excludedAt = now;
            e.persist();
            added.add(k);
        }
        catalogue.setExcluded(c, hierarchyId, added, true);
        status.changed(hierarchyId);
        return added;
    }

    @Transactional
    public boolean include(String hierarchyId, String key) {
        long n = Exclusion.delete("hierarchyId = ?1 and objectKey = ?2", hierarchyId, key);
        if (n == 0) {
            return false;
        }
        try (Connection c = catalogue.connection()) {
            catalogue.setExcluded(c, hierarchyId, List.of(key), false);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        status.changed(hierarchyId);
        return true;
    }
}
