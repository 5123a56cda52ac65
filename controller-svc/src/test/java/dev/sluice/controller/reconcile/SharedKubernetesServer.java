package dev.sluice.controller.reconcile;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes test server (CRUD mode) that outlives app restarts within the test JVM, like a real cluster
 * outlives a controller restart. Used by the restart scenario; other tests use {@code @WithKubernetesTestServer}.
 */
public final class SharedKubernetesServer implements QuarkusTestResourceLifecycleManager {
    /** Quarkus loads test classes anew per app start: the running server's URL is kept JVM-wide. */
    private static final String URL_PROPERTY = "sluice.test.kubernetes.shared.url";

    static synchronized String url() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            KubernetesServer server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
            server.before();
            url = server.getClient().getConfiguration().getMasterUrl();
            System.getProperties().put(URL_PROPERTY + ".server", server);
            System.setProperty(URL_PROPERTY, url);
        }
        return url;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = Map.of(
                "kubernetes.master", url(),
                "kubernetes.trust.certificates", "true",
                "kubernetes.auth.tryKubeConfig", "false",
                "kubernetes.auth.tryServiceAccount", "false",
                "kubernetes.namespace", "test",
                "http2.disable", "true");
        config.forEach(System::setProperty);
        return config;
    }

    @Override
    public void stop() {
        // the "cluster" stays up across app restarts; it ends with the JVM
    }
}
