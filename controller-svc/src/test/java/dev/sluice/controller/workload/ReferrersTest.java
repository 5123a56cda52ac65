package dev.sluice.controller.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.BlueGreenStrategy;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.controller.reconcile.RolloutFixture;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Which Rollouts a Service, budget or autoscaler concerns, looked up through the index of {@link Referrers#keys} as
 * the informer's would: "web" (canary, pods app=web tier=front, names web-stable/web-canary), "pay" (blue-green, pods
 * app=pay, names pay-active/pay-preview), "ref" (workloadRef: its pod labels are unknown) in namespace shop, and "web"
 * again in namespace other.
 */
class ReferrersTest {
    static final Rollout WEB = canary("shop", "web", Map.of("app", "web", "tier", "front"));
    static final Rollout PAY = blueGreen("shop", "pay");
    static final Rollout REF = workloadRef("shop", "ref");
    static final Rollout OTHER_WEB = canary("other", "web", Map.of("app", "web", "tier", "front"));
    static final Function<String, List<Rollout>> INDEX = index(WEB, PAY, REF, OTHER_WEB);

    @Test
    void a_service_a_rollout_names_concerns_it_even_when_its_selector_selects_no_pod_of_it() {
        assertThat(Referrers.ofService(service("shop", "pay-active", Map.of("app", "nothing")), INDEX)).containsExactlyInAnyOrder(id(PAY), id(REF));
        assertThat(Referrers.ofService(service("shop", "web-canary", Map.of()), INDEX)).containsExactly(id(WEB));
    }

    @Test
    void a_service_concerns_the_rollouts_of_its_namespace_whose_pods_it_selects_the_hash_key_aside() {
        assertThat(Referrers.ofService(service("shop", "any", Map.of("app", "web")), INDEX)).containsExactlyInAnyOrder(id(WEB), id(REF));
        assertThat(Referrers.ofService(service("shop", "any", Map.of("app", "web", TemplateHash.LABEL, "abc")), INDEX))
                .containsExactlyInAnyOrder(id(WEB), id(REF));
        assertThat(Referrers.ofService(service("shop", "any", Map.of("app", "web", "tier", "back")), INDEX))
                .as("a pair the pods lack").containsExactly(id(REF));
        assertThat(Referrers.ofService(service("shop", "any", Map.of(TemplateHash.LABEL, "abc")), INDEX))
                .as("no pair but the hash: selects no template").isEmpty();
        assertThat(Referrers.ofService(service("elsewhere", "web-stable", Map.of("app", "web")), INDEX)).isEmpty();
    }

    @Test
    void a_budget_concerns_the_rollouts_its_match_labels_select_or_with_none_every_rollout_of_its_namespace() {
        assertThat(Referrers.ofBudget(budget("shop", Map.of("app", "pay")), INDEX)).containsExactlyInAnyOrder(id(PAY), id(REF));
        assertThat(Referrers.ofBudget(budget("shop", Map.of("app", "web", "tier", "front")), INDEX)).containsExactlyInAnyOrder(id(WEB), id(REF));
        assertThat(Referrers.ofBudget(budget("other", Map.of("app", "pay")), INDEX)).isEmpty();
        assertThat(Referrers.ofBudget(budget("shop", Map.of()), INDEX)).containsExactlyInAnyOrder(id(WEB), id(PAY), id(REF));
    }

    @Test
    void an_autoscaler_concerns_the_rollout_its_scale_target_names() {
        assertThat(Referrers.ofAutoscaler(autoscaler("shop", "Rollout", "pay"))).containsExactly(new ResourceID("pay", "shop"));
        assertThat(Referrers.ofAutoscaler(autoscaler("shop", "Deployment", "pay"))).isEmpty();
    }

    @Test
    void only_ports_or_the_selector_beyond_the_hash_value_are_a_change_a_reconcile_reads() {
        Service before = service("shop", "web-stable", Map.of("app", "web", TemplateHash.LABEL, "aaa"));
        assertThat(Referrers.changesWhatIsRead(service("shop", "web-stable", Map.of("app", "web", TemplateHash.LABEL, "bbb")), before))
                .as("the controller pointing the Service at another revision").isFalse();
        assertThat(Referrers.changesWhatIsRead(new ServiceBuilder(before).editMetadata().addToLabels("team", "x").endMetadata().build(), before))
                .as("a label of the Service itself").isFalse();
        assertThat(Referrers.changesWhatIsRead(service("shop", "web-stable", Map.of("app", "web")), before)).as("the hash key removed").isTrue();
        assertThat(Referrers.changesWhatIsRead(service("shop", "web-stable", Map.of("app", "api", TemplateHash.LABEL, "aaa")), before)).isTrue();
        assertThat(Referrers.changesWhatIsRead(new ServiceBuilder(before).editSpec().editFirstPort().withPort(8080).endPort().endSpec().build(), before))
                .as("a port").isTrue();
    }

    @Test
    void a_rollout_is_indexed_by_namespace_named_services_and_pod_labels() {
        assertThat(Referrers.keys(WEB)).containsExactlyInAnyOrder("namespace shop", "service shop/web-stable", "service shop/web-canary",
                "label shop/app=web", "label shop/tier=front");
        assertThat(Referrers.keys(REF)).containsExactlyInAnyOrder("namespace shop", "labels-unknown shop");
    }

    private static Function<String, List<Rollout>> index(Rollout... rollouts) {
        Map<String, List<Rollout>> index = new HashMap<>();
        for (Rollout r : rollouts) {
            Referrers.keys(r).forEach(k -> index.computeIfAbsent(k, x -> new ArrayList<>()).add(r));
        }
        return k -> index.getOrDefault(k, List.of());
    }

    private static ResourceID id(Rollout r) {
        return ResourceID.fromResource(r);
    }

    private static Rollout canary(String ns, String name, Map<String, String> podLabels) {
        Rollout r = RolloutFixture.rollout(name, "web:1", List.of(RolloutFixture.weight(50)));
        r.getMetadata().setNamespace(ns);
        r.getSpec().template.getMetadata().setLabels(podLabels);
        return r;
    }

    private static Rollout blueGreen(String ns, String name) {
        Rollout r = canary(ns, name, Map.of("app", name));
        r.getSpec().strategy = new RolloutSpec.Strategy();
        r.getSpec().strategy.blueGreen = new BlueGreenStrategy();
        r.getSpec().strategy.blueGreen.activeService = name + "-active";
        r.getSpec().strategy.blueGreen.previewService = name + "-preview";
        return r;
    }

    private static Rollout workloadRef(String ns, String name) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        r.setSpec(new RolloutSpec());
        r.getSpec().workloadRef = new RolloutSpec.WorkloadRef();
        r.getSpec().workloadRef.name = name;
        return r;
    }

    private static Service service(String ns, String name, Map<String, String> selector) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withSelector(selector).addNewPort().withPort(80).endPort().endSpec().build();
    }

    private static PodDisruptionBudget budget(String ns, Map<String, String> matchLabels) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withNamespace(ns).withName("pdb").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(matchLabels).endSelector().endSpec().build();
    }

    private static HorizontalPodAutoscaler autoscaler(String ns, String kind, String name) {
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withNamespace(ns).withName("hpa").endMetadata()
                .withNewSpec().withNewScaleTargetRef().withApiVersion("argoproj.io/v1alpha1").withKind(kind).withName(name)
                .endScaleTargetRef().withMaxReplicas(5).endSpec().build();
    }
}
