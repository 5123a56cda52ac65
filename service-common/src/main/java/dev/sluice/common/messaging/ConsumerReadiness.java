package dev.sluice.common.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@code sluice-consumers}: DOWN while a record has been in handling longer than
 * {@code sluice.consumer.not-ready-after} (an outage of the API server or another dependency the handler waits out),
 * with which record, for how long and the last failure. Only readiness: the pod leaves its Service's endpoints and
 * the outage is visible, but it is not restarted, because a restart cures no outage and would only hand the
 * partitions to a replica that waits for the same dependency. Back UP as soon as the record is handled.
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {
    @Inject
    EventIntake intake;

    @ConfigProperty(name = "sluice.consumer.not-ready-after", defaultValue = "30S")
    Duration notReadyAfter;

    @Override
    public HealthCheckResponse call() {
        InFlightRecords records = intake.inFlight();
        long now = records.now();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("sluice-consumers")
                .withData("in-flight", records.size());
        return records.oldest()
                .filter(e -> e.age(now).compareTo(notReadyAfter) > 0)
                .map(e -> response.down().withData("waiting", e.describe(now)).build())
                .orElseGet(() -> response.up().build());
    }
}
