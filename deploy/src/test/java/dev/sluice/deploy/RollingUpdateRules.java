package dev.sluice.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules Sluice's own Deployments follow so that a rolling update or a node drain never drops a request - the
 * same rules Sluice checks in its users' workloads. A pure function: manifests in, every violation out, each naming
 * the file and the field.
 */
final class RollingUpdateRules {
    static final String READY = "/q/health/ready";
    static final String LIVE = "/q/health/live";
    /** Kubernetes' default when terminationGracePeriodSeconds is not set. */
    static final long DEFAULT_GRACE_SECONDS = 30;
    private static final Pattern SLEEP = Pattern.compile("(?:^|\\s)sleep\\s+(\\d+)(?:\\s|;|$)");

    /** An object and the file it came from. */
    record Sourced<T>(String file, T object) {
    }

    private RollingUpdateRules() {
    }

    /**
     * @param shutdownTimeoutSeconds the service's own graceful shutdown (quarkus.shutdown.timeout)
     * @param budgets every PodDisruptionBudget of the install
     */
    static List<Violation> check(Sourced<Deployment> sourced, List<Sourced<PodDisruptionBudget>> budgets,
            long shutdownTimeoutSeconds) {
        List<Violation> found = new ArrayList<>();
        String file = sourced.file();
        Deployment deployment = sourced.object();
        var spec = deployment.getSpec();
        if (spec == null || spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
            found.add(new Violation(file, "spec.template.spec", "missing"));
            return found;
        }
        int replicas = Optional.ofNullable(spec.getReplicas()).orElse(1);
        if (replicas < 2) {
            found.add(new Violation(file, "spec.replicas", "must be at least 2 so one pod serves while another restarts, is " + replicas));
        }
        checkStrategy(file, spec.getStrategy(), found);
        PodSpec pod = spec.getTemplate().getSpec();
        Map<String, String> labels = Optional.ofNullable(spec.getTemplate().getMetadata())
                .map(m -> m.getLabels()).orElse(Map.of());
        long longestPreStop = 0;
        for (Container container : pod.getContainers()) {
            String at = "spec.template.spec.containers[" + container.getName() + "]";
            checkProbe(file, at + ".readinessProbe", container.getReadinessProbe(), READY, found);
            checkProbe(file, at + ".livenessProbe", container.getLivenessProbe(), LIVE, found);
            OptionalInt preStop = preStopSleepSeconds(container);
            if (preStop.isEmpty()) {
                found.add(new Violation(file, at + ".lifecycle.preStop",
                        "needs a sleep so endpoints drop the pod before it stops taking requests"));
            } else {
                longestPreStop = Math.max(longestPreStop, preStop.getAsInt());
            }
            checkResources(file, at + ".resources", container.getResources(), found);
            checkSecurity(file, at + ".securityContext", container.getSecurityContext(), pod.getSecurityContext(), found);
        }
        long grace = Optional.ofNullable(pod.getTerminationGracePeriodSeconds()).orElse(DEFAULT_GRACE_SECONDS);
        long needed = longestPreStop + shutdownTimeoutSeconds;
        if (grace <= needed) {
            found.add(new Violation(file, "spec.template.spec.terminationGracePeriodSeconds", "must exceed the preStop sleep "
                    + longestPreStop + " s + shutdown timeout " + shutdownTimeoutSeconds + " s = " + needed + " s, is " + grace));
        }
        if (pod.getTopologySpreadConstraints().stream().noneMatch(c -> spreadsOverNodes(c, labels))) {
            found.add(new Violation(file, "spec.template.spec.topologySpreadConstraints",
                    "needs a constraint on topologyKey kubernetes.io/hostname selecting the pod's own labels"));
        }
        checkBudget(file, deployment.getMetadata().getName(), replicas, labels, budgets, found);
        return found;
    }

    private static void checkStrategy(String file, DeploymentStrategy strategy, List<Violation> found) {
        if (strategy != null && strategy.getType() != null && !strategy.getType().equals("RollingUpdate")) {
            found.add(new Violation(file, "spec.strategy.type", "must be RollingUpdate, is " + strategy.getType()));
            return;
        }
        var rolling = strategy == null ? null : strategy.getRollingUpdate();
        IntOrString surge = rolling == null ? null : rolling.getMaxSurge();
        IntOrString unavailable = rolling == null ? null : rolling.getMaxUnavailable();
        if (surge == null || !Objects.equals(surge.getIntVal(), 1)) {
            found.add(new Violation(file, "spec.strategy.rollingUpdate.maxSurge", "must be 1 (one new pod at a time), is " + show(surge)));
        }
        if (unavailable == null || !(Objects.equals(unavailable.getIntVal(), 0) || "0%".equals(unavailable.getStrVal()))) {
            found.add(new Violation(file, "spec.strategy.rollingUpdate.maxUnavailable",
                    "must be 0 (never fewer ready pods than desired), is " + show(unavailable)));
        }
    }

    private static void checkProbe(String file, String field, Probe probe, String path, List<Violation> found) {
        if (probe == null || probe.getHttpGet() == null) {
            found.add(new Violation(file, field, "needs an httpGet probe on " + path));
        } else if (!path.equals(probe.getHttpGet().getPath())) {
            found.add(new Violation(file, field + ".httpGet.path", "must be " + path + ", is " + probe.getHttpGet().getPath()));
        }
    }

    /** The seconds a preStop hook sleeps: {@code exec: [sleep, N]} (or a shell running it) or the sleep action. */
    static OptionalInt preStopSleepSeconds(Container container) {
        var preStop = container.getLifecycle() == null ? null : container.getLifecycle().getPreStop();
        if (preStop == null) {
            return OptionalInt.empty();
        }
        if (preStop.getSleep() != null && preStop.getSleep().getSeconds() != null) {
            return OptionalInt.of(preStop.getSleep().getSeconds().intValue());
        }
        if (preStop.getExec() != null) {
            Matcher matcher = SLEEP.matcher(String.join(" ", preStop.getExec().getCommand()));
            if (matcher.find()) {
                return OptionalInt.of(Integer.parseInt(matcher.group(1)));
            }
        }
        return OptionalInt.empty();
    }

    private static void checkResources(String file, String field, ResourceRequirements resources, List<Violation> found) {
        Map<String, Quantity> requests = resources == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources == null ? Map.of() : resources.getLimits();
        for (String resource : List.of("cpu", "memory")) {
            if (!requests.containsKey(resource)) {
                found.add(new Violation(file, field + ".requests." + resource, "missing"));
            }
            if (!limits.containsKey(resource)) {
                found.add(new Violation(file, field + ".limits." + resource, "missing"));
            }
        }
    }

    private static void checkSecurity(String file, String field, SecurityContext container, PodSecurityContext pod,
            List<Violation> found) {
        boolean nonRoot = container != null && container.getRunAsNonRoot() != null
                ? container.getRunAsNonRoot() : pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot());
        if (!nonRoot) {
            found.add(new Violation(file, field + ".runAsNonRoot", "must be true (here or on the pod)"));
        }
        if (container == null || !Boolean.TRUE.equals(container.getReadOnlyRootFilesystem())) {
            found.add(new Violation(file, field + ".readOnlyRootFilesystem", "must be true"));
        }
        if (container == null || !Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
            found.add(new Violation(file, field + ".allowPrivilegeEscalation", "must be false"));
        }
        if (container == null || container.getCapabilities() == null || !container.getCapabilities().getDrop().contains("ALL")) {
            found.add(new Violation(file, field + ".capabilities.drop", "must drop ALL"));
        }
        var seccomp = container != null && container.getSeccompProfile() != null ? container.getSeccompProfile()
                : pod == null ? null : pod.getSeccompProfile();
        if (seccomp == null || !List.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
            found.add(new Violation(file, field + ".seccompProfile.type",
                    "must be RuntimeDefault or Localhost (here or on the pod), as the restricted Pod Security Standard requires"));
        }
    }

    private static boolean spreadsOverNodes(TopologySpreadConstraint constraint, Map<String, String> labels) {
        return "kubernetes.io/hostname".equals(constraint.getTopologyKey()) && selects(constraint.getLabelSelector(), labels);
    }

    private static void checkBudget(String file, String name, int replicas, Map<String, String> labels,
            List<Sourced<PodDisruptionBudget>> budgets, List<Violation> found) {
        List<Sourced<PodDisruptionBudget>> matching = budgets.stream()
                .filter(b -> b.object().getSpec() != null && selects(b.object().getSpec().getSelector(), labels))
                .toList();
        if (matching.isEmpty()) {
            found.add(new Violation(file, "spec.template.metadata.labels", "no PodDisruptionBudget selects the pods of " + name));
            return;
        }
        if (matching.size() > 1) {
            found.add(new Violation(file, "spec.template.metadata.labels", "several PodDisruptionBudgets select the pods of "
                    + name + " (" + matching.stream().map(b -> b.object().getMetadata().getName()).toList() + "): every eviction fails"));
        }
        for (Sourced<PodDisruptionBudget> budget : matching) {
            var spec = budget.object().getSpec();
            long allowed = disruptionsAllowed(spec.getMinAvailable(), spec.getMaxUnavailable(), replicas);
            if (allowed < 1) {
                String field = spec.getMaxUnavailable() != null ? "spec.maxUnavailable" : "spec.minAvailable";
                found.add(new Violation(budget.file(), field, "blocks every eviction of " + name + " at " + replicas
                        + " replicas: a node drain never completes"));
            }
        }
    }

    /** How many of {@code replicas} ready pods the budget lets an eviction take (Kubernetes rounds percentages up). */
    static long disruptionsAllowed(IntOrString minAvailable, IntOrString maxUnavailable, int replicas) {
        if (maxUnavailable != null) {
            return count(maxUnavailable, replicas);
        }
        if (minAvailable != null) {
            return replicas - count(minAvailable, replicas);
        }
        return replicas; // a budget with neither field allows everything; Kubernetes rejects it anyway
    }

    private static long count(IntOrString value, int replicas) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal().strip();
        if (text.endsWith("%")) {
            return (long) Math.ceil(Integer.parseInt(text.substring(0, text.length() - 1)) * replicas / 100.0);
        }
        return Integer.parseInt(text);
    }

    /** Whether a selector (matchLabels only; matchExpressions count as not understood) picks pods with these labels. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || !selector.getMatchExpressions().isEmpty()) {
            return false;
        }
        Map<String, String> wanted = selector.getMatchLabels();
        return !wanted.isEmpty() && labels.entrySet().containsAll(wanted.entrySet());
    }

    private static String show(IntOrString value) {
        if (value == null) {
            return "unset (the default is 25%)";
        }
        return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }
}
