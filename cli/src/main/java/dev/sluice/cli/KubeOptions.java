package dev.sluice.cli;

import dev.sluice.cli.kube.Cluster;
import picocli.CommandLine.Option;

/** The kubectl-style options every command that talks to the cluster takes. */
public class KubeOptions {
    @Option(names = {"-n", "--namespace"}, description = "Namespace (default: the kubeconfig context's, else default).")
    String namespace;
    @Option(names = "--context", description = "The kubeconfig context to use.")
    String context;
    @Option(names = "--kubeconfig", description = "Path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
    String kubeconfig;

    /** Set by tests: the cluster to use instead of the kubeconfig (the argument is the -n namespace, or null). */
    static volatile java.util.function.Function<String, Cluster> override;

    /** For tests that run the CLI in-process against a test API server; null restores the kubeconfig. */
    public static void useCluster(java.util.function.Function<String, Cluster> clusters) {
        override = clusters;
    }

    public Cluster connect() {
        if (override != null) {
            return override.apply(namespace);
        }
        return Cluster.connect(kubeconfig, context, namespace);
    }
}
