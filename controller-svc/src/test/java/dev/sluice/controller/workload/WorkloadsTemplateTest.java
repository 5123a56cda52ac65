package dev.sluice.controller.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

/**
 * The pod template of an invalid Rollout (neither {@code template} nor a named {@code workloadRef}) is absent, not an
 * exception: the zero-downtime check asked for it after every reconcile of such a Rollout and logged a
 * NullPointerException with its stack trace each time (SmokeIT's invalid Rollout, every 30 s).
 */
class WorkloadsTemplateTest {
    private final Workloads workloads = new Workloads(null, new ClusterCache()); // neither case may reach the API server

    @Test
    void a_rollout_with_neither_template_nor_workload_ref_has_no_template() {
        assertThat(workloads.template(rollout(null))).isEmpty();
    }

    @Test
    void a_workload_ref_without_a_name_has_no_template() {
        assertThat(workloads.template(rollout(new RolloutSpec.WorkloadRef()))).isEmpty();
    }

    private static Rollout rollout(RolloutSpec.WorkloadRef ref) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withNamespace("smoke").withName("web").build());
        r.setSpec(new RolloutSpec());
        r.getSpec().workloadRef = ref;
        return r;
    }
}
