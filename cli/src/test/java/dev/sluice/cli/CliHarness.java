package dev.sluice.cli;

import dev.sluice.cli.kube.Cluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs kubectl-sluice in-process against a fabric8 Kubernetes test server; output and exit code for assertions. */
public final class CliHarness implements AutoCloseable {
    public final KubernetesMockServer server;
    public final KubernetesClient client;

    public record Run(int exit, String out, String err) {
    }

    public CliHarness(boolean crud) {
        server = crud ? new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false)
                : new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
        if (crud) {
            for (String crd : new String[] {"rollouts", "analysisruns", "analysistemplates"}) {
                client.load(CliHarness.class.getResourceAsStream("/crds/" + crd + ".sluice.dev.yaml")).create();
            }
        }
        KubeOptions.override = ns -> new Cluster(server.createClient(), ns == null ? "shop" : ns);
    }

    public Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Override
    public void close() {
        KubeOptions.override = null;
        client.close();
        server.destroy();
    }
}
