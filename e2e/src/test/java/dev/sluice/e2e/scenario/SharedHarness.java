package dev.sluice.e2e.scenario;

import dev.sluice.e2e.harness.Harness;

/**
 * One harness for the scenarios that do not break it (each works in its own namespace), started on first use
 * and stopped by the harness's shutdown hook when the test JVM exits. Fault scenarios start their own.
 */
final class SharedHarness {
    /** The controller's static bearer token for mutating REST calls (local runs; in-cluster it uses TokenReview). */
    static final String API_TOKEN = "e2e-token";
    private static Harness harness;

    private SharedHarness() {
    }

    static synchronized Harness get() {
        if (harness == null) {
            harness = Harness.start(Harness.Options.defaults("suite")
                    .withServiceProperty("controller-svc", "sluice.auth.static-token", API_TOKEN));
            harness.events();
        }
        return harness;
    }
}
