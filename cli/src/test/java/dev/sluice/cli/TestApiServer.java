package dev.sluice.cli;

import dev.sluice.api.rollout.Rollout;
import java.nio.file.Files;
import java.nio.file.Path;

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
        Fixtures.seedPausedCanary(cluster.client);
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
