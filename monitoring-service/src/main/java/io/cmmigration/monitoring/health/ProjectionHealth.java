package io.cmmigration.monitoring.health;

import io.cmmigration.monitoring.rebuild.RebuildService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the projections: up, with the state of the last rebuild. A running rebuild keeps the service ready (the
 * dashboard shows figures growing back); a failed one is reported down until the next succeeds.
 */
@Readiness
@ApplicationScoped
public class ProjectionHealth implements HealthCheck {

    @Inject
    RebuildService rebuild;

    @Override
    public HealthCheckResponse call() {
        RebuildService.Status s = rebuild.status();
        return HealthCheckResponse.named("projections").status(s.state() != RebuildService.State.FAILED)
                .withData("rebuild", s.state().name()).withData("eventsReplayed", s.eventsReplayed())
                .withData("error", s.error() == null ? "" : s.error()).build();
    }
}
