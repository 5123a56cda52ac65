package dev.sluice.e2e.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Sluice service from its packaged jar ({@code <module>/target/quarkus-app/quarkus-run.jar}) in its own JVM,
 * configured by system properties: the broker, the Kubernetes API server, its HTTP port.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final int port;
    private final ManagedProcess process;

    private ServiceProcess(String module, int port, ManagedProcess process) {
        this.module = module;
        this.port = port;
        this.process = process;
    }

    public static ServiceProcess launch(Layout layout, Path logDir, String module, String instance, String bootstrap,
            String apiServer, Map<String, String> properties) {
        int port = Ports.free();
        List<String> cmd = Layout.java(Layout.heap(module, "256m"));
        cmd.addAll(List.of("-Dkafka.bootstrap.servers=" + bootstrap,
                // quarkus.kubernetes-client.api-server-url is fixed at build time in Quarkus 3.33 (a runtime value is
                // ignored with a warning), so the API server is given the way fabric8 reads it at run time
                "-Dkubernetes.master=" + apiServer,
                "-Dkubernetes.trust.certificates=true",
                "-Dkubernetes.auth.tryKubeConfig=false",
                "-Dkubernetes.auth.tryServiceAccount=false",
                // a token, as every pod has: without one fabric8 re-reads its whole configuration before each request
                "-Dkubernetes.auth.token=sluice-e2e",
                "-Dkubernetes.namespace=default",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.category.\"org.apache.kafka\".level=WARN"));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", layout.serviceJar(module).toString()));
        return new ServiceProcess(module, port, ManagedProcess.start(instance, cmd, Map.of(), logDir));
    }

    public void awaitReady(Duration timeout) {
        Wait.until(process.name() + " /q/health/ready UP (" + process.state() + ")", timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited:\n" + process.tail(40));
            }
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url().resolve("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        });
    }

    /** The sum of every sample of {@code metric} (all label sets) at {@code /q/metrics}; 0 when absent. */
    public double metric(String metric) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(url().resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return PrometheusText.sum(body, metric);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + url() + "/q/metrics: " + e, e);
        }
    }

    /** Like {@link #metric} but only samples whose labels contain {@code labelFragment}, e.g. {@code namespace="a"}. */
    public double metricWithLabel(String metric, String labelFragment) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(url().resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            StringBuilder matching = new StringBuilder();
            for (String line : body.split("\n")) {
                if (line.startsWith(metric + "{") && line.contains(labelFragment)) {
                    matching.append(line).append('\n');
                }
            }
            return PrometheusText.sum(matching.toString(), metric);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + url() + "/q/metrics: " + e, e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String module() {
        return module;
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop();
    }
}
