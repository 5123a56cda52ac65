package dev.sluice.notify.decide;

import java.time.Instant;
import java.util.List;

/**
 * What one event says, in the words a message uses: the facts every template may name. Fields the event does not
 * carry are null (or empty); {@code images} come from the Rollout's pod template, read when the event arrived.
 *
 * @param eventId the CloudEvents id of the event (the idempotency key, with the recipient)
 * @param step the step as a person reads it ({@code setWeight: 20}), when the event names it
 * @param weight the canary weight in percent, when the event names it
 * @param metric the metric that decided an analysis or abort
 * @param value the measured value of that metric
 * @param reason the controller's, analysis' or router's own sentence
 */
public record Notice(String eventId, Trigger trigger, String namespace, String name, String revision,
        List<String> images, Integer stepIndex, String step, Integer weight, String metric, String value,
        String reason, String phase, String dashboardUrl, Instant time) {

    public String rolloutId() {
        return namespace + "/" + name;
    }

    /** The one-line default headline: "shop/checkout aborted". */
    public String headline() {
        return rolloutId() + " " + trigger.what();
    }
}
