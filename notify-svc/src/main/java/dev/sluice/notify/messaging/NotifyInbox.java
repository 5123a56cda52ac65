package dev.sluice.notify.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.common.messaging.EventIntake;
import dev.sluice.common.messaging.InboundEvent;
import dev.sluice.events.EventType;
import dev.sluice.notify.decide.Delivery;
import dev.sluice.notify.decide.NotifyConfig;
import dev.sluice.notify.decide.Plan;
import dev.sluice.notify.decide.Planner;
import dev.sluice.notify.decide.Triggers;
import dev.sluice.notify.delivery.Deliverer;
import dev.sluice.notify.delivery.KafkaSentLedger;
import dev.sluice.notify.kubernetes.ClusterView;
import dev.sluice.notify.service.Secrets;
import dev.sluice.notify.service.ServiceApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * notify-svc's Kafka input: the events people want to hear about, from {@code sluice.rollout.steps},
 * {@code sluice.analysis.verdicts} and {@code sluice.traffic.status} (one channel, group {@code sluice-notify});
 * every other type is acked unread. Per event: read the Rollout and the ConfigMaps, let the {@link Planner} decide,
 * hand the deliveries to the {@link Deliverer}; the record is acked when all of them settled.
 */
@ApplicationScoped
public class NotifyInbox {
    private static final Logger LOG = Logger.getLogger(NotifyInbox.class);
    static final Set<EventType> WANTED = Set.of(EventType.REVISION_DETECTED, EventType.STEP_STARTED,
            EventType.ROLLOUT_PAUSED, EventType.ROLLOUT_PROMOTED, EventType.ROLLOUT_ABORTED, EventType.ROLLOUT_COMPLETED,
            EventType.ANALYSIS_COMPLETED, EventType.TRAFFIC_SHIFT_FAILED, EventType.ZERO_DOWNTIME_FINDINGS);

    @Inject
    EventIntake intake;

    @Inject
    ClusterView cluster;

    @Inject
    Deliverer deliverer;

    @Inject
    KafkaSentLedger ledger;

    @ConfigProperty(name = "sluice.notify.dashboard-url")
    Optional<String> dashboardUrl;

    @Incoming("notify-events")
    public CompletionStage<Void> onEvent(Message<byte[]> message) {
        return intake.acceptInLanes("notify-events", message, WANTED, this::handle);
    }

    CompletionStage<Void> handle(InboundEvent event) {
        if (Triggers.of(event.data()).isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // a redelivery must find the marks of messages sent before this replica started
        ledger.whenCaughtUp().toCompletableFuture().join();
        String[] id = event.rolloutId().split("/", 2);
        String namespace = id[0];
        ClusterView.RolloutView rollout = cluster.rollout(namespace, id.length > 1 ? id[1] : id[0]);
        NotifyConfig own = cluster.config(namespace);
        NotifyConfig global = namespace.equals(cluster.clusterNamespace()) ? NotifyConfig.EMPTY : cluster.config(cluster.clusterNamespace());
        own.problems().forEach(p -> LOG.warn(p));
        global.problems().forEach(p -> LOG.warn(p));
        Plan plan = Planner.plan(new Planner.Input(event.envelope().id(), event.data(), rollout.annotations(), rollout.images(),
                own, global, dashboardUrl.orElse(null)));
        plan.problems().forEach(p -> LOG.warnf("%s (event %s)", p, event.envelope().id()));
        if (plan.deliveries().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<Delivery.Scope, Map<String, String>> secrets = new HashMap<>();
        return deliverer.deliverAll(event, plan.deliveries(), d -> {
            String ns = d.scope() == Delivery.Scope.NAMESPACE ? namespace : cluster.clusterNamespace();
            Map<String, String> secret = secrets.computeIfAbsent(d.scope(), s -> cluster.secret(ns));
            try {
                JsonNode settings = Secrets.resolve(d.service().settings(), secret, ns + "/" + cluster.secretName());
                return new Deliverer.Resolved(settings, null);
            } catch (ServiceApi.ConfigProblem e) {
                return new Deliverer.Resolved(null, e.getMessage());
            }
        });
    }
}
