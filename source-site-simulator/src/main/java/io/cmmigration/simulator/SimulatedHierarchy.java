package io.cmmigration.simulator;

import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.simulator.manifest.Manifest;
import io.cmmigration.simulator.manifest.ManifestBuilder;
import io.cmmigration.simulator.manifest.SiteDatabaseManifest;
import io.cmmigration.simulator.mutate.MutationManifest;
import io.cmmigration.simulator.mutate.Mutator;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A created source hierarchy: its site databases, its manifest, mutations and clean-up. */
public final class SimulatedHierarchy {

    private final PostgresServer server;
    private final Consumer<String> progress;
    private Manifest manifest;

    SimulatedHierarchy(PostgresServer server, Manifest manifest, Consumer<String> progress) {
        this.server = server;
        this.manifest = manifest;
        this.progress = progress;
    }

    /** Site code to JDBC URL: one entry (the top site) for 2012+/CB, one per primary for 2007. */
    public Map<String, String> databases() {
        Map<String, String> map = new LinkedHashMap<>();
        for (SiteDatabaseManifest d : manifest.databases()) {
            map.put(d.siteCode(), d.jdbcUrl());
        }
        return map;
    }

    /** The manifest of the current state (refreshed after every {@link #mutate}). */
    public Manifest manifest() {
        return manifest;
    }

    public PostgresServer server() {
        return server;
    }

    /** Opens a connection to the database of {@code siteCode} (caller closes it). */
    public Connection connect(String siteCode) throws SQLException {
        return server.connect(manifest.database(siteCode).jdbcUrl());
    }

    /**
     * Changes about {@code percent}% of the objects of every type in every database (deterministic from {@code seed}) and
     * returns exactly what changed; the manifest is rebuilt afterwards.
     */
    public MutationManifest mutate(double percent, long seed) {
        List<MutationManifest.Database> result = new ArrayList<>();
        List<SiteDatabaseManifest> refreshed = new ArrayList<>();
        for (SiteDatabaseManifest d : manifest.databases()) {
            SourceVersion version = SourceVersion.valueOf(d.version());
            try (Connection c = server.connect(d.jdbcUrl())) {
                long start = System.nanoTime();
                MutationManifest.Database db = new Mutator(c, d.siteCode(), version.family(), percent, seed, d.brokenReferences()).mutate();
                result.add(db);
                refreshed.add(ManifestBuilder.describe(c, d.siteCode(), d.database(), d.jdbcUrl(), version, d.brokenReferences()));
                progress.accept(String.format("[%s] mutated %.2f%% (seed %d) in %.1f s", d.siteCode(), percent, seed, (System.nanoTime() - start) / 1e9));
            } catch (SQLException e) {
                throw new SimulatorException("mutating " + d.database() + " failed: " + e.getMessage(), e);
            }
        }
        manifest = new Manifest(manifest.seed(), manifest.version(), manifest.topSiteCode(), List.copyOf(refreshed));
        return new MutationManifest(percent, seed, List.copyOf(result));
    }

    /** Drops every database of the hierarchy. */
    public void drop() {
        for (SiteDatabaseManifest d : manifest.databases()) {
            try {
                server.drop(d.database());
            } catch (SQLException e) {
                throw new SimulatorException("dropping " + d.database() + " failed: " + e.getMessage(), e);
            }
        }
    }
}
