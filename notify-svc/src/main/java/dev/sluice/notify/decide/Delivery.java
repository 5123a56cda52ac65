package dev.sluice.notify.decide;

/**
 * One message to send: to {@code recipient} on {@code service}, configured in the ConfigMap of {@code scope}
 * ({@code namespace}: the rollout's own namespace, {@code cluster}: Sluice's), with the body already rendered.
 * {@code key} is the idempotency key: the event's id and the recipient, so one event gives a recipient one message.
 */
public record Delivery(String key, Notice notice, NotifyConfig.Service service, Scope scope, String recipient,
        Message message) {

    public enum Scope { NAMESPACE, CLUSTER }

    public static String key(String eventId, String service, String recipient) {
        return eventId + " " + service + ":" + recipient;
    }

    /** {@code slack:deploys}, for logs, metrics and dead letters (never a URL or a token). */
    public String target() {
        return service.name() + (recipient.isEmpty() ? "" : ":" + recipient);
    }
}
