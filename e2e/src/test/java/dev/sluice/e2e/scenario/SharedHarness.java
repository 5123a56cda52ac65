package dev.sluice.e2e.scenario;

import dev.sluice.e2e.harness.Harness;

/**
 * One harness for the scenarios that do not break it (each works in its own namespace), started on first use
 * and stopped by the harness's shutdown hook when the test JVM exits. Fault scenarios start their own.
 */
final class SharedHarness {
    private static Harness harness;

    private SharedHarness() {
    }

    static synchronized Harness get() {
        if (harness == null) {
            harness = Harness.start(Harness.Options.defaults("suite"));
            harness.events();
        }
        return harness;
    }
}
