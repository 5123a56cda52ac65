package dev.sluice.traffic.shift;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** traffic-svc settings ({@code sluice.traffic.*}). */
@ConfigMapping(prefix = "sluice.traffic")
public interface ShiftConfig {

    /** Pod label carrying the pod-template hash, set on Istio DestinationRule subsets. */
    @WithDefault("rollouts-pod-template-hash")
    String hashLabel();

    Retry retry();

    Drift drift();

    interface Drift {
        /** How often the drift check runs (also read by its {@code @Scheduled}). */
        @WithDefault("30s")
        Duration interval();

        /** Wait after start before the first check. */
        @WithDefault("10s")
        Duration delay();

        /**
         * How often each rollout with stamped routes is looked up to find orphans (a Rollout deleted without its
         * finalizer, or created again with another uid): its routes go back to stable within this bound. A rollout
         * whose routes drifted is looked up before every restore, whatever this says.
         */
        @WithDefault("5m")
        Duration orphanCheckEvery();

        /** Check only rollouts whose partition this replica's consumer owns; false checks every rollout. */
        @WithDefault("true")
        boolean ownedOnly();
    }

    interface Retry {
        /** Calls in all for one read or write when the API answers with a transient error. */
        @WithDefault("4")
        int attempts();

        @WithDefault("200ms")
        Duration initialDelay();

        @WithDefault("5s")
        Duration maxDelay();
    }
}
