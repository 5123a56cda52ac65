package dev.sluice.controller.api;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.common.problem.ProblemException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.regex.Pattern;

/** A rollout named in a request path: the names checked (400) and the object read (404), for the REST API and the dashboard. */
public final class RolloutLookup {
    /** What reading a rollout is authorised on: {@code get} on this resource in the rollout's namespace. */
    public static final String RESOURCE = "rollouts.sluice.dev";
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private RolloutLookup() {
    }

    public static Rollout find(KubernetesClient client, String namespace, String name) {
        Rollout r = client.resources(Rollout.class).inNamespace(valid("namespace", namespace)).withName(valid("name", name)).get();
        if (r == null) {
            throw ProblemException.notFound("no rollout " + namespace + "/" + name);
        }
        return r;
    }

    /** The value, when it is a Kubernetes object name; else a 400 naming the parameter. */
    public static String valid(String what, String value) {
        if (value == null || !DNS_NAME.matcher(value).matches()) {
            throw ProblemException.badRequest(what + " '" + value + "' is not a Kubernetes object name", List.of(what));
        }
        return value;
    }
}
