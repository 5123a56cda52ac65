package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.rollout.CanaryStrategy;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.api.rollout.TrafficRoutingSpec;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.Decoded;
import dev.sluice.events.EventCodec;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutCommand;
import dev.sluice.events.RolloutStepEvent;
import dev.sluice.events.SluiceEvent;
import dev.sluice.events.Topics;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.events.TrafficShifted;
import dev.sluice.testsupport.EventBus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Given/When/Then helpers for controller scenarios against the Kubernetes test server and the real broker. It
 * plays the parts the test server and other services would: a "kubelet" that makes every ReplicaSet's pods ready,
 * and traffic-svc / analysis-svc answers published by the test.
 */
public final class RolloutFixture implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(45);

    public final KubernetesClient client;
    public final String namespace;
    public final EventBus bus = EventBus.shared();
    private final ConsumerTask<String, byte[]> steps = bus.watch(Topics.STEPS);
    private final ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor();

    public RolloutFixture(KubernetesClient client) {
        this(client, "t-" + UUID.randomUUID().toString().substring(0, 8));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }

    /** Works in an existing namespace (the restart scenario's second app run). */
    public RolloutFixture(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        kubelet.scheduleWithFixedDelay(this::makePodsReady, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** What a kubelet and ReplicaSet controller would do: every ReplicaSet's pods become ready and available. */
    private void makePodsReady() {
        try {
            for (ReplicaSet rs : client.apps().replicaSets().inNamespace(namespace).list().getItems()) {
                int want = rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
                var status = rs.getStatus();
                if (status == null || status.getAvailableReplicas() == null || status.getAvailableReplicas() != want
                        || status.getReplicas() == null || status.getReplicas() != want) {
                    rs.setStatus(new ReplicaSetStatusBuilder().withReplicas(want).withReadyReplicas(want)
                            .withAvailableReplicas(want).withObservedGeneration(rs.getMetadata().getGeneration()).build());
                    client.apps().replicaSets().inNamespace(namespace).resource(rs).updateStatus();
                }
            }
        } catch (RuntimeException e) {
            // a conflicting write from the controller: the next tick sees the new object
        }
    }

    public void services(String... names) {
        for (String name : names) {
            client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build()).create();
        }
    }

    /** A canary Rollout of {@code web} with 4 replicas and the given steps, routed by Istio. */
    public static Rollout rollout(String name, String image, List<CanaryStrategy.CanaryStep> steps) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName(name).build());
        RolloutSpec spec = new RolloutSpec();
        spec.replicas = 4;
        spec.selector = new LabelSelectorBuilder().addToMatchLabels("app", "web").build();
        spec.template = template(image);
        spec.strategy = new RolloutSpec.Strategy();
        CanaryStrategy c = new CanaryStrategy();
        c.stableService = "web-stable";
        c.canaryService = "web-canary";
        c.steps = steps;
        c.scaleDownDelaySeconds = 0;
        c.abortScaleDownDelaySeconds = 1; // Argo: 0 would keep an aborted canary up
        c.trafficRouting = new TrafficRoutingSpec();
        c.trafficRouting.istio = new TrafficRoutingSpec.Istio();
        c.trafficRouting.istio.virtualService = new TrafficRoutingSpec.VirtualService();
        c.trafficRouting.istio.virtualService.name = "web-vs";
        c.trafficRouting.istio.virtualService.routes = List.of("primary");
        spec.strategy.canary = c;
        r.setSpec(spec);
        return r;
    }

    public static io.fabric8.kubernetes.api.model.PodTemplateSpec template(String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage(image).endContainer().endSpec().build();
    }

    public static CanaryStrategy.CanaryStep weight(int w) {
        CanaryStrategy.CanaryStep s = new CanaryStrategy.CanaryStep();
        s.setWeight = w;
        return s;
    }

    public static CanaryStrategy.CanaryStep pause(String duration) {
        CanaryStrategy.CanaryStep s = new CanaryStrategy.CanaryStep();
        s.pause = new CanaryStrategy.Pause();
        s.pause.duration = duration == null ? null : new IntOrString(duration);
        return s;
    }

    public static CanaryStrategy.CanaryStep analysis(String template) {
        CanaryStrategy.CanaryStep s = new CanaryStrategy.CanaryStep();
        s.analysis = new CanaryStrategy.RolloutAnalysis();
        CanaryStrategy.TemplateRef ref = new CanaryStrategy.TemplateRef();
        ref.templateName = template;
        s.analysis.templates = List.of(ref);
        CanaryStrategy.AnalysisArg arg = new CanaryStrategy.AnalysisArg();
        arg.name = "service";
        arg.value = "web-canary";
        s.analysis.args = List.of(arg);
        return s;
    }

    public Rollout create(Rollout r) {
        r.getMetadata().setNamespace(namespace);
        return client.resources(Rollout.class).inNamespace(namespace).resource(r).create();
    }

    public Rollout get(String name) {
        return client.resources(Rollout.class).inNamespace(namespace).withName(name).get();
    }

    /** Changes the pod template: a new revision. */
    public void setImage(String name, String image) {
        client.resources(Rollout.class).inNamespace(namespace).withName(name).edit(r -> {
            r.getSpec().template = template(image);
            return r;
        });
    }

    /** Services, a rollout whose first revision turns Healthy, then (if asked) a new image: a new revision. */
    public void healthyThenNewRevision(String name, List<CanaryStrategy.CanaryStep> steps, boolean newImage) {
        if (client.services().inNamespace(namespace).withName("web-stable").get() == null) {
            services("web-stable", "web-canary");
        }
        create(rollout(name, "web:1", steps));
        awaitPhase(name, "Healthy");
        if (newImage) {
            setImage(name, "web:2");
        }
    }

    public void healthyThenNewRevision(String name, List<CanaryStrategy.CanaryStep> steps) {
        healthyThenNewRevision(name, steps, true);
    }

    public String id(String name) {
        return namespace + "/" + name;
    }

    public Rollout awaitPhase(String name, String phase) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(get(name).getStatus()).isNotNull()
                .satisfies(s -> assertThat(s.phase).as("phase; message: %s", s.message).isEqualTo(dev.sluice.api.rollout.RolloutPhase.of(phase))));
        return get(name);
    }

    /** Every step event emitted for the rollout so far, in order. */
    public List<RolloutStepEvent> events(String name) {
        return events(name, RolloutStepEvent.class);
    }

    /** Every event of {@code type} on the steps topic for the rollout so far, in order. */
    public <T extends SluiceEvent> List<T> events(String name, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : steps.getRecords()) {
            if (!id(name).equals(r.key())) {
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
            if (EventCodec.decode(headers, r.value()) instanceof Decoded.Event e && type.isInstance(e.data())) {
                out.add(type.cast(e.data()));
            }
        }
        return out;
    }

    /** Waits for the request to shift to {@code weight}, then answers as traffic-svc does. */
    public TrafficShiftRequested acknowledgeShift(String name, int weight) {
        TrafficShiftRequested request = awaitShift(name, weight);
        bus.publish(new TrafficShifted(request.rolloutId(), request.rolloutUid(), request.revision(), request.stepIndex(),
                request.sequence(), Instant.now(), weight, List.of()));
        return request;
    }

    /** Answers the latest request for {@code weight} as traffic-svc does when a route object is wrong. */
    public TrafficShiftRequested failShift(String name, int weight, String reason) {
        TrafficShiftRequested request = awaitShift(name, weight);
        bus.publish(new dev.sluice.events.TrafficShiftFailed(request.rolloutId(), request.rolloutUid(), request.revision(),
                request.stepIndex(), request.sequence(), Instant.now(), weight, "istio", "VirtualService " + namespace + "/web-vs",
                reason, true));
        return request;
    }

    public TrafficShiftRequested awaitShift(String name, int weight) {
        return await().atMost(WAIT).until(() -> events(name, TrafficShiftRequested.class).stream()
                .filter(r -> r.canaryWeight() == weight).reduce((a, b) -> b).orElse(null), r -> r != null);
    }

    public AnalysisRequested awaitAnalysis(String name) {
        return await().atMost(WAIT).until(() -> events(name, AnalysisRequested.class).stream().reduce((a, b) -> b).orElse(null),
                r -> r != null);
    }

    /** Answers an analysis request as analysis-svc does. */
    public void verdict(AnalysisRequested request, AnalysisPhase phase, String metric, String value) {
        bus.publish(new AnalysisCompleted(request.rolloutId(), request.rolloutUid(), request.revision(), request.runName(),
                request.sequence(), phase, metric, value, phase == AnalysisPhase.Successful ? "all metrics passed"
                        : metric + " did not meet its success condition", Instant.now()));
    }

    public void command(String name, EventType type) {
        bus.publish(type, new RolloutCommand(id(name), null, "test", "scenario", Instant.now()));
    }

    @Override
    public void close() {
        kubelet.shutdownNow();
        steps.stop();
        bus.close();
    }
}
