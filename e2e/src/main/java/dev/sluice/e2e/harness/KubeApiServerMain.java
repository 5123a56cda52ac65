package dev.sluice.e2e.harness;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The Kubernetes API test server in CRUD mode, served over plain HTTP on {@code 127.0.0.1:<port>}: the one
 * simulated part of the end-to-end suite (no cluster can run here). fabric8's CRUD dispatcher with indexed reads
 * ({@link IndexedCrudDispatcher}), so that a thousand rollouts measure Sluice rather than the simulator. Usage: {@code KubeApiServerMain <port>}.
 */
public final class KubeApiServerMain {
    /** Held so the level sticks: the server logs every request at INFO, which fills the log on long runs. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private KubeApiServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.exitWhenParentDies();
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        int port = Integer.parseInt(args[0]);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new IndexedCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
        System.out.println("Kubernetes API test server (CRUD) listening on http://127.0.0.1:" + port);
        new CountDownLatch(1).await();
    }
}
