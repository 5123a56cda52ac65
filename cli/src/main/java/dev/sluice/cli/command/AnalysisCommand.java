package dev.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.cli.CliError;
import dev.sluice.cli.KubeOptions;
import dev.sluice.cli.kube.Cluster;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "analysis", description = "Work with analysis templates.", subcommands = AnalysisCommand.DryRun.class,
        mixinStandardHelpOptions = true)
public class AnalysisCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "dry-run", mixinStandardHelpOptions = true,
            description = "Evaluate every metric of a template once, now, through analysis-svc's dry run (POST .../dry-run), and print "
                    + "each value and whether its conditions hold. Exit 0 when the verdict is Successful, 1 otherwise. By default it goes "
                    + "through the API server's service proxy (RBAC: create on services/proxy in the Sluice namespace); --url talks to "
                    + "analysis-svc directly.",
            footer = {"", "Examples:", "  kubectl sluice analysis dry-run -f success-rate.yaml --arg service=checkout",
                    "  kubectl sluice analysis dry-run -f t.yaml --arg service=web --url http://localhost:8081"})
    public static class DryRun implements Callable<Integer> {
        @Mixin
        KubeOptions kube;
        @Option(names = {"-f", "--filename"}, required = true, description = "An AnalysisTemplate or ClusterAnalysisTemplate (YAML or JSON).")
        Path file;
        @Option(names = "--arg", description = "An argument value, NAME=VALUE (repeatable).")
        Map<String, String> args = new java.util.LinkedHashMap<>();
        @Option(names = "--url", description = "analysis-svc's base URL, e.g. http://localhost:8081 (no API server proxy).")
        String url;
        @Option(names = "--sluice-namespace", defaultValue = "sluice-system", description = "Where analysis-svc runs (default ${DEFAULT-VALUE}).")
        String sluiceNamespace;
        @Option(names = "--service", defaultValue = "sluice-analysis:http", description = "analysis-svc's Service and port (default ${DEFAULT-VALUE}).")
        String service;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String body = request(read(file), args).toString();
            PrintWriter out = spec.commandLine().getOut();
            try (Cluster cluster = kube.connect()) {
                String path = "/api/v1/namespaces/" + cluster.namespace() + "/dry-run";
                Response response = url != null ? direct(URI.create(url.replaceAll("/$", "") + path), body)
                        : proxied(cluster, "/api/v1/namespaces/" + sluiceNamespace + "/services/" + service + "/proxy" + path, body);
                JsonNode answer = parse(response);
                if (response.code() == 403) {
                    throw new CliError("forbidden: you may not create services/proxy in namespace '" + sluiceNamespace
                            + "' (missing RBAC verb 'create' on 'services/proxy'); or pass --url");
                }
                if (response.code() == 404 && answer.isMissingNode()) {
                    throw new CliError("analysis-svc not found at " + (url != null ? url : sluiceNamespace + "/" + service)
                            + "; is Sluice installed there? (--sluice-namespace, --service, --url)");
                }
                if (response.code() >= 400) {
                    List<String> problems = new ArrayList<>();
                    answer.path("violations").forEach(v -> problems.add(v.asText()));
                    throw new CliError(answer.path("detail").asText("dry run failed (" + response.code() + ")")
                            + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)));
                }
                out.print(render(answer));
                out.flush();
                return "Successful".equals(answer.path("phase").asText()) ? 0 : 1;
            }
        }

        private record Response(int code, String body) {
        }

        private static JsonNode parse(Response r) {
            try {
                return JSON.readTree(r.body());
            } catch (IOException e) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
        }

        private static Response direct(URI uri, String body) throws Exception {
            var http = java.net.http.HttpClient.newHttpClient();
            try {
                var response = http.send(java.net.http.HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                return new Response(response.statusCode(), response.body());
            } catch (java.net.ConnectException e) {
                throw new CliError("cannot reach analysis-svc at " + uri.getHost() + ":" + uri.getPort());
            }
        }

        private static Response proxied(Cluster cluster, String path, String body) throws Exception {
            HttpClient http = cluster.client().getHttpClient();
            String master = cluster.client().getConfiguration().getMasterUrl().replaceAll("/$", "");
            HttpResponse<String> response = http.sendAsync(http.newHttpRequestBuilder().uri(master + path)
                    .post("application/json", body).build(), String.class).get(60, TimeUnit.SECONDS);
            return new Response(response.code(), response.body());
        }
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new CliError("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The dry-run request body: the template's spec inline, with the given args. Pure. */
    public static ObjectNode request(JsonNode template, Map<String, String> args) {
        String kind = template.path("kind").asText();
        if (!kind.equals("AnalysisTemplate") && !kind.equals("ClusterAnalysisTemplate")) {
            throw new CliError("expected an AnalysisTemplate or ClusterAnalysisTemplate, found " + (kind.isEmpty() ? "no kind" : kind));
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("template", template.path("spec"));
        ArrayNode list = body.putArray("args");
        args.forEach((k, v) -> list.addObject().put("name", k).put("value", v));
        return body;
    }

    /** One line for the verdict, then one per metric: name, provider, value, which condition held. Pure. */
    public static String render(JsonNode outcome) {
        StringBuilder b = new StringBuilder();
        b.append("Verdict: ").append(outcome.path("phase").asText());
        if (outcome.hasNonNull("metricName")) {
            b.append(" (deciding metric ").append(outcome.get("metricName").asText()).append(" = ").append(outcome.path("value").asText()).append(')');
        }
        b.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"METRIC", "PROVIDER", "PHASE", "VALUE", "CONDITIONS"});
        for (JsonNode m : outcome.path("metrics")) {
            List<String> conditions = new ArrayList<>();
            if (m.hasNonNull("successCondition")) {
                conditions.add("success " + m.get("successCondition").asText() + " → " + m.path("successHolds").asText("?"));
            }
            if (m.hasNonNull("failureCondition")) {
                conditions.add("failure " + m.get("failureCondition").asText() + " → " + m.path("failureHolds").asText("?"));
            }
            if (m.hasNonNull("message") && !m.get("message").asText().isBlank()) {
                conditions.add(m.get("message").asText());
            }
            rows.add(new String[] {m.path("name").asText(), m.path("provider").asText(), m.path("phase").asText(),
                    m.path("value").asText(""), String.join("; ", conditions)});
        }
        return b + dev.sluice.cli.render.RolloutTree.table(rows);
    }
}
