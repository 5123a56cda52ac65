package dev.sluice.e2e.harness;

import dev.sluice.e2e.events.EventLog;
import dev.sluice.e2e.events.EventSender;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole Sluice suite as separate OS processes on this machine: a Kafka broker, the Kubernetes API test
 * server (CRUD, with Sluice's CRDs applied), two demo app versions, a real Prometheus scraping them (optional),
 * the three services from their packaged jars, and the cluster simulator. Everything it started is stopped by
 * {@link #close()}, and by a shutdown hook on exit or Ctrl-C. Process logs go to {@link #logDir()}.
 */
public final class Harness implements AutoCloseable {
    public static final String STABLE_SERVICE = "web-stable";
    public static final String CANARY_SERVICE = "web-canary";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** What to start. */
    public record Options(String label, boolean prometheus, int controllerReplicas, int meshRequestsPerSecond,
            double canaryFailureShare, Map<String, Map<String, String>> serviceProperties) {

        public static Options defaults(String label) {
            return new Options(label, PrometheusServer.installed(), 1, 40, 0.0, Map.of());
        }

        public Options withPrometheus(boolean on) {
            return new Options(label, on, controllerReplicas, meshRequestsPerSecond, canaryFailureShare, serviceProperties);
        }

        public Options withControllerReplicas(int n) {
            return new Options(label, prometheus, n, meshRequestsPerSecond, canaryFailureShare, serviceProperties);
        }

        public Options withMeshRequestsPerSecond(int rps) {
            return new Options(label, prometheus, controllerReplicas, rps, canaryFailureShare, serviceProperties);
        }

        /**
         * Kafka sessions of 6 s (heartbeat 1 s) for the three services, so a killed consumer's partitions move on
         * quickly, as a production setting with fast failover would.
         */
        public Options withFastFailover() {
            Options o = this;
            for (String module : List.of("controller-svc", "analysis-svc", "traffic-svc")) {
                o = o.withServiceProperty(module, "mp.messaging.connector.smallrye-kafka.session.timeout.ms", "6000")
                        .withServiceProperty(module, "mp.messaging.connector.smallrye-kafka.heartbeat.interval.ms", "1000");
            }
            return o;
        }

        /** Extra system properties for one service module, e.g. {@code controller-svc}. */
        public Options withServiceProperty(String module, String key, String value) {
            Map<String, Map<String, String>> all = new LinkedHashMap<>(serviceProperties);
            Map<String, String> one = new LinkedHashMap<>(all.getOrDefault(module, Map.of()));
            one.put(key, value);
            all.put(module, Map.copyOf(one));
            return new Options(label, prometheus, controllerReplicas, meshRequestsPerSecond, canaryFailureShare, Map.copyOf(all));
        }
    }

    private final Layout layout;
    private final Options options;
    private final Path logDir;
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private final Thread shutdownHook = new Thread(this::stopAll, "sluice-harness-shutdown");
    private KafkaServer kafka;
    private ManagedProcess kubeApi;
    private URI apiServer;
    private KubernetesClient kube;
    private ManagedProcess stableApp;
    private ManagedProcess canaryApp;
    private URI stableAppUrl;
    private URI canaryAppUrl;
    private PrometheusServer prometheus;
    private final List<ServiceProcess> controllers = new ArrayList<>();
    private final List<ServiceProcess> replicas = new ArrayList<>();
    private ServiceProcess analysis;
    private ServiceProcess traffic;
    private ManagedProcess simulator;
    private EventLog events;
    private EventSender sender;

    private Harness(Layout layout, Options options) {
        this.layout = layout;
        this.options = options;
        this.logDir = layout.newLogDir(options.label());
    }

    public static Harness start(Options options) {
        Harness h = new Harness(Layout.detect(), options);
        Runtime.getRuntime().addShutdownHook(h.shutdownHook);
        try {
            h.startAll();
            return h;
        } catch (RuntimeException e) {
            String tails = h.logTails(30);
            h.close();
            throw new IllegalStateException("the end-to-end harness did not start: " + e.getMessage() + "\n" + tails, e);
        }
    }

    private void startAll() {
        long t0 = System.nanoTime();
        kafka = track(KafkaServer.launch(layout, logDir));
        int kubePort = Ports.free();
        kubeApi = track(ManagedProcess.start("kube-api", layout.javaMain(Layout.heap("kube-api", "1g"),
                KubeApiServerMain.class.getName(), List.of(String.valueOf(kubePort))), Map.of(), logDir));
        apiServer = URI.create("http://127.0.0.1:" + kubePort);
        int stablePort = Ports.free();
        int canaryPort = Ports.free();
        stableApp = track(ManagedProcess.start("app-stable", layout.javaMain("64m", "dev.sluice.e2e.app.DemoAppMain",
                List.of(String.valueOf(stablePort), "stable", "0.0", "5")), Map.of(), logDir));
        canaryApp = track(ManagedProcess.start("app-canary", layout.javaMain("64m", "dev.sluice.e2e.app.DemoAppMain",
                List.of(String.valueOf(canaryPort), "canary", String.valueOf(options.canaryFailureShare()), "5")), Map.of(), logDir));
        stableAppUrl = URI.create("http://127.0.0.1:" + stablePort);
        canaryAppUrl = URI.create("http://127.0.0.1:" + canaryPort);
        if (options.prometheus()) {
            prometheus = track(PrometheusServer.launch(logDir, Map.of("127.0.0.1:" + stablePort, STABLE_SERVICE,
                    "127.0.0.1:" + canaryPort, CANARY_SERVICE)));
        }

        kafka.awaitReady(START_TIMEOUT);
        awaitKubeApi();
        applyCrds();
        awaitHttp(stableApp, stableAppUrl.resolve("/stats"));
        awaitHttp(canaryApp, canaryAppUrl.resolve("/stats"));

        analysis = launchService("analysis-svc", "analysis"); // first: the controller's dashboard is told its address
        for (int i = 0; i < options.controllerReplicas(); i++) {
            controllers.add(launchService("controller-svc", options.controllerReplicas() == 1 ? "controller" : "controller-" + i));
        }
        traffic = launchService("traffic-svc", "traffic");
        simulator = track(ManagedProcess.start("cluster-sim", layout.javaMain(Layout.heap("cluster-sim", "128m"),
                "dev.sluice.e2e.cluster.ClusterSimulatorMain", List.of(apiServer.toString(),
                        String.valueOf(options.meshRequestsPerSecond()), STABLE_SERVICE + "=" + stableAppUrl,
                        CANARY_SERVICE + "=" + canaryAppUrl)), Map.of(), logDir));
        if (prometheus != null) {
            prometheus.awaitReady(START_TIMEOUT);
        }
        for (ServiceProcess s : services()) {
            s.awaitReady(START_TIMEOUT);
        }
        Wait.until("the cluster simulator to run (" + simulator.state() + ")", Duration.ofSeconds(30),
                () -> {
                    if (!simulator.isAlive()) {
                        throw new IllegalStateException("cluster simulator exited:\n" + simulator.tail(20));
                    }
                    return Files.readString(simulator.log()).contains("cluster simulator running");
                });
        System.out.printf("harness: %d processes up in %.1f s; logs in %s%n", processes().size(),
                (System.nanoTime() - t0) / 1e9, logDir);
    }

    /**
     * Starts one more replica of a service ({@code controller-svc}, {@code analysis-svc} or {@code traffic-svc}) beside
     * the running ones, with the same settings, and waits until it is ready; it joins its consumer group and takes a
     * share of the partitions. Stopped with everything else.
     */
    public synchronized ServiceProcess addReplica(String module, String instance) {
        ServiceProcess replica = launchService(module, instance);
        replicas.add(replica);
        replica.awaitReady(START_TIMEOUT);
        return replica;
    }

    /** The replicas {@link #addReplica} started. */
    public synchronized List<ServiceProcess> addedReplicas() {
        return List.copyOf(replicas);
    }

    private ServiceProcess launchService(String module, String instance) {
        Map<String, String> props = new LinkedHashMap<>(options.serviceProperties().getOrDefault(module, Map.of()));
        if ("analysis-svc".equals(module) && prometheus != null) {
            // the Prometheus the built-in Flagger checks (progression.metrics) query
            props.putIfAbsent("sluice.analysis.prometheus.address", prometheus.url().toString());
        }
        if (module.equals("controller-svc")) {
            props.putIfAbsent("sluice.dashboard.analysis-url", analysis.url().toString());
        }
        return track(ServiceProcess.launch(layout, logDir, module, instance, kafka.bootstrapServers(), apiServer.toString(), props));
    }

    /**
     * Starts one more controller replica and waits until it is ready (the benchmark's horizontal-scale part); {@code extra}
     * properties win over the module's.
     */
    public ServiceProcess addController(String instance, Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>(options.serviceProperties().getOrDefault("controller-svc", Map.of()));
        props.putAll(extra);
        props.putIfAbsent("sluice.dashboard.analysis-url", analysis.url().toString());
        ServiceProcess replica = track(ServiceProcess.launch(layout, logDir, "controller-svc", instance, kafka.bootstrapServers(),
                apiServer.toString(), props));
        replica.awaitReady(START_TIMEOUT);
        controllers.add(replica);
        return replica;
    }

    private void awaitKubeApi() {
        HttpClient http = HttpClient.newHttpClient();
        Wait.until("the Kubernetes API test server (" + kubeApi.state() + ")", START_TIMEOUT, () -> {
            if (!kubeApi.isAlive()) {
                throw new IllegalStateException("kube-api exited:\n" + kubeApi.tail(20));
            }
            return http.send(HttpRequest.newBuilder(apiServer.resolve("/api/v1/namespaces")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer.toString()).withTrustCerts(true)
                .withNamespace("default").build();
        kube = new KubernetesClientBuilder().withConfig(config).build();
    }

    private void applyCrds() {
        try (Stream<Path> files = Files.list(layout.crds())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!Files.readString(file).contains("kind: \"CustomResourceDefinition\"")
                        && !Files.readString(file).contains("kind: CustomResourceDefinition")) {
                    continue; // e.g. kustomization.yaml
                }
                try (InputStream in = Files.newInputStream(file)) {
                    for (HasMetadata crd : kube.load(in).items()) {
                        kube.resource(crd).create();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply the CRDs in " + layout.crds(), e);
        }
    }

    private static void awaitHttp(ManagedProcess p, URI url) {
        HttpClient http = HttpClient.newHttpClient();
        Wait.until(p.name() + " at " + url + " (" + p.state() + ")", START_TIMEOUT, () -> {
            if (!p.isAlive()) {
                throw new IllegalStateException(p.name() + " exited:\n" + p.tail(20));
            }
            return http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    private <T extends AutoCloseable> T track(T closeable) {
        started.add(closeable);
        return closeable;
    }

    // --- access

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public URI apiServer() {
        return apiServer;
    }

    public KubernetesClient kube() {
        return kube;
    }

    public URI stableAppUrl() {
        return stableAppUrl;
    }

    public URI canaryAppUrl() {
        return canaryAppUrl;
    }

    /** The real Prometheus, when this run has one. */
    public java.util.Optional<URI> prometheus() {
        return prometheus == null ? java.util.Optional.empty() : java.util.Optional.of(prometheus.url());
    }

    /** The dashboard of the (first) controller. */
    public URI dashboardUrl() {
        return controller().url().resolve("/dashboard/");
    }

    public ServiceProcess controller() {
        return controllers.get(0);
    }

    public List<ServiceProcess> controllers() {
        return List.copyOf(controllers);
    }

    public ServiceProcess analysis() {
        return analysis;
    }

    public ServiceProcess traffic() {
        return traffic;
    }

    public List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>(controllers);
        all.add(analysis);
        all.add(traffic);
        return all;
    }

    public ManagedProcess kafkaProcess() {
        return kafka.process();
    }

    public Path logDir() {
        return logDir;
    }

    /** Every event on the Sluice topics since the broker started (created on first use). */
    public synchronized EventLog events() {
        if (events == null) {
            events = new EventLog(bootstrapServers());
        }
        return events;
    }

    /** A plain Kafka producer publishing Sluice events as another system would (created on first use). */
    public synchronized EventSender sender() {
        if (sender == null) {
            sender = new EventSender(bootstrapServers(), "/e2e/harness");
        }
        return sender;
    }

    /** Changes the share of requests the canary app answers with 500. */
    public void setCanaryFailureShare(double share) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(canaryAppUrl.resolve("/admin/failure-share"))
                    .PUT(HttpRequest.BodyPublishers.ofString(String.valueOf(share))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 204) {
                throw new IllegalStateException("canary app refused failure share " + share + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every OS process this harness manages. */
    public List<ManagedProcess> processes() {
        List<ManagedProcess> all = new ArrayList<>();
        synchronized (started) {
            for (AutoCloseable c : started) {
                if (c instanceof ManagedProcess p) {
                    all.add(p);
                } else if (c instanceof ServiceProcess s) {
                    all.add(s.process());
                } else if (c instanceof KafkaServer k) {
                    all.add(k.process());
                } else if (c instanceof PrometheusServer p) {
                    all.add(p.process());
                }
            }
        }
        return all;
    }

    /** The tail of every process log, for a failing test's report. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (ManagedProcess p : processes()) {
            out.append("----- ").append(p.name()).append(" [").append(p.state()).append("] ").append(p.log()).append('\n')
                    .append(p.tail(lines)).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running this
        }
    }

    private synchronized void stopAll() {
        if (events != null) {
            events.close();
            events = null;
        }
        if (sender != null) {
            sender.close();
            sender = null;
        }
        if (kube != null) {
            kube.close();
        }
        List<AutoCloseable> reverse;
        synchronized (started) {
            reverse = new ArrayList<>(started);
            started.clear();
        }
        Collections.reverse(reverse);
        // stop the services and the simulator in parallel (each waits up to its grace period), then the rest
        reverse.parallelStream().filter(c -> c instanceof ServiceProcess || c == simulator).forEach(Harness::closeQuietly);
        reverse.stream().filter(c -> !(c instanceof ServiceProcess) && c != simulator).forEach(Harness::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("harness: stopping " + c + " failed: " + e);
        }
    }
}
