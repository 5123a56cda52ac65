package dev.sluice.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.e2e.harness.ParentWatch;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Does what a cluster would, against the Kubernetes API test server:
 * <ul>
 * <li>kubelet + the ReplicaSet controller: every ReplicaSet's status gets replicas / readyReplicas /
 * availableReplicas = spec.replicas (its pods "become ready");</li>
 * <li>the mesh / ingress: for every VirtualService, HTTPRoute or NGINX canary Ingress that splits between a
 * known stable and canary Service, a steady stream of real HTTP requests goes to the two demo apps in the
 * proportion the object currently says;</li>
 * <li>the Job controller, kubelet and garbage collector for Jobs: a Job's busybox, alpine or curl container runs
 * on this host and its exit code completes or fails the Job ({@link JobSimulator}).</li>
 * </ul>
 * Usage: {@code ClusterSimulatorMain <apiServerUrl> <requestsPerSecond> <stableSvc>=<url> <canarySvc>=<url> ...}
 * (pairs of stable and canary Service with the address of the app behind each).
 */
public final class ClusterSimulatorMain {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ResourceDefinitionContext VIRTUAL_SERVICES = context("networking.istio.io", "v1", "VirtualService", "virtualservices");
    private static final ResourceDefinitionContext HTTP_ROUTES = context("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes");
    private static final ResourceDefinitionContext INGRESSES = context("networking.k8s.io", "v1", "Ingress", "ingresses");
    /** How long a request of the mesh may take; a round of them waits at most this long (and a little more). */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final List<ServicePair> pairs;
    private final Map<String, URI> endpoints;
    private final Map<String, Split> splits = new ConcurrentHashMap<>();
    private final Map<String, WeightedPicker> pickers = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ROUND_TIMEOUT).build();
    private SharedIndexInformer<GenericKubernetesResource> ingressInformer;
    private long failedRequests; // the ticker thread's alone
    private long failuresReportedAt = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);

    /** Carries the route object's namespace to the app, which labels its request counter with it. */
    public static final String NAMESPACE_HEADER = "X-Sluice-Namespace";

    private ClusterSimulatorMain(KubernetesClient client, List<ServicePair> pairs, Map<String, URI> endpoints) {
        this.client = client;
        this.pairs = pairs;
        this.endpoints = endpoints;
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.exitWhenParentDies();
        String apiServer = args[0];
        int rps = Integer.parseInt(args[1]);
        List<ServicePair> pairs = new ArrayList<>();
        Map<String, URI> endpoints = new HashMap<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            String[] stable = args[i].split("=", 2);
            String[] canary = args[i + 1].split("=", 2);
            pairs.add(new ServicePair(stable[0], canary[0]));
            endpoints.put(stable[0], URI.create(stable[1]));
            endpoints.put(canary[0], URI.create(canary[1]));
        }
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer).withTrustCerts(true)
                .withRequestTimeout(10_000).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        ClusterSimulatorMain simulator = new ClusterSimulatorMain(client, pairs, endpoints);
        simulator.start(rps);
        System.out.println("cluster simulator running against " + apiServer + ": ReplicaSets become ready; mesh sends "
                + rps + " requests/s per route over " + pairs);
        new CountDownLatch(1).await();
    }

    private void start(int rps) {
        client.apps().replicaSets().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                makeReady(rs);
            }

            @Override
            public void onUpdate(ReplicaSet old, ReplicaSet rs) {
                makeReady(rs);
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean unknownFinalState) {
            }
        }, 30_000);
        client.genericKubernetesResources(VIRTUAL_SERVICES).inAnyNamespace()
                .inform(routeHandler(o -> RouteSplits.virtualService(o, pairs).map(List::of).orElse(List.of())), 30_000);
        client.genericKubernetesResources(HTTP_ROUTES).inAnyNamespace()
                .inform(routeHandler(o -> RouteSplits.httpRoute(o, pairs).map(List::of).orElse(List.of())), 30_000);
        ingressInformer = client.genericKubernetesResources(INGRESSES).inAnyNamespace()
                .inform(routeHandler(o -> nginxSplits()), 30_000);
        JobSimulator.start(client, endpoints);

        if (rps <= 0) {
            return; // no mesh traffic (the benchmark: only ReplicaSets matter)
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(this::sendOneRequestPerRoute, 0, Math.max(1, 1000 / rps), TimeUnit.MILLISECONDS);
    }

    /** Pods of the ReplicaSet become ready and available: status follows spec.replicas. */
    private void makeReady(ReplicaSet rs) {
        int desired = rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        var status = rs.getStatus();
        Long generation = rs.getMetadata().getGeneration();
        if (status != null && Objects.equals(status.getReplicas(), desired) && Objects.equals(status.getReadyReplicas(), desired)
                && Objects.equals(status.getAvailableReplicas(), desired)
                && (generation == null || Objects.equals(status.getObservedGeneration(), generation))) {
            return;
        }
        String patch = "{\"status\":{\"replicas\":" + desired + ",\"readyReplicas\":" + desired + ",\"availableReplicas\":"
                + desired + ",\"fullyLabeledReplicas\":" + desired
                + (generation == null ? "" : ",\"observedGeneration\":" + generation) + "}}";
        try {
            // addressed by an item, not withName(..): fabric8 would GET the ReplicaSet before every patch
            client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(new ReplicaSetBuilder()
                    .withNewMetadata().withNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
                    .endMetadata().build()).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            System.out.println("ReplicaSet " + rs.getMetadata().getNamespace() + "/" + rs.getMetadata().getName()
                    + ": " + desired + " pods ready");
        } catch (RuntimeException e) {
            System.out.println("ReplicaSet " + rs.getMetadata().getName() + ": status update failed, will retry on resync: " + e);
        }
    }

    private interface SplitReader {
        List<Split> read(JsonNode object);
    }

    private ResourceEventHandler<GenericKubernetesResource> routeHandler(SplitReader reader) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource o) {
                update(o, reader);
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource o) {
                update(o, reader);
            }

            @Override
            public void onDelete(GenericKubernetesResource o, boolean unknownFinalState) {
                String suffix = " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
                splits.keySet().removeIf(k -> k.endsWith(suffix) && k.startsWith(o.getKind()));
                if ("Ingress".equals(o.getKind())) {
                    update(o, reader);
                }
            }
        };
    }

    private synchronized void update(GenericKubernetesResource o, SplitReader reader) {
        for (Split split : reader.read(MAPPER.valueToTree(o))) {
            Split before = splits.put(split.route(), split);
            if (before == null || before.canaryPercent() != split.canaryPercent()) {
                System.out.println("mesh: " + split.route() + " sends " + split.canaryPercent() + "% to "
                        + split.canaryService() + ", " + (100 - split.canaryPercent()) + "% to " + split.stableService());
            }
        }
    }

    private List<Split> nginxSplits() {
        if (ingressInformer == null) {
            return List.of();
        }
        List<JsonNode> all = ingressInformer.getStore().list().stream().map(i -> (JsonNode) MAPPER.valueToTree(i)).toList();
        return RouteSplits.nginx(all, pairs);
    }

    /**
     * One round: a request per route, all in flight together; the round ends when every answer is in (or after
     * {@link #ROUND_TIMEOUT}), and rounds never overlap. Under load the mesh slows down instead of piling up requests:
     * sent without waiting, the requests in flight grew until this 128 MB process ran out of heap (300+ HTTP client
     * threads, the "Java heap space" errors in its log; ReplicaSets then stopped becoming ready and ProgressionIT timed
     * out) with a benchmark running alongside the suite.
     */
    private void sendOneRequestPerRoute() {
        List<CompletableFuture<HttpResponse<Void>>> inFlight = new ArrayList<>();
        try {
            sendRound(inFlight);
        } catch (RuntimeException e) { // a scheduled task that throws is never run again: the mesh would stop for good
            reportFailures(inFlight, e);
        }
    }

    private void sendRound(List<CompletableFuture<HttpResponse<Void>>> inFlight) {
        for (Split split : splits.values()) {
            boolean canary = pickers.computeIfAbsent(split.route(), r -> new WeightedPicker()).nextIsCanary(split.canaryPercent());
            URI target = endpoints.get(canary ? split.canaryService() : split.stableService());
            // the namespace of the route object, as a mesh labels requests by destination namespace
            String route = split.route();
            String namespace = route.substring(route.indexOf(' ') + 1, Math.max(route.indexOf(' ') + 1, route.indexOf('/')));
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(target).timeout(ROUND_TIMEOUT).header(NAMESPACE_HEADER, namespace)
                    .GET().build(), HttpResponse.BodyHandlers.discarding()));
        }
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(ROUND_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            reportFailures(inFlight, e);
        }
    }

    private void reportFailures(List<CompletableFuture<HttpResponse<Void>>> inFlight, Exception e) {
        failedRequests += inFlight.stream().filter(f -> !f.isDone() || f.isCompletedExceptionally()).count();
        if (System.nanoTime() - failuresReportedAt > TimeUnit.SECONDS.toNanos(10)) { // at most one line per 10 s
            System.out.println("mesh: " + failedRequests + " requests failed or timed out so far; the last: " + e);
            failuresReportedAt = System.nanoTime();
        }
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
