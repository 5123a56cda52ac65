package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.Outcome;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A rollout's series live only while it exists and this replica owns it. */
class RolloutMetricsTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RolloutMetrics metrics = new RolloutMetrics(registry, Clock.systemUTC());

    @Test
    void a_deleted_or_handed_over_rollout_leaves_no_series_behind_and_the_others_stay() {
        observe("shop", "web", "Degraded");
        observe("shop", "cart", "Healthy");
        metrics.reconcileError(rollout("shop", "web"));
        // another part of the controller (the zero-downtime check) registers its gauge through the same bookkeeping
        metrics.gauge("shop/web", "sluice.rollout.zero.downtime.findings", io.micrometer.core.instrument.Tags.of(
                "namespace", "shop", "rollout", "web", "severity", "error")).set(2);
        assertThat(rolloutsIn(registry.getMeters())).containsExactlyInAnyOrder("web", "cart");

        metrics.retainOnly(id -> id.equals("shop/cart"));

        assertThat(rolloutsIn(registry.getMeters())).containsExactly("cart");
        assertThat(registry.find("sluice.rollout.phase").tag("rollout", "web").gauges()).isEmpty();
        assertThat(registry.find("sluice.rollout.zero.downtime.findings").gauges()).isEmpty();
        assertThat(metrics.reported()).containsExactly("shop/cart");

        // and it comes back when the rollout does (or this replica owns it again)
        observe("shop", "web", "Progressing");
        assertThat(registry.find("sluice.rollout.phase").tags("rollout", "web", "phase", "Progressing").gauge().value()).isEqualTo(1.0);
    }

    private static Set<String> rolloutsIn(List<Meter> meters) {
        return meters.stream().map(m -> m.getId().getTag("rollout")).filter(r -> r != null)
                .collect(java.util.stream.Collectors.toSet());
    }

    private void observe(String ns, String name, String phase) {
        RolloutStatus after = new RolloutStatus();
        after.phase = RolloutPhase.of(phase);
        metrics.observe(rollout(ns, name), null, after, new Outcome(List.of(), after));
    }

    private static Rollout rollout(String ns, String name) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        return r;
    }
}
