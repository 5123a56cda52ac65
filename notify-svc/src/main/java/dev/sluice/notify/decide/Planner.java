package dev.sluice.notify.decide;

import dev.sluice.events.SluiceEvent;
import dev.sluice.notify.render.Renderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decision for one event: which triggers it fires, who is subscribed (the Rollout's annotations, then the
 * namespace's ConfigMap, then the cluster's), and what each recipient gets. Pure: values in, a {@link Plan} out.
 *
 * <p>A recipient gets at most one message per event: when an event fires two triggers (an abort by the progress
 * deadline fires {@code on-rollout-aborted} and {@code on-rollout-progress-deadline-exceeded}), the first trigger
 * in {@link Triggers#of} order wins. A service is looked up in the namespace's ConfigMap first, then the cluster's,
 * so a team can bring its own Slack token; a template of the namespace overrides the cluster's of the same key,
 * and the built-in defaults come last.
 */
public final class Planner {
    private Planner() {
    }

    public record Input(String eventId, SluiceEvent event, Map<String, String> annotations, List<String> images,
            NotifyConfig namespace, NotifyConfig cluster, String dashboardBase) {
    }

    public static Plan plan(Input in) {
        List<String> problems = new ArrayList<>();
        List<Trigger> fired = Triggers.of(in.event());
        if (fired.isEmpty()) {
            return new Plan(List.of(), List.of());
        }
        List<Subscription> subscriptions = new ArrayList<>(Subscription.fromAnnotations(in.annotations(), problems));
        subscriptions.addAll(in.namespace().subscriptions());
        subscriptions.addAll(in.cluster().subscriptions());
        Map<String, Delivery> byKey = new LinkedHashMap<>();
        for (Trigger trigger : fired) {
            Notice notice = Triggers.notice(in.eventId(), trigger, in.event(), in.images(), in.dashboardBase());
            for (Subscription s : subscriptions) {
                if (s.trigger() != trigger) {
                    continue;
                }
                String key = Delivery.key(in.eventId(), s.service(), s.recipient());
                if (byKey.containsKey(key)) {
                    continue;
                }
                NotifyConfig.Service service = in.namespace().services().get(s.service());
                Delivery.Scope scope = Delivery.Scope.NAMESPACE;
                if (service == null) {
                    service = in.cluster().services().get(s.service());
                    scope = Delivery.Scope.CLUSTER;
                }
                if (service == null) {
                    problems.add(notice.rolloutId() + ": " + trigger.key() + " is subscribed on service '" + s.service()
                            + "', which neither the namespace's nor the cluster's ConfigMap configures");
                    continue;
                }
                try {
                    Message message = Renderer.render(notice, service, s.recipient(), templates(in));
                    byKey.put(key, new Delivery(key, notice, service, scope, s.recipient(), message));
                } catch (IllegalArgumentException e) {
                    problems.add(notice.rolloutId() + ": no message for " + s.service() + ":" + s.recipient() + ", "
                            + e.getMessage());
                }
            }
        }
        return new Plan(List.copyOf(byKey.values()), List.copyOf(problems));
    }

    /** The cluster's templates, each overridden by the namespace's of the same key. */
    private static Map<String, String> templates(Input in) {
        Map<String, String> t = new LinkedHashMap<>(in.cluster().templates());
        t.putAll(in.namespace().templates());
        return t;
    }
}
