package dev.sluice.cli;

import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunSpec;
import dev.sluice.api.analysis.AnalysisRunStatus;
import dev.sluice.api.rollout.BlueGreenStrategy;
import dev.sluice.api.rollout.CanaryStrategy;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.api.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rollouts, ReplicaSets, pods and AnalysisRuns as the controller and analysis-svc write them, for tests. */
public final class Fixtures {
    public static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private Fixtures() {
    }

    /** Seeds the Kubernetes test server with rollout shop/web paused at step 1/2 and its two ReplicaSets. */
    public static void seedPausedCanary(io.fabric8.kubernetes.client.KubernetesClient client) {
        Rollout r = canary("web", 3, 2);
        r.getMetadata().setResourceVersion(null);
        RolloutStatus status = status(r, "Paused", "CanaryPauseStep");
        status.currentPodHash = "5c7e9a1b3";
        status.stableRS = "6d4f8b9c7";
        status.currentStepIndex = 1;
        Rollout created = client.resource(r).create();
        created.setStatus(status);
        client.resource(created).updateStatus();
        for (ReplicaSet rs : List.of(replicaSet("web", "6d4f8b9c7", "web:1", 3, 3, 3000), replicaSet("web", "5c7e9a1b3", "web:2", 1, 1, 60))) {
            client.resource(rs).create();
        }
    }

    public static String ago(int seconds) {
        return NOW.minusSeconds(seconds).toString();
    }

    public static PodTemplateSpec template(String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().build();
    }

    public static Rollout canary(String name, int replicas, int steps) {
        Rollout r = base(name, replicas);
        r.getSpec().strategy.canary = new CanaryStrategy();
        r.getSpec().strategy.canary.stableService = name + "-stable";
        r.getSpec().strategy.canary.canaryService = name + "-canary";
        r.getSpec().strategy.canary.steps = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            CanaryStrategy.CanaryStep s = new CanaryStrategy.CanaryStep();
            s.setWeight = 20 * (i + 1);
            r.getSpec().strategy.canary.steps.add(s);
        }
        return r;
    }

    public static Rollout blueGreen(String name, int replicas) {
        Rollout r = base(name, replicas);
        r.getSpec().strategy.blueGreen = new BlueGreenStrategy();
        r.getSpec().strategy.blueGreen.activeService = name + "-active";
        r.getSpec().strategy.blueGreen.previewService = name + "-preview";
        return r;
    }

    private static Rollout base(String name, int replicas) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").withCreationTimestamp(ago(3600))
                .withGeneration(2L).withResourceVersion("7").build());
        r.setSpec(new RolloutSpec());
        r.getSpec().replicas = replicas;
        r.getSpec().template = template("web:2");
        r.getSpec().strategy = new RolloutSpec.Strategy();
        r.setStatus(new RolloutStatus());
        r.getStatus().observedGeneration = 2L;
        return r;
    }

    public static RolloutStatus status(Rollout r, String phase, String message) {
        RolloutStatus s = r.getStatus();
        s.phase = dev.sluice.api.rollout.RolloutPhase.of(phase);
        s.message = message;
        return s;
    }

    public static ReplicaSet replicaSet(String rollout, String hash, String image, int replicas, int available, int ageSeconds) {
        return new ReplicaSetBuilder().withNewMetadata().withName(rollout + "-" + hash).withNamespace("shop")
                .withCreationTimestamp(ago(ageSeconds)).addToLabels("sluice.dev/rollout", rollout)
                .addToLabels("rollouts-pod-template-hash", hash).endMetadata()
                .withNewSpec().withReplicas(replicas).withTemplate(template(image)).endSpec()
                .withNewStatus().withReplicas(replicas).withAvailableReplicas(available).withReadyReplicas(available).endStatus().build();
    }

    /** {@code count} pods of the revision, the first {@code ready} of them ready. */
    public static List<Pod> pods(String rollout, String hash, int count, int ready, int ageSeconds) {
        List<Pod> pods = new ArrayList<>();
        String[] suffix = {"a1b2c", "d3e4f", "g5h6i", "j7k8l", "m9n0p", "q1r2s", "t3u4v", "w5x6y"};
        for (int i = 0; i < count; i++) {
            boolean isReady = i < ready;
            pods.add(new PodBuilder().withNewMetadata().withName(rollout + "-" + hash + "-" + suffix[i]).withNamespace("shop")
                    .withCreationTimestamp(ago(ageSeconds)).addToLabels("rollouts-pod-template-hash", hash)
                    .addNewOwnerReference().withKind("ReplicaSet").withName(rollout + "-" + hash).endOwnerReference().endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("x").endContainer().endSpec()
                    .withNewStatus().withPhase(isReady ? "Running" : "Pending")
                    .addNewContainerStatus().withName("app").withReady(isReady).endContainerStatus().endStatus().build());
        }
        return pods;
    }

    public static AnalysisRunStatus.MetricResult metric(String name, String phase, String... values) {
        AnalysisRunStatus.MetricResult m = new AnalysisRunStatus.MetricResult();
        m.name = name;
        m.phase = phase;
        for (String v : values) {
            AnalysisRunStatus.Measurement x = new AnalysisRunStatus.Measurement();
            x.index = m.measurements.size();
            x.value = v;
            x.phase = "Successful";
            m.measurements.add(x);
        }
        m.count = values.length;
        m.measured = values.length;
        m.successful = "Failed".equals(phase) ? Math.max(0, values.length - 1) : values.length;
        m.failed = "Failed".equals(phase) ? 1 : 0;
        return m;
    }

    public static AnalysisRun run(String rollout, String hash, String suffix, String phase, int ageSeconds,
            AnalysisRunStatus.MetricResult... metrics) {
        AnalysisRun a = new AnalysisRun();
        a.setMetadata(new ObjectMetaBuilder().withName(rollout + "-" + hash + "-" + suffix).withNamespace("shop")
                .withCreationTimestamp(ago(ageSeconds)).withLabels(Map.of("sluice.dev/rollout", rollout, "sluice.dev/revision", hash)).build());
        a.setSpec(new AnalysisRunSpec());
        a.setStatus(new AnalysisRunStatus());
        a.getStatus().phase = phase;
        a.getStatus().metricResults.addAll(List.of(metrics));
        return a;
    }
}
