package dev.sluice.controller.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.BlueGreenStrategy;
import dev.sluice.api.rollout.CanaryStrategy;
import dev.sluice.api.rollout.PodPlacement;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AntiAffinityTest {
    static final PodTemplateSpec TEMPLATE = new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
            .withNewSpec().addNewContainer().withName("web").withImage("web:2").endContainer().endSpec().build();

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("a preferred rule gives the new revision a weighted term against the stable pods' nodes",
                        rollout(preferred(50), false), "bbb", "aaa", (Consumer<PodTemplateSpec>) t -> {
                            var terms = t.getSpec().getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
                            assertThat(terms).singleElement().satisfies(w -> {
                                assertThat(w.getWeight()).isEqualTo(50);
                                assertThat(w.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                                assertThat(w.getPodAffinityTerm().getLabelSelector().getMatchLabels()).containsEntry("app", "web");
                                assertThat(w.getPodAffinityTerm().getLabelSelector().getMatchExpressions()).singleElement()
                                        .satisfies(e -> {
                                            assertThat(e.getKey()).isEqualTo("rollouts-pod-template-hash");
                                            assertThat(e.getValues()).containsExactly("aaa");
                                        });
                            });
                            assertThat(t.getSpec().getContainers()).hasSize(1);
                        }),
                Arguments.of("a required rule on blue-green keeps preview pods off the active pods' nodes",
                        rollout(required(), true), "bbb", "aaa", (Consumer<PodTemplateSpec>) t -> assertThat(
                                t.getSpec().getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                                .singleElement().satisfies(term -> assertThat(term.getLabelSelector().getMatchExpressions().get(0)
                                        .getValues()).containsExactly("aaa"))),
                Arguments.of("the first revision (it is the stable one) gets no term",
                        rollout(required(), false), "aaa", "aaa", (Consumer<PodTemplateSpec>) t -> assertThat(t).isEqualTo(TEMPLATE)),
                Arguments.of("without antiAffinity the template is left as it is",
                        rollout(null, false), "bbb", "aaa", (Consumer<PodTemplateSpec>) t -> assertThat(t).isEqualTo(TEMPLATE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void injects(String behaviour, Rollout rollout, String newHash, String stableHash, Consumer<PodTemplateSpec> then) {
        then.accept(AntiAffinity.apply(rollout, TEMPLATE, newHash, stableHash));
    }

    static PodPlacement.AntiAffinity preferred(int weight) {
        PodPlacement.AntiAffinity a = new PodPlacement.AntiAffinity();
        a.preferredDuringSchedulingIgnoredDuringExecution = new PodPlacement.Preferred();
        a.preferredDuringSchedulingIgnoredDuringExecution.weight = weight;
        return a;
    }

    static PodPlacement.AntiAffinity required() {
        PodPlacement.AntiAffinity a = new PodPlacement.AntiAffinity();
        a.requiredDuringSchedulingIgnoredDuringExecution = new PodPlacement.Required();
        return a;
    }

    static Rollout rollout(PodPlacement.AntiAffinity rule, boolean blueGreen) {
        Rollout r = new Rollout();
        r.setSpec(new RolloutSpec());
        r.getSpec().selector = new LabelSelectorBuilder().addToMatchLabels("app", "web").build();
        r.getSpec().strategy = new RolloutSpec.Strategy();
        if (blueGreen) {
            r.getSpec().strategy.blueGreen = new BlueGreenStrategy();
            r.getSpec().strategy.blueGreen.antiAffinity = rule;
        } else {
            r.getSpec().strategy.canary = new CanaryStrategy();
            r.getSpec().strategy.canary.antiAffinity = rule;
        }
        return r;
    }
}
