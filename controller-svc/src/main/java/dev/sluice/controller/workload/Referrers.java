package dev.sluice.controller.workload;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which Rollouts a Service, PodDisruptionBudget or HorizontalPodAutoscaler could concern, so that adding, changing or
 * deleting one reconciles them at once instead of at the next resync (30 s for a Service a Rollout names, 5 min for
 * what only the ZeroDowntime condition reads). Argo Rollouts requeues a Rollout the same way when a Service it names
 * changes. A Rollout applied in the same file as its Services, before them, is no longer InvalidSpec for 30 s, and a
 * budget added to answer a ZeroDowntime finding clears it at once.
 *
 * <p>Every look-up goes through one index over the Rollouts ({@link #keys}), never a scan of all of them; an answer may
 * hold Rollouts the object does not concern (the reconcile judges), never miss one it selects by label. Pure.
 */
public final class Referrers {
    private Referrers() {
    }

    /** The index keys of a Rollout: the Services it names, each label of its pod template, its namespace. */
    public static List<String> keys(Rollout rollout) {
        String ns = rollout.getMetadata().getNamespace();
        List<String> keys = new ArrayList<>();
        keys.add(namespace(ns));
        namedServices(rollout.getSpec()).forEach(s -> keys.add(service(ns, s)));
        Map<String, String> labels = templateLabels(rollout);
        if (labels == null) {
            keys.add(labelsUnknown(ns)); // a workloadRef's pod labels are the Deployment's: any selector may select them
        } else {
            labels.forEach((k, v) -> keys.add(label(ns, k, v)));
        }
        return keys;
    }

    /** The Services the Rollout names (canary and stable, active and preview), in a stable order. */
    public static List<String> namedServices(RolloutSpec spec) {
        List<String> names = new ArrayList<>();
        if (spec == null || spec.strategy == null) {
            return names;
        }
        if (spec.strategy.canary != null) {
            addIfSet(names, spec.strategy.canary.stableService);
            addIfSet(names, spec.strategy.canary.canaryService);
        }
        if (spec.strategy.blueGreen != null) {
            addIfSet(names, spec.strategy.blueGreen.activeService);
            addIfSet(names, spec.strategy.blueGreen.previewService);
        }
        return names;
    }

    /** Rollouts that name the Service, or whose pod labels its selector (the pod-template-hash key aside) selects. */
    public static Set<ResourceID> ofService(Service service, Function<String, List<Rollout>> byKey) {
        String ns = service.getMetadata().getNamespace();
        Set<ResourceID> found = ids(byKey.apply(service(ns, service.getMetadata().getName())));
        Map<String, String> selector = new TreeMap<>(service.getSpec() == null || service.getSpec().getSelector() == null
                ? Map.of() : service.getSpec().getSelector());
        selector.remove(TemplateHash.LABEL);
        if (!selector.isEmpty()) { // an empty selector selects no pod
            found.addAll(selectedBy(ns, selector, byKey));
        }
        return found;
    }

    /** Rollouts whose pod labels the budget's matchLabels select (its matchExpressions are left to the reconcile). */
    public static Set<ResourceID> ofBudget(PodDisruptionBudget budget, Function<String, List<Rollout>> byKey) {
        String ns = budget.getMetadata().getNamespace();
        Map<String, String> matchLabels = budget.getSpec() == null || budget.getSpec().getSelector() == null
                || budget.getSpec().getSelector().getMatchLabels() == null ? Map.of() : budget.getSpec().getSelector().getMatchLabels();
        if (matchLabels.isEmpty()) { // no selector, or only expressions: any Rollout of the namespace
            return ids(byKey.apply(namespace(ns)));
        }
        return selectedBy(ns, new TreeMap<>(matchLabels), byKey);
    }

    /** The Rollout the autoscaler's scaleTargetRef names (the rules judge only an autoscaler of the Rollout itself). */
    public static Set<ResourceID> ofAutoscaler(HorizontalPodAutoscaler autoscaler) {
        var target = autoscaler.getSpec() == null ? null : autoscaler.getSpec().getScaleTargetRef();
        if (target == null || !"Rollout".equals(target.getKind()) || target.getName() == null) {
            return Set.of();
        }
        return Set.of(new ResourceID(target.getName(), autoscaler.getMetadata().getNamespace()));
    }

    /**
     * Whether an update of a Service changes what a reconcile reads of it: its ports (blue-green compares them), or its
     * selector with the pod-template-hash value left out. The controller moves that value itself twice in every
     * rollout; those writes reconcile nothing.
     */
    public static boolean changesWhatIsRead(Service now, Service before) {
        return !Objects.equals(ports(now), ports(before)) || !Objects.equals(maskedSelector(now), maskedSelector(before));
    }

    /** The selector with the pod-template-hash value masked (a Service with the key selects a template whatever its value). */
    public static Map<String, String> maskedSelector(Service service) {
        Map<String, String> selector = service.getSpec() == null || service.getSpec().getSelector() == null ? new TreeMap<>()
                : new TreeMap<>(service.getSpec().getSelector());
        if (selector.containsKey(TemplateHash.LABEL)) {
            selector.put(TemplateHash.LABEL, "*");
        }
        return selector;
    }

    private static Object ports(Service service) {
        return service.getSpec() == null ? null : service.getSpec().getPorts();
    }

    /** Rollouts of the namespace whose pod template holds every pair of {@code selector}, and those whose labels are unknown. */
    private static Set<ResourceID> selectedBy(String ns, Map<String, String> selector, Function<String, List<Rollout>> byKey) {
        Map.Entry<String, String> first = selector.entrySet().iterator().next();
        Set<ResourceID> found = ids(byKey.apply(label(ns, first.getKey(), first.getValue())).stream()
                .filter(r -> templateLabels(r).entrySet().containsAll(selector.entrySet())).toList());
        found.addAll(ids(byKey.apply(labelsUnknown(ns))));
        return found;
    }

    private static Set<ResourceID> ids(List<Rollout> rollouts) {
        Set<ResourceID> ids = new LinkedHashSet<>();
        rollouts.forEach(r -> ids.add(ResourceID.fromResource(r)));
        return ids;
    }

    private static Map<String, String> templateLabels(Rollout rollout) {
        RolloutSpec spec = rollout.getSpec();
        return spec == null || spec.template == null || spec.template.getMetadata() == null ? null
                : spec.template.getMetadata().getLabels();
    }

    private static String namespace(String ns) {
        return "namespace " + ns;
    }

    private static String service(String ns, String name) {
        return "service " + ns + "/" + name;
    }

    private static String label(String ns, String key, String value) {
        return "label " + ns + "/" + key + "=" + value;
    }

    private static String labelsUnknown(String ns) {
        return "labels-unknown " + ns;
    }

    private static void addIfSet(List<String> names, String name) {
        if (name != null && !name.isBlank()) {
            names.add(name);
        }
    }
}
