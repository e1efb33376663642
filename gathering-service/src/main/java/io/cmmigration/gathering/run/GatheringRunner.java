package io.cmmigration.gathering.run;

import io.cmmigration.common.lease.LeaseService;
import io.cmmigration.events.GatheringStatusEvent.TypeCounts;
import io.cmmigration.events.catalogue.ObjectType;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.SourceFamily;
import io.cmmigration.events.catalogue.SourceVersion;
import io.cmmigration.gathering.secrets.SecretStore;
import io.cmmigration.gathering.source.GatheringStatus;
import io.cmmigration.gathering.source.SiteDatabaseInfo;
import io.cmmigration.gathering.source.SourceConnector;
import io.cmmigration.gathering.source.SourceFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs one data gathering of one configured site, in the phases of spec §6.3: hierarchy data (258, v_Site), object data
 * (514, every top-level catalogue type of the source family except clients), client data (770) and package status data
 * (1026, distribution points with hosted packages), then Ready (1). Exactly one replica runs a site at a time (database
 * lease, renewed while the run lasts). Objects go straight to Kafka; the run's state (fingerprints, hashes, Ready)
 * is committed only after every send was acknowledged, so a failed or abandoned run leaves the previous state and the
 * next run publishes again whatever was not confirmed.
 */
@ApplicationScoped
public class GatheringRunner {

    private static final Logger LOG = Logger.getLogger(GatheringRunner.class);

    @Inject
    LeaseService leases;

    @Inject
    SiteRunState state;

    @Inject
    ObjectStateStore store;

    @Inject
    ObjectPublisher publisher;

    @Inject
    SourceConnector connector;

    @Inject
    SecretStore secrets;

    @ConfigProperty(name = "cmm.gathering.lease-seconds", defaultValue = "60")
    int leaseSeconds;

    private final ConcurrentMap<Long, RunHandle> running = new ConcurrentHashMap<>();

    /** A run in this replica; {@code cancelled} is set by stop gathering. */
    static final class RunHandle {
        volatile boolean cancelled;
    }

    /** Thrown inside a run that must end without committing (stopped, superseded, lease lost). */
    static final class RunAbandoned extends RuntimeException {
        RunAbandoned(String message) {
            super(message);
        }
    }

    /** Signals a run of the site in this replica to end without committing. */
    public void cancel(long siteId) {
        RunHandle h = running.get(siteId);
        if (h != null) {
            h.cancelled = true;
        }
    }

    public boolean runningHere(long siteId) {
        return running.containsKey(siteId);
    }

    static String leaseName(long siteId) {
        return "gathering-site:" + siteId;
    }

    /** Runs a gathering of the site if this replica obtains its lease; returns quietly otherwise. */
    public void run(long siteId) {
        RunHandle handle = new RunHandle();
        if (running.putIfAbsent(siteId, handle) != null) {
            return;
        }
        try {
            Duration ttl = Duration.ofSeconds(leaseSeconds);
            if (!leases.tryAcquire(leaseName(siteId), ttl)) {
                return;
            }
            try {
                runOwned(siteId, handle, ttl);
            } finally {
                leases.release(leaseName(siteId));
            }
        } finally {
            running.remove(siteId);
        }
    }

    private void runOwned(long siteId, RunHandle handle, Duration ttl) {
        SiteRunState.RunStart start = state.start(siteId);
        if (start == null) {
            return;
        }
        store.discardPending(siteId);
        long began = System.nanoTime();
        long[] lastBeat = {System.nanoTime()};
        Runnable heartbeat = () -> {
            if (handle.cancelled) {
                throw new RunAbandoned("gathering was stopped");
            }
            if (System.nanoTime() - lastBeat[0] > ttl.toNanos() / 4) {
                lastBeat[0] = System.nanoTime();
                if (!leases.tryAcquire(leaseName(siteId), ttl)) {
                    throw new RunAbandoned("the lease of the site was lost");
                }
                if (!state.stillWanted(siteId, start.runId())) {
                    throw new RunAbandoned("gathering was stopped or superseded");
                }
            }
        };
        Connection main = null;
        Connection side = null;
        ObjectStateStore.PendingWriter pending = null;
        boolean committed = false;
        RunContext runContext = null;
        try {
            String password;
            try {
                password = secrets.resolve(start.dbPasswordRef());
            } catch (SecretStore.SecretUnavailableException e) {
                throw new SourceFailure(GatheringStatus.FAILED_UNAUTHORIZED, "the Source Site Database Account password is not available: "
                        + e.getMessage());
            }
            String sourcePassword = password;
            side = connector.open(start.jdbcUrl(), start.dbUsername(), password, false);
            main = connector.open(start.jdbcUrl(), start.dbUsername(), password, true);
            SiteDatabaseInfo info = SiteDatabaseInfo.read(side, start.serverName(), connector.queryTimeoutSeconds());
            SiteDatabaseInfo.SiteRow self = info.site(start.siteCode());
            SourceVersion version = self == null ? null : SourceVersion.fromSiteVersion(self.version());
            if (version == null || !version.supported()) {
                throw new SourceFailure(GatheringStatus.FAILED_UNSUPPORTED_VERSION, "site " + start.siteCode() + " runs version "
                        + (self == null ? "unknown" : self.version()) + ", which is not a supported migration source");
            }
            state.sitesDiscovered(siteId, info);
            SourceFamily family = SourceFamily.valueOf(start.family());
            // Nothing stored for the site (first gathering, or after clean up): the state rows go straight into
            // gathered_object in one transaction committed with the run, instead of the pending table and a move.
            pending = store.pendingWriter(start.runId(), siteId, !store.hasStoredState(siteId));
            RunContext ctx = new RunContext(start.hierarchyId(), start.siteCode(), siteId, start.runId(), start.hasState(), main, side,
                    connector.queryTimeoutSeconds(), publisher.delivery(), store, pending, heartbeat,
                    () -> connector.open(start.jdbcUrl(), start.dbUsername(), sourcePassword, true));
            runContext = ctx;

            LOG.debugf("%s/%s connected and hierarchy read in %d ms", start.hierarchyId(), start.siteCode(), (System.nanoTime() - began) / 1_000_000);
            gatherPhases(ctx, family, info, phase -> enter(siteId, start, phase));

            LOG.debugf("%s/%s read in %d ms", start.hierarchyId(), start.siteCode(), (System.nanoTime() - began) / 1_000_000);
            pending.flush();
            ctx.delivery.awaitAll();
            LOG.debugf("%s/%s acknowledged in %d ms", start.hierarchyId(), start.siteCode(), (System.nanoTime() - began) / 1_000_000);
            heartbeat.run();
            Map<String, TypeCounts> counts = ctx.typeCounts();
            committed = state.complete(siteId, start.runId(), counts, pending);
            long ms = Math.max(1, (System.nanoTime() - began) / 1_000_000);
            LOG.infof("gathering of %s/%s finished in %d ms: %d objects in source, %d published (%d/s)", start.hierarchyId(), start.siteCode(),
                    ms, counts.values().stream().mapToLong(TypeCounts::total).sum(), ctx.published(), ctx.published() * 1000 / ms);
        } catch (SourceFailure f) {
            LOG.warnf("gathering of %s/%s failed with %d: %s", start.hierarchyId(), start.siteCode(), f.statusCode(), f.getMessage());
            state.fail(siteId, start.runId(), f.statusCode(), f.getMessage());
        } catch (RunAbandoned a) {
            LOG.infof("gathering of %s/%s abandoned: %s", start.hierarchyId(), start.siteCode(), a.getMessage());
        } catch (ObjectPublisher.PublishFailedException e) {
            LOG.warnf("gathering of %s/%s failed: %s", start.hierarchyId(), start.siteCode(), e.getMessage());
            state.fail(siteId, start.runId(), GatheringStatus.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "gathering of %s/%s failed unexpectedly", start.hierarchyId(), start.siteCode());
            state.fail(siteId, start.runId(), GatheringStatus.FAILED, "gathering failed: " + e.getMessage());
        } finally {
            if (pending != null) {
                pending.close();
            }
            if (runContext != null) {
                runContext.closeStreams();
            }
            close(main);
            close(side);
            if (!committed) {
                try {
                    store.discardPending(siteId);
                } catch (RuntimeException e) {
                    LOG.debug("pending rows stay until the next run", e);
                }
            }
        }
    }

    /**
     * Phases 514 (objects), 770 (clients) and 1026 (distribution points) of one run; {@code enter} is told each phase
     * before it starts. Shared with the gathering bench ({@code GatheringBench}), which runs it without Quarkus.
     */
    static void gatherPhases(RunContext ctx, SourceFamily family, SiteDatabaseInfo info, java.util.function.IntConsumer enter) {
        enter.accept(GatheringStatus.GATHERING_OBJECTS);
        CatalogueReader reader = new CatalogueReader(ctx);
        List<ObjectTypeSpec> types = ObjectTypeCatalogue.topLevel(family);
        try {
            for (ObjectTypeSpec spec : types) {
                if (spec.type() != ObjectType.CLIENT) {
                    long t0 = System.nanoTime();
                    reader.gather(spec);
                    ctx.millis.put(spec.type().name(), (System.nanoTime() - t0) / 1_000_000);
                    LOG.debugf("%s/%s %s read in %d ms", ctx.hierarchyId, ctx.siteCode, spec.type(), (System.nanoTime() - t0) / 1_000_000);
                }
            }
            enter.accept(GatheringStatus.GATHERING_CLIENTS);
            for (ObjectTypeSpec spec : types) {
                if (spec.type() == ObjectType.CLIENT) {
                    long t0 = System.nanoTime();
                    reader.gather(spec);
                    ctx.millis.put(spec.type().name(), (System.nanoTime() - t0) / 1_000_000);
                    LOG.debugf("%s/%s %s read in %d ms", ctx.hierarchyId, ctx.siteCode, spec.type(), (System.nanoTime() - t0) / 1_000_000);
                }
            }
        } finally {
            reader.close();
        }
        enter.accept(GatheringStatus.GATHERING_PACKAGE_STATUS);
        long t0 = System.nanoTime();
        new DistributionPointReader(ctx, info).gather();
        ctx.millis.put("DISTRIBUTION_POINT", (System.nanoTime() - t0) / 1_000_000);
    }

    private void enter(long siteId, SiteRunState.RunStart start, int phase) {
        if (!state.phase(siteId, start.runId(), phase)) {
            throw new RunAbandoned("gathering was stopped or superseded");
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            } catch (Exception ignored) {
                // connection may be broken already
            }
            try {
                c.close();
            } catch (Exception ignored) {
                // closing only
            }
        }
    }
}
