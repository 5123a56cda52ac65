package dev.sluice.common.messaging;

import dev.sluice.testsupport.OutageProxy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kubernetes API test server (CRUD mode) behind an {@link OutageProxy}: the app under test reaches the cluster
 * only through the proxy (property {@code sluice.test.outage.kubernetes-url}), the test reads the cluster directly.
 * One per JVM: Quarkus loads test classes anew per app start, so the instances are kept in system properties.
 */
public final class ClusterOutage implements QuarkusTestResourceLifecycleManager {
    private static final String KEY = "sluice.test.outage.";

    static synchronized OutageProxy proxy() {
        start0();
        return (OutageProxy) System.getProperties().get(KEY + "proxy");
    }

    /** A client that reaches the cluster without the proxy. */
    static KubernetesClient direct() {
        start0();
        return client((String) System.getProperties().get(KEY + "direct-url"));
    }

    /** A client as a service would have one, through the proxy, with no retries of its own (the intake retries). */
    static KubernetesClient client(String url) {
        Config config = new ConfigBuilder().withMasterUrl(url).withNamespace("outage").withTrustCerts(true)
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(2_000).withRequestTimeout(5_000)
                .withAutoConfigure(false).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static synchronized void start0() {
        if (System.getProperties().get(KEY + "proxy") != null) {
            return;
        }
        KubernetesMockServer server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        try {
            server.init(InetAddress.getLoopbackAddress(), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        OutageProxy proxy = new OutageProxy(server.getHostName(), server.getPort());
        System.getProperties().put(KEY + "server", server);
        System.getProperties().put(KEY + "direct-url", "http://" + server.getHostName() + ":" + server.getPort());
        System.getProperties().put(KEY + "proxy", proxy);
    }

    @Override
    public Map<String, String> start() {
        return Map.of("sluice.test.outage.kubernetes-url", proxy().url("http"));
    }

    @Override
    public void stop() {
        // the "cluster" lives as long as the JVM
    }
}
