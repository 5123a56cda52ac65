package dev.sluice.e2e.harness;

import java.util.Optional;

/**
 * For the harness's own child mains: exit when the process that started us is gone, so a harness that was
 * killed with {@code kill -9} (no shutdown hook ran) leaves none of them behind.
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    public static void exitWhenParentDies() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("parent process ended; exiting");
            Runtime.getRuntime().halt(0);
        });
    }
}
