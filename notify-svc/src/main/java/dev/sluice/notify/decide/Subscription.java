package dev.sluice.notify.decide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One recipient subscribed to one trigger on one service; {@code recipient} is empty for a webhook. */
public record Subscription(Trigger trigger, String service, String recipient) {
    /** {@code notifications.sluice.dev/subscribe.<trigger>.<service>: <recipient;recipient>} (Argo's annotation, our group). */
    public static final String PREFIX = "notifications.sluice.dev/subscribe.";

    /** Annotations on one Rollout, read; an unknown trigger is named in {@code problems} and skipped. */
    public static List<Subscription> fromAnnotations(Map<String, String> annotations, List<String> problems) {
        List<Subscription> out = new ArrayList<>();
        if (annotations == null) {
            return out;
        }
        new java.util.TreeMap<>(annotations).forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) {
                return;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                problems.add("annotation " + key + ": expected " + PREFIX + "<trigger>.<service>");
                return;
            }
            String triggerKey = rest.substring(0, dot);
            String service = rest.substring(dot + 1);
            var trigger = Trigger.byKey(triggerKey);
            if (trigger.isEmpty()) {
                problems.add("annotation " + key + ": unknown trigger '" + triggerKey + "'");
                return;
            }
            List<String> recipients = value == null ? List.of() : java.util.Arrays.stream(value.split("[;,]"))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (recipients.isEmpty()) {
                out.add(new Subscription(trigger.get(), service, ""));
            }
            recipients.forEach(r -> out.add(new Subscription(trigger.get(), service, r)));
        });
        return out;
    }
}
