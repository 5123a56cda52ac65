package dev.sluice.e2e.scenario;

import dev.sluice.e2e.harness.Harness;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the tail of every process log when a scenario fails, so the failure explains itself in the build output. */
final class LogsOnFailure implements TestWatcher {
    private final Supplier<Harness> harness;

    LogsOnFailure(Supplier<Harness> harness) {
        this.harness = harness;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Harness h = harness.get();
        if (h != null) {
            System.out.println("===== " + context.getDisplayName() + " failed; process logs (tail) from " + h.logDir());
            System.out.println(h.logTails(60));
        }
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        testFailed(context, cause);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
    }
}
