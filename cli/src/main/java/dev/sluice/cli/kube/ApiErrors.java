package dev.sluice.cli.kube;

import dev.sluice.cli.CliError;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an API server failure means to a person, as one line: a missing rollout, a missing RBAC verb, a cluster
 * without the Sluice CRDs, an unreachable server. {@link #describe} is pure; the table test is its specification.
 */
public final class ApiErrors {
    private static final Pattern USER = Pattern.compile("User \"([^\"]+)\" cannot");

    private ApiErrors() {
    }

    /** The attempted operation: {@code verb} on {@code resource} ({@code rollouts.sluice.dev}), in a namespace. */
    public record Attempt(String verb, String resource, String namespace, String name) {
    }

    public static String describe(Attempt a, int code, String serverMessage, boolean crdMissing) {
        String where = a.namespace() == null ? "in any namespace" : "in namespace '" + a.namespace() + "'";
        if (crdMissing) {
            return "the cluster has no " + a.resource() + " resource: Sluice is not installed "
                    + "(kubectl apply --server-side -k deploy/overlays/strimzi installs the CRDs and the controller)";
        }
        return switch (code) {
            case 401 -> "not authenticated to the cluster: log in again or check your kubeconfig";
            case 403 -> {
                Matcher m = USER.matcher(serverMessage == null ? "" : serverMessage);
                String who = m.find() ? "user '" + m.group(1) + "'" : "you";
                yield "forbidden: " + who + " may not " + a.verb() + " " + a.resource() + " " + where
                        + " (missing RBAC verb '" + a.verb() + "' on '" + a.resource() + "'; ask for a Role that grants it)";
            }
            case 404 -> a.name() == null ? "not found " + where : kind(a.resource()) + " '" + a.name() + "' not found " + where;
            case 409 -> kind(a.resource()) + " '" + a.name() + "' changed while it was being written; run the command again";
            case 422 -> "the API server rejected the change: " + serverMessage;
            default -> "the API server answered " + code + ": " + serverMessage;
        };
    }

    private static String kind(String resource) {
        String plural = resource.contains(".") ? resource.substring(0, resource.indexOf('.')) : resource;
        return plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
    }

    /** Converts a client failure into the one-line error. */
    public static CliError of(Attempt a, KubernetesClientException e, boolean crdMissing) {
        if (e.getCode() <= 0) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConnectException || t instanceof java.net.UnknownHostException
                        || t instanceof java.net.http.HttpConnectTimeoutException) {
                    return new CliError("cannot reach the Kubernetes API server (" + e.getMessage() + "); check your kubeconfig context");
                }
            }
            return new CliError("cannot talk to the Kubernetes API server: " + firstLine(e.getMessage()));
        }
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return new CliError(describe(a, e.getCode(), firstLine(message), crdMissing));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
