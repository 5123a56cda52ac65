package dev.sluice.e2e.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The indexed dispatcher answers exactly as fabric8's own: the same script of creates, reads, lists (namespace,
 * all namespaces, label selectors), label changes, status writes, conflicts and deletes runs against both servers,
 * and every answer is compared.
 */
class IndexedCrudDispatcherTest {
    private static final ResourceDefinitionContext ROLLOUTS = new ResourceDefinitionContext.Builder()
            .withGroup("sluice.dev").withVersion("v1alpha1").withKind("Rollout").withPlural("rollouts").withNamespaced(true)
            .build();

    private KubernetesMockServer plainServer;
    private KubernetesMockServer indexedServer;
    private final IndexedCrudDispatcher indexedDispatcher = new IndexedCrudDispatcher();
    private KubernetesClient plain;
    private KubernetesClient indexed;

    @BeforeEach
    void start() {
        plainServer = server(new KubernetesCrudDispatcher());
        indexedServer = server(indexedDispatcher);
        plain = plainServer.createClient();
        indexed = indexedServer.createClient();
    }

    @AfterEach
    void stop() {
        plain.close();
        indexed.close();
        plainServer.destroy();
        indexedServer.destroy();
    }

    @Test
    void answers_every_read_as_fabric8s_own_dispatcher_does() throws Exception {
        List<String> plainAnswers = script(plain);
        List<String> indexedAnswers = script(indexed);
        assertEquals(plainAnswers.size(), indexedAnswers.size());
        for (int i = 0; i < plainAnswers.size(); i++) {
            assertEquals(plainAnswers.get(i), indexedAnswers.get(i), "answer " + i);
        }
        assertTrue(plainAnswers.size() > 15, "the script reads what it wrote");
    }

    @Test
    void creating_namespaces_and_listing_kinds_never_stored_do_not_scan_the_store() {
        indexed.configMaps().inNamespace("a").resource(configMap("a", "cm", "team", "x")).create();
        long before = indexedDispatcher.fullScans.get();

        for (int i = 0; i < 5; i++) {
            indexed.namespaces().resource(namespace("ns-" + i)).create();
            indexed.pods().inNamespace("ns-" + i).list();
            indexed.policy().v1().podDisruptionBudget().inNamespace("ns-" + i).withLabel("app", "web").list();
        }

        assertEquals(before, indexedDispatcher.fullScans.get());
        assertEquals(5, indexed.namespaces().list().getItems().size());
    }

    @Test
    void only_resource_collections_count_as_lists_not_api_discovery_paths() {
        assertTrue(IndexedCrudDispatcher.isCollectionPath("/api/v1/namespaces"));
        assertTrue(IndexedCrudDispatcher.isCollectionPath("/api/v1/namespaces/a/pods?labelSelector=app%3Dweb"));
        assertTrue(IndexedCrudDispatcher.isCollectionPath("/apis/policy/v1/namespaces/a/poddisruptionbudgets"));
        assertTrue(IndexedCrudDispatcher.isCollectionPath("/apis/networking.istio.io/v1/virtualservices"));
        assertFalse(IndexedCrudDispatcher.isCollectionPath("/api/v1"));
        assertFalse(IndexedCrudDispatcher.isCollectionPath("/apis/networking.istio.io/v1"));
        assertFalse(IndexedCrudDispatcher.isCollectionPath("/apis"));
    }

    @Test
    void requests_are_tallied_by_what_they_did_without_namespace_or_name() {
        assertEquals("PUT rollouts/status",
                IndexedCrudDispatcher.shape("PUT", "/apis/sluice.dev/v1alpha1/namespaces/a/rollouts/web/status"));
        assertEquals("PATCH replicasets", IndexedCrudDispatcher.shape("PATCH", "/apis/apps/v1/namespaces/a/replicasets/web-1"));
        assertEquals("POST events", IndexedCrudDispatcher.shape("POST", "/api/v1/namespaces/a/events"));
        assertEquals("LIST services", IndexedCrudDispatcher.shape("GET", "/api/v1/namespaces/a/services?labelSelector=x"));
        assertEquals("WATCH replicasets", IndexedCrudDispatcher.shape("GET", "/apis/apps/v1/replicasets?watch=true&rv=1"));
        assertEquals("GET namespaces", IndexedCrudDispatcher.shape("GET", "/api/v1/namespaces/a"));
        assertEquals("GET api/v1", IndexedCrudDispatcher.shape("GET", "/api/v1"));

        indexed.configMaps().inNamespace("a").resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .build()).create();
        indexed.configMaps().inNamespace("a").withName("c").get();
        indexed.configMaps().inNamespace("b").withName("c").get();
        String tally = indexed.getHttpClient().sendAsync(indexed.getHttpClient().newHttpRequestBuilder()
                .uri(indexed.getMasterUrl() + IndexedCrudDispatcher.REQUESTS_PATH.substring(1)).build(), String.class)
                .join().body();
        assertTrue(tally.contains("\"GET configmaps\":2") && tally.contains("\"POST configmaps\":1"), tally);
    }

    @Test
    void a_watch_sees_writes_made_through_the_indexes() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var watch = indexed.configMaps().inNamespace("a").watch(new Watcher<ConfigMap>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                seen.add(action + " " + cm.getMetadata().getName() + " " + cm.getData());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            indexed.configMaps().inNamespace("a").resource(configMap("a", "one", "team", "x")).create();
            indexed.configMaps().inNamespace("a").withName("one").edit(cm -> {
                cm.setData(Map.of("k", "v2"));
                return cm;
            });
            indexed.configMaps().inNamespace("a").withName("one").delete();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 3);
        }
        assertEquals(List.of("ADDED one {k=v}", "MODIFIED one {k=v2}", "DELETED one {k=v2}"), seen);
    }

    /** Writes through {@code client} and returns every read's answer with server-chosen fields blanked. */
    private static List<String> script(KubernetesClient client) throws Exception {
        List<String> answers = new ArrayList<>();
        try (FileInputStream crd = new FileInputStream(crdFile().toFile())) {
            for (HasMetadata definition : client.load(crd).items()) {
                client.resource(definition).create();
            }
        }
        for (String ns : List.of("a", "b")) {
            for (int i = 0; i < 4; i++) {
                client.configMaps().inNamespace(ns).resource(configMap(ns, "cm-" + i, "team", i % 2 == 0 ? "even" : "odd"))
                        .create();
            }
        }
        answers.add(show(client.configMaps().inNamespace("a").withName("cm-1").get()));
        answers.add(show(client.configMaps().inNamespace("a").withName("missing").get()));
        answers.add(show(client.configMaps().inNamespace("c").withName("cm-1").get()));
        answers.add(names(client.configMaps().inNamespace("a").list().getItems()));
        answers.add(names(client.configMaps().inAnyNamespace().list().getItems()));
        answers.add(names(client.configMaps().inNamespace("b").withLabel("team", "odd").list().getItems()));
        answers.add(names(client.configMaps().inAnyNamespace().withLabel("team").list().getItems()));
        answers.add(names(client.configMaps().inNamespace("c").list().getItems()));

        client.configMaps().inNamespace("a").withName("cm-1").edit(cm -> {
            cm.getMetadata().getLabels().put("team", "even");
            return cm;
        });
        answers.add(names(client.configMaps().inNamespace("a").withLabel("team", "even").list().getItems()));
        answers.add(names(client.configMaps().inNamespace("a").withLabel("team", "odd").list().getItems()));
        answers.add(show(client.configMaps().inNamespace("a").withName("cm-1").get()));

        ConfigMap stale = client.configMaps().inNamespace("a").withName("cm-2").get();
        client.configMaps().inNamespace("a").withName("cm-2").edit(cm -> {
            cm.setData(Map.of("k", "newer"));
            return cm;
        });
        stale.setData(Map.of("k", "stale"));
        answers.add(outcome(() -> client.configMaps().inNamespace("a").resource(stale).update()));
        answers.add(outcome(() -> client.configMaps().inNamespace("a").resource(configMap("a", "cm-3", "team", "x")).create()));
        answers.add(show(client.configMaps().inNamespace("a").withName("cm-2").get()));

        var rollouts = client.genericKubernetesResources(ROLLOUTS).inNamespace("a");
        GenericKubernetesResource rollout = new GenericKubernetesResource();
        rollout.setApiVersion("sluice.dev/v1alpha1");
        rollout.setKind("Rollout");
        rollout.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("web").withNamespace("a").build());
        rollout.setAdditionalProperty("spec", Map.of("replicas", 3));
        rollouts.resource(rollout).create();
        GenericKubernetesResource current = rollouts.withName("web").get();
        current.setAdditionalProperty("status", Map.of("phase", "Progressing"));
        rollouts.resource(current).updateStatus();
        answers.add(show(rollouts.withName("web").get()));
        answers.add(names(client.genericKubernetesResources(ROLLOUTS).inAnyNamespace().list().getItems()));

        client.configMaps().inNamespace("b").withName("cm-0").delete();
        rollouts.withName("web").delete();
        answers.add(show(client.configMaps().inNamespace("b").withName("cm-0").get()));
        answers.add(names(client.configMaps().inNamespace("b").list().getItems()));
        answers.add(show(rollouts.withName("web").get()));
        answers.add(names(client.genericKubernetesResources(ROLLOUTS).inAnyNamespace().list().getItems()));

        ConfigMap recreated = client.configMaps().inNamespace("b").resource(configMap("b", "cm-0", "team", "again")).create();
        answers.add(show(recreated));
        answers.add(names(client.configMaps().inNamespace("b").withLabel("team", "again").list().getItems()));

        // cluster-scoped objects next to namespaced ones, and kinds nothing was stored of
        client.namespaces().resource(namespace("a")).create();
        answers.add(outcome(() -> client.namespaces().resource(namespace("a")).create()));
        answers.add(show(client.namespaces().withName("a").get()));
        answers.add(show(client.namespaces().withName("missing").get()));
        answers.add(names(client.namespaces().list().getItems()));
        answers.add(names(client.pods().inNamespace("a").list().getItems()));
        answers.add(names(client.pods().inAnyNamespace().withLabel("app", "web").list().getItems()));
        answers.add(show(client.pods().inNamespace("a").withName("p").get()));
        answers.add(names(client.policy().v1().podDisruptionBudget().inNamespace("a").list().getItems()));
        return answers;
    }

    private static io.fabric8.kubernetes.api.model.Namespace namespace(String name) {
        return new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    private static ConfigMap configMap(String ns, String name, String label, String value) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels(label, value).endMetadata()
                .withData(Map.of("k", "v")).build();
    }

    private static String show(HasMetadata object) {
        if (object == null) {
            return "absent";
        }
        var json = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().convertValue(object, TreeMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = new TreeMap<>((Map<String, Object>) json.get("metadata"));
        assertNotEquals(null, metadata.remove("uid"));
        metadata.remove("creationTimestamp");
        json.put("metadata", metadata);
        return json.toString();
    }

    private static String names(List<? extends HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getNamespace() + "/" + i.getMetadata().getName()).sorted().toList()
                .toString();
    }

    private static String outcome(Runnable write) {
        try {
            write.run();
            return "written";
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return "refused " + e.getCode();
        }
    }

    private static KubernetesMockServer server(KubernetesCrudDispatcher dispatcher) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher,
                false);
        server.init();
        return server;
    }

    private static Path crdFile() {
        return Layout.detect().crds().resolve("rollouts.sluice.dev.yaml");
    }
}
