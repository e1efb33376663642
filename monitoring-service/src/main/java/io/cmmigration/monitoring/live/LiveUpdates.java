package io.cmmigration.monitoring.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cmmigration.events.EventCodec;
import io.cmmigration.monitoring.dashboard.domain.DashboardQueries;
import io.cmmigration.monitoring.dashboard.domain.DashboardViews.Job;
import io.cmmigration.monitoring.projection.domain.Change;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Pushes projection changes to browsers. Changes are coalesced and sent at most every push interval (a job migrating
 * thousands of objects a second becomes a few small messages a second), each carrying the changed jobs' current
 * projection and the names of the other views to refresh. Every message has an id "epoch-seq"; a browser that
 * reconnects with Last-Event-ID gets the messages it missed from a short history, or a "refresh" (full reload of
 * its data) when they are gone or the service restarted.
 */
@ApplicationScoped
public class LiveUpdates {

    private static final Logger LOG = Logger.getLogger(LiveUpdates.class);

    /** One message to browsers: SSE id, event name and JSON data. */
    public record Push(String id, String name, String data) {
    }

    @Inject
    DashboardQueries queries;

    @ConfigProperty(name = "cmm.monitoring.push-interval-ms", defaultValue = "250")
    long intervalMs;

    @ConfigProperty(name = "cmm.monitoring.push-history", defaultValue = "500")
    int historySize;

    private final String epoch = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong seq = new AtomicLong();
    private final BroadcastProcessor<Push> broadcast = BroadcastProcessor.create();
    private final Deque<Push> recent = new ArrayDeque<>();
    private Change pending = new Change();
    private ScheduledExecutorService flusher;

    void start(@Observes StartupEvent ev) {
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-updates");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        broadcast.onComplete();
    }

    /** Records what an applied event changed; it is pushed with the next flush. */
    public void changed(Change change) {
        if (change.isEmpty()) {
            return;
        }
        synchronized (this) {
            pending.addAll(change);
        }
    }

    /** Tells every browser to reload everything (after a rebuild). */
    public void refreshAll(String reason) {
        emit("refresh", Map.of("reason", reason));
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("live update not pushed: %s", e.toString());
        }
    }

    void flush() {
        Change c;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            c = pending;
            pending = new Change();
        }
        Set<String> jobIds = c.jobIds();
        List<Job> jobs = jobIds.isEmpty() ? List.of()
                : QuarkusTransaction.requiringNew().call(() -> queries.jobsByIds(new ArrayList<>(jobIds)));
        emit("change", Map.of("kinds", c.kinds(), "jobIds", jobIds, "jobs", jobs));
    }

    private void emit(String name, Object data) {
        String json;
        try {
            json = EventCodec.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Push p;
        synchronized (recent) {
            p = new Push(epoch + "-" + seq.incrementAndGet(), name, json);
            recent.addLast(p);
            while (recent.size() > historySize) {
                recent.removeFirst();
            }
        }
        broadcast.onNext(p);
    }

    /**
     * The stream for one browser: first what it missed since {@code lastEventId} (or a "refresh" when that cannot be
     * told), then live messages, with a "ping" every 15 s so proxies keep the connection open.
     */
    public Multi<Push> stream(String lastEventId) {
        List<Push> first = new ArrayList<>();
        synchronized (recent) {
            long after = parse(lastEventId);
            if (lastEventId == null || lastEventId.isBlank()) {
                first.add(new Push(epoch + "-" + seq.get(), "hello", "{}"));
            } else if (after < 0 || recent.isEmpty() || parse(recent.peekFirst().id()) > after + 1) {
                first.add(new Push(epoch + "-" + seq.get(), "refresh", "{\"reason\":\"missed updates\"}"));
            } else {
                recent.stream().filter(p -> parse(p.id()) > after).forEach(first::add);
            }
        }
        Multi<Push> pings = Multi.createFrom().ticks().every(Duration.ofSeconds(15)).map(t -> new Push(null, "ping", "{}"));
        Multi<Push> live = Multi.createBy().merging().streams(broadcast, pings);
        return Multi.createBy().concatenating().streams(Multi.createFrom().iterable(first), live);
    }

    /** The sequence number of an id of this epoch, or -1 (another epoch or not an id of ours). */
    private long parse(String id) {
        if (id == null || !id.startsWith(epoch + "-")) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(epoch.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
