package dev.sluice.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sluice's house rules for its own pods, beyond the zero-downtime rules every workload gets from the hygiene module
 * ({@code sluice lint}, run on deploy/ by {@link SluiceDeploymentsTest}): Quarkus' health endpoints as readiness and
 * liveness probes, CPU and memory requests and limits, and the restricted Pod Security Standard. A pure function:
 * a Deployment in, every violation out, each naming the file and the field.
 */
final class SluicePodRules {
    static final String READY = "/q/health/ready";
    static final String LIVE = "/q/health/live";

    /** An object and the file it came from. */
    record Sourced<T>(String file, T object) {
    }

    private SluicePodRules() {
    }

    static List<Violation> check(Sourced<Deployment> sourced) {
        List<Violation> found = new ArrayList<>();
        String file = sourced.file();
        var spec = sourced.object().getSpec();
        if (spec == null || spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
            found.add(new Violation(file, "spec.template.spec", "missing"));
            return found;
        }
        PodSpec pod = spec.getTemplate().getSpec();
        for (Container container : pod.getContainers()) {
            String at = "spec.template.spec.containers[" + container.getName() + "]";
            checkProbe(file, at + ".readinessProbe", container.getReadinessProbe(), READY, found);
            checkProbe(file, at + ".livenessProbe", container.getLivenessProbe(), LIVE, found);
            checkResources(file, at + ".resources", container.getResources(), found);
            checkSecurity(file, at + ".securityContext", container.getSecurityContext(), pod.getSecurityContext(), found);
        }
        return found;
    }

    private static void checkProbe(String file, String field, Probe probe, String path, List<Violation> found) {
        if (probe == null || probe.getHttpGet() == null) {
            found.add(new Violation(file, field, "needs an httpGet probe on " + path));
        } else if (!path.equals(probe.getHttpGet().getPath())) {
            found.add(new Violation(file, field + ".httpGet.path", "must be " + path + ", is " + probe.getHttpGet().getPath()));
        }
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
}
