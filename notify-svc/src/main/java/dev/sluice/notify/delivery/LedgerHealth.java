package dev.sluice.notify.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the ledger holds every mark written before start-up: only then can a redelivery be recognised. */
@Readiness
@ApplicationScoped
public class LedgerHealth implements HealthCheck {
    @Inject
    KafkaSentLedger ledger;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("notify-ledger").status(ledger.caughtUp()).withData("marks", ledger.size()).build();
    }
}
