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
