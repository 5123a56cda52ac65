package dev.sluice.cli;

import dev.sluice.api.rollout.Rollout;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Kubernetes test server with one paused canary rollout, for trying kubectl-sluice by hand and for measuring its
 * start-up: {@code java -cp <test classpath> dev.sluice.cli.TestApiServer /tmp/kubeconfig} writes a kubeconfig and
 * serves until killed.
 */
public final class TestApiServer {
    private TestApiServer() {
    }

    public static void main(String[] args) throws Exception {
        CliHarness cluster = new CliHarness(true);
        Rollout r = Fixtures.canary("web", 3, 2);
        r.getMetadata().setResourceVersion(null);
        var status = Fixtures.status(r, "Paused", "CanaryPauseStep");
        status.currentPodHash = "5c7e9a1b3";
        status.stableRS = "6d4f8b9c7";
        status.currentStepIndex = 1;
        Rollout created = cluster.client.resource(r).create();
        created.setStatus(status);
        cluster.client.resource(created).updateStatus();
        for (ReplicaSet rs : List.of(Fixtures.replicaSet("web", "6d4f8b9c7", "web:1", 3, 3, 3000),
                Fixtures.replicaSet("web", "5c7e9a1b3", "web:2", 1, 1, 60))) {
            cluster.client.resource(rs).create();
        }
        Files.writeString(Path.of(args[0]), kubeconfig(cluster.client.getConfiguration().getMasterUrl()));
        System.out.println("serving " + cluster.client.getConfiguration().getMasterUrl() + "; kubeconfig " + args[0]);
        Thread.currentThread().join();
    }

    static String kubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: test, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: tester, user: {token: test}}]
                contexts: [{name: test, context: {cluster: test, user: tester, namespace: shop}}]
                current-context: test
                """.formatted(server);
    }
}
