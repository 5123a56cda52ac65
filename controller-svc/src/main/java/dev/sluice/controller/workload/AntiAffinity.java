package dev.sluice.controller.workload;

import dev.sluice.api.rollout.PodPlacement;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;
import java.util.List;
import java.util.Map;

/**
 * Argo's {@code antiAffinity} between the old and the new ReplicaSet (canary and blue-green): the new revision's pod
 * template, as its ReplicaSet is created, gets a pod anti-affinity term on {@code kubernetes.io/hostname} against the
 * pods of the stable (active) revision — preferred with its weight, or required. The Rollout's own template, and so its
 * hash, is left alone. Pure: a template in, a template out.
 */
public final class AntiAffinity {
    public static final String TOPOLOGY_KEY = "kubernetes.io/hostname";

    private AntiAffinity() {
    }

    /** {@code template} as the ReplicaSet of {@code newHash} gets it while {@code stableHash} is the old revision. */
    public static PodTemplateSpec apply(Rollout rollout, PodTemplateSpec template, String newHash, String stableHash) {
        PodPlacement.AntiAffinity rule = rule(rollout.getSpec());
        if (template == null || rule == null || stableHash == null || stableHash.equals(newHash)) {
            return template;
        }
        Map<String, String> selector = rollout.getSpec().selector == null || rollout.getSpec().selector.getMatchLabels() == null
                ? Map.of() : rollout.getSpec().selector.getMatchLabels();
        PodAffinityTerm term = new PodAffinityTermBuilder().withTopologyKey(TOPOLOGY_KEY)
                .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(selector)
                        .withMatchExpressions(new LabelSelectorRequirementBuilder().withKey(TemplateHash.LABEL).withOperator("In")
                                .withValues(List.of(stableHash)).build())
                        .build())
                .build();
        PodTemplateSpecBuilder b = new PodTemplateSpecBuilder(template);
        var affinity = b.editOrNewSpec().editOrNewAffinity().editOrNewPodAntiAffinity();
        if (rule.requiredDuringSchedulingIgnoredDuringExecution != null) {
            affinity = affinity.addToRequiredDuringSchedulingIgnoredDuringExecution(term);
        } else {
            int weight = rule.preferredDuringSchedulingIgnoredDuringExecution.weight == null ? 1
                    : rule.preferredDuringSchedulingIgnoredDuringExecution.weight;
            affinity = affinity.addToPreferredDuringSchedulingIgnoredDuringExecution(new WeightedPodAffinityTermBuilder()
                    .withWeight(weight).withPodAffinityTerm(term).build());
        }
        return affinity.endPodAntiAffinity().endAffinity().endSpec().build();
    }

    private static PodPlacement.AntiAffinity rule(RolloutSpec spec) {
        if (spec == null || spec.strategy == null) {
            return null;
        }
        PodPlacement.AntiAffinity rule = spec.strategy.canary != null ? spec.strategy.canary.antiAffinity
                : spec.strategy.blueGreen != null ? spec.strategy.blueGreen.antiAffinity : null;
        if (rule == null || (rule.requiredDuringSchedulingIgnoredDuringExecution == null
                && rule.preferredDuringSchedulingIgnoredDuringExecution == null)) {
            return null;
        }
        return rule;
    }
}
