package io.cmmigration.job.job.domain;

import io.cmmigration.common.rest.ProblemException;
import io.cmmigration.events.catalogue.JobType;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.job.catalogue.domain.ObjectState;
import io.cmmigration.job.job.persistence.PlanningQueries;
import io.cmmigration.job.job.persistence.PlanningQueries.Node;
import io.cmmigration.job.job.persistence.PlanningQueries.Ref;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which objects a job carries (spec §3.1, §3.6): the selection, plus (collection jobs) the objects associated
 * with the collections, plus every required dependency transitively; minus unselected objects and everything that
 * depends on them (those go to the exclusion list). Orders them for writing: by type (catalogue dependency order), then
 * parents before children within a type. Works on keys only; documents are read later, chunk by chunk.
 */
@ApplicationScoped
public class JobPlanner {

    public static final String SELECTED = "SELECTED";
    public static final String DEPENDENCY = "DEPENDENCY";
    public static final String ASSOCIATED = "ASSOCIATED";

    private static final Map<ObjectType, Integer> RANK = new HashMap<>();

    static {
        List<ObjectType> order = ObjectTypeCatalogue.dependencyOrder();
        for (int i = 0; i < order.size(); i++) {
            RANK.put(order.get(i), i);
        }
    }

    /** Selections of at least this many objects read all required references of the hierarchy at once (see plan). */
    static final int BULK_REFERENCES_FROM = 5_000;

    @Inject
    PlanningQueries queries;

    /** One object of the plan. */
    public record Planned(Node node, String selectedBy, int rank, int depth) {
    }

    /** The plan and what the review page shows about it. */
    public record Plan(List<Planned> objects, List<Node> unselected, List<Node> satisfiedDependencies, List<String[]> missingDependencies,
            List<Node> notCarried) {
    }

    public Plan plan(Connection c, JobOptions o, SourceFamily family) throws SQLException {
        JobType jobType = o.type();
        if (jobType == JobType.COLLECTION && family != SourceFamily.CM2007) {
            throw new ProblemException(422, "Job type not available", family == null
                    ? "collection migration needs a Configuration Manager 2007 source; the family of hierarchy " + o.hierarchyId() + " is not known yet"
                    : "collection migration jobs are available for Configuration Manager 2007 sources only; " + o.hierarchyId() + " is " + family);
        }
        Set<SourceFamily> families = family == null ? EnumSet.allOf(SourceFamily.class) : EnumSet.of(family);
        Map<String, Node> chosen = new LinkedHashMap<>();
        Map<String, String> selectedBy = new HashMap<>();
        List<Node> notCarried = new ArrayList<>();
        Set<String> excluded = queries.excluded(c, o.hierarchyId());

        if (jobType == JobType.MODIFIED_AFTER_MIGRATION) {
            Set<ObjectType> types = carriedTypes(families, jobType);
            if (!o.selectedTypes().isEmpty()) {
                types.retainAll(o.selectedTypes());
            }
            Map<String, Node> modified = queries.nodesOfTypes(c, o.hierarchyId(), types, ObjectState.MODIFIED);
            Set<String> keys = new HashSet<>(o.selectedKeys());
            for (Node n : sorted(modified.values())) {
                if (keys.isEmpty() || keys.contains(n.key())) {
                    select(chosen, selectedBy, n, SELECTED);
                }
            }
            // App-V packages never take part (no overwrite, spec §3.3): reported, not migrated.
            notCarried.addAll(sorted(queries.nodesOfTypes(c, o.hierarchyId(), List.of(ObjectType.VIRTUAL_APPLICATION_PACKAGE), ObjectState.MODIFIED).values()));
        } else {
            List<String> keys = new ArrayList<>(o.selectedKeys());
            Set<ObjectType> types = EnumSet.noneOf(ObjectType.class);
            types.addAll(o.selectedTypes());
            if (jobType == JobType.COLLECTION) {
                for (String k : keys) {
                    if (!k.contains("/" + ObjectType.COLLECTION + "/")) {
                        throw ProblemException.badRequest("collection jobs select collections; " + k + " is not a collection");
                    }
                }
                if (keys.isEmpty()) {
                    types = EnumSet.of(ObjectType.COLLECTION);
                }
            }
            List<String> problems = new ArrayList<>();
            for (ObjectType t : types) {
                if (!carried(families, jobType, t)) {
                    problems.add(t + " cannot be migrated by a " + jobType + " job from this source");
                }
            }
            Map<String, Node> byKey = queries.nodes(c, o.hierarchyId(), keys);
            for (String k : keys) {
                Node n = byKey.get(k);
                if (n == null) {
                    problems.add(k + " is not in the catalogue of " + o.hierarchyId());
                } else if (n.state() == ObjectState.REMOVED) {
                    problems.add(k + " was removed from the source");
                } else if (!carried(families, jobType, n.type())) {
                    problems.add(k + ": " + n.type() + " cannot be migrated by a " + jobType + " job from this source");
                }
            }
            if (!problems.isEmpty()) {
                throw ProblemException.badRequest(String.join("; ", problems));
            }
            for (String k : keys) {
                select(chosen, selectedBy, byKey.get(k), SELECTED);
            }
            for (Node n : sorted(queries.nodesOfTypes(c, o.hierarchyId(), types, null).values())) {
                // Whole-type selection: removed objects are gone; excluded ones are not auto-selected by collection jobs.
                if (n.state() != ObjectState.REMOVED && !(jobType == JobType.COLLECTION && excluded.contains(n.key()))) {
                    select(chosen, selectedBy, n, SELECTED);
                }
            }
            if (jobType == JobType.COLLECTION && o.migrateAssociatedObjects()) {
                List<String> collections = chosen.values().stream().filter(n -> n.type() == ObjectType.COLLECTION).map(Node::key).toList();
                Set<String> from = new LinkedHashSet<>();
                for (Ref r : queries.refsTo(c, o.hierarchyId(), collections)) {
                    from.add(r.from());
                }
                for (Node n : sorted(queries.nodes(c, o.hierarchyId(), from).values())) {
                    if (n.state() != ObjectState.REMOVED && !excluded.contains(n.key()) && carried(families, jobType, n.type())) {
                        select(chosen, selectedBy, n, ASSOCIATED);
                    }
                }
            }
        }

        // Dependency closure over required references.
        Map<String, Set<String>> requires = new HashMap<>();
        List<Node> satisfied = new ArrayList<>();
        List<String[]> missing = new ArrayList<>();
        Set<String> seenSatisfied = new HashSet<>();
        Collection<String> frontier = new ArrayList<>(chosen.keySet());
        // A job over a large part of the catalogue reads the hierarchy's required references in one scan instead of asking
        // for them key by key in IN lists (hundreds of statements); a small selection asks for its keys only.
        Map<String, List<Ref>> allRequired = frontier.size() >= BULK_REFERENCES_FROM ? queries.requiredRefsOfHierarchy(c, o.hierarchyId()) : null;
        while (!frontier.isEmpty()) {
            List<Ref> refs;
            if (allRequired != null) {
                refs = new ArrayList<>();
                for (String k : frontier) {
                    refs.addAll(allRequired.getOrDefault(k, List.of()));
                }
            } else {
                refs = queries.refsFrom(c, o.hierarchyId(), frontier);
                refs.removeIf(r -> !r.required()); // the closure follows required references only (as the bulk read does)
            }
            Set<String> targets = new LinkedHashSet<>();
            for (Ref r : refs) {
                if (r.required() && ObjectTypeCatalogue.spec(r.targetType()).migratable() && !r.to().equals(r.from())) {
                    requires.computeIfAbsent(r.from(), k -> new LinkedHashSet<>()).add(r.to());
                    if (!chosen.containsKey(r.to())) {
                        targets.add(r.to());
                    }
                }
            }
            Map<String, Node> found = queries.nodes(c, o.hierarchyId(), targets);
            List<String> next = new ArrayList<>();
            for (Ref r : refs) {
                if (!targets.contains(r.to()) || chosen.containsKey(r.to())) {
                    continue;
                }
                Node n = found.get(r.to());
                if (o.clientPackage() != null && n != null && r.from().contains("/" + ObjectType.TASK_SEQUENCE.name() + "/")
                        && n.type() == ObjectType.PACKAGE && DestinationTransformer.isClientPackageName(n.name())) {
                    continue; // replaced by the destination's client package (job option), not pulled into the job
                }
                if (n == null || n.state() == ObjectState.REMOVED) {
                    missing.add(new String[] {r.from(), r.to()});
                } else if (n.state() == ObjectState.MIGRATED) {
                    if (seenSatisfied.add(n.key())) {
                        satisfied.add(n);
                    }
                } else {
                    select(chosen, selectedBy, n, DEPENDENCY);
                    next.add(n.key());
                }
            }
            frontier = next;
        }

        // Unselecting cascades to dependants (within the job); all of them go to the exclusion list.
        List<Node> unselected = new ArrayList<>();
        if (!o.unselect().isEmpty()) {
            Map<String, Set<String>> dependants = new HashMap<>();
            requires.forEach((from, tos) -> tos.forEach(to -> dependants.computeIfAbsent(to, k -> new LinkedHashSet<>()).add(from)));
            Deque<String> todo = new ArrayDeque<>(o.unselect());
            Set<String> gone = new LinkedHashSet<>();
            while (!todo.isEmpty()) {
                String k = todo.pop();
                if (gone.add(k)) {
                    todo.addAll(dependants.getOrDefault(k, Set.of()));
                }
            }
            Map<String, Node> unselectedNodes = queries.nodes(c, o.hierarchyId(), gone);
            for (String k : gone) {
                Node n = chosen.remove(k);
                if (n == null) {
                    n = unselectedNodes.get(k);
                }
                if (n != null) {
                    unselected.add(n);
                }
            }
        }

        // Write order: type rank, then depth within the type (a collection after the collections it is limited to).
        Map<String, Integer> depth = new HashMap<>();
        List<Planned> planned = new ArrayList<>(chosen.size());
        for (Node n : chosen.values()) {
            planned.add(new Planned(n, selectedBy.get(n.key()), RANK.get(n.type()), depth(n.key(), n.type(), chosen, requires, depth, new HashSet<>())));
        }
        planned.sort(java.util.Comparator.comparingInt(Planned::rank).thenComparingInt(Planned::depth).thenComparing(p -> p.node().key()));
        return new Plan(planned, unselected, satisfied, missing, notCarried);
    }

    private static int depth(String key, ObjectType type, Map<String, Node> chosen, Map<String, Set<String>> requires, Map<String, Integer> memo,
            Set<String> path) {
        Integer known = memo.get(key);
        if (known != null) {
            return known;
        }
        if (!path.add(key)) {
            return 0; // a cycle: order inside it is arbitrary, the rest stays correct
        }
        int d = 0;
        for (String to : requires.getOrDefault(key, Set.of())) {
            Node t = chosen.get(to);
            if (t != null && t.type() == type) {
                d = Math.max(d, 1 + depth(to, type, chosen, requires, memo, path));
            }
        }
        path.remove(key);
        memo.put(key, d);
        return d;
    }

    private static void select(Map<String, Node> chosen, Map<String, String> selectedBy, Node n, String how) {
        if (chosen.putIfAbsent(n.key(), n) == null) {
            selectedBy.put(n.key(), how);
        }
    }

    private static List<Node> sorted(Collection<Node> nodes) {
        List<Node> out = new ArrayList<>(nodes);
        out.sort(java.util.Comparator.comparing(Node::key));
        return out;
    }

    static boolean carried(Set<SourceFamily> families, JobType jobType, ObjectType type) {
        return ObjectTypeCatalogue.spec(type).migratable() && ObjectTypeCatalogue.spec(type).topLevel()
                && families.stream().anyMatch(f -> ObjectTypeCatalogue.spec(type).carriedBy(f, jobType));
    }

    private static Set<ObjectType> carriedTypes(Set<SourceFamily> families, JobType jobType) {
        Set<ObjectType> out = EnumSet.noneOf(ObjectType.class);
        for (ObjectType t : ObjectType.values()) {
            if (carried(families, jobType, t)) {
                out.add(t);
            }
        }
        return out;
    }
}
