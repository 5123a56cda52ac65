package dev.sluice.e2e.notify;

import dev.sluice.e2e.harness.Harness;
import dev.sluice.e2e.harness.Layout;
import dev.sluice.e2e.harness.ServiceProcess;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * notify-svc beside a running {@link Harness}, as its own process from its packaged jar, with the notifications
 * ConfigMap and Secret in {@value #NAMESPACE} (the cluster defaults) pointing Slack at a {@link FakeSlack}. Started
 * on its own so the harness and the scenarios that do not notify stay as they are; close it when done.
 */
public final class NotifyService implements AutoCloseable {
    public static final String NAMESPACE = "sluice-system";
    public static final String DASHBOARD = "http://sluice.example.com";
    private final ServiceProcess process;

    private NotifyService(ServiceProcess process) {
        this.process = process;
    }

    /** Writes the notifications ConfigMap (Slack with a bot token, plus {@code extraData}) and Secret, then starts notify-svc. */
    public static NotifyService start(Harness harness, FakeSlack slack, Map<String, String> extraData) {
        var kube = harness.kube();
        if (kube.namespaces().withName(NAMESPACE).get() == null) {
            kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        }
        Map<String, String> data = new java.util.LinkedHashMap<>(extraData);
        data.put("service.slack", "token: $slack-token\napiUrl: " + slack.api());
        kube.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName("sluice-notifications")
                .endMetadata().withData(data).build()).createOr(r -> r.update());
        kube.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("sluice-notifications")
                .endMetadata().withStringData(Map.of("slack-token", slack.token())).build()).createOr(r -> r.update());
        ServiceProcess p = ServiceProcess.launch(Layout.detect(), harness.logDir(), "notify-svc", "notify",
                harness.bootstrapServers(), harness.apiServer().toString(),
                Map.of("sluice.notify.namespace", NAMESPACE, "sluice.notify.dashboard-url", DASHBOARD));
        NotifyService service = new NotifyService(p);
        try {
            p.awaitReady(Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    public ServiceProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
