package io.cmmigration.simulator.generate;

import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.simulator.HierarchyDefinition;
import io.cmmigration.simulator.SiteDefinition;
import io.cmmigration.simulator.manifest.BrokenReference;
import io.cmmigration.simulator.schema.PostgresDdl;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fills one empty PostgreSQL database as the site database of {@code dbSite}: creates the base tables, streams all rows
 * with COPY, then adds keys, indexes, views and functions and analyses the tables.
 */
public final class SiteDatabaseGenerator {

    /** What one generation produced besides the rows. */
    public record Result(List<BrokenReference> brokenReferences, long rows, Map<String, Long> rowsPerTable) {
    }

    private SiteDatabaseGenerator() {
    }

    public static Result generate(Connection connection, HierarchyDefinition hierarchy, SiteDefinition dbSite, Map<ObjectType, Integer> counts,
                                  int distributionPoints, long seed, boolean brokenReferences, Consumer<String> progress) throws SQLException {
        long start = System.nanoTime();
        // One transaction without waiting for WAL flushes: a crash mid-load leaves nothing worth keeping anyway.
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        execute(connection, List.of("SET LOCAL synchronous_commit TO off"));
        execute(connection, PostgresDdl.createTables());
        GenerationContext ctx;
        try (CopyLoader loader = new CopyLoader(connection)) {
            ctx = new GenerationContext(hierarchy, dbSite, counts, distributionPoints, seed, brokenReferences, loader);
            step(progress, dbSite, "sites and distribution points", start, ctx, () -> new InfrastructureGenerator(ctx).generate());
            step(progress, dbSite, "clients", start, ctx, () -> new ClientGenerator(ctx).generate());
            FolderPlan folders = new FolderPlan(ctx);
            step(progress, dbSite, "folders", start, ctx, folders::generate);
            step(progress, dbSite, "collections", start, ctx, () -> new CollectionGenerator(ctx, folders).generate());
            ContentGenerator content = new ContentGenerator(ctx, folders);
            step(progress, dbSite, "packages and content", start, ctx, content::generate);
            step(progress, dbSite, "configuration items, updates, drivers, applications", start, ctx,
                    () -> new ConfigurationItemGenerator(ctx, folders).generate());
            step(progress, dbSite, "task sequences", start, ctx, content::taskSequences);
            step(progress, dbSite, "deployments", start, ctx, () -> new DeploymentGenerator(ctx, folders).generate());
            step(progress, dbSite, "settings", start, ctx, () -> new SettingsGenerator(ctx).generate());
            step(progress, dbSite, "boundaries", start, ctx, () -> new BoundaryGenerator(ctx).generate());
            loader.flush();
            progress.accept(String.format("[%s] loaded %,d rows in %.1f s; adding keys, indexes, views", dbSite.code(), loader.totalRows(),
                    seconds(start)));
            execute(connection, PostgresDdl.keysIndexesViewsAndFunctions());
            execute(connection, List.of("ANALYZE"));
            connection.commit();
            connection.setAutoCommit(autoCommit);
            progress.accept(String.format("[%s] database ready in %.1f s", dbSite.code(), seconds(start)));
            return new Result(List.copyOf(ctx.broken), loader.totalRows(), Map.copyOf(loader.rowCounts()));
        }
    }

    private static void step(Consumer<String> progress, SiteDefinition site, String what, long start, GenerationContext ctx, Runnable r) {
        r.run();
        progress.accept(String.format("[%s] %-55s %,10d rows  %6.1f s", site.code(), what, ctx.loader.totalRows(), seconds(start)));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException(e.getMessage() + " in: " + sql, e.getSQLState(), e);
                }
            }
        }
    }
}
