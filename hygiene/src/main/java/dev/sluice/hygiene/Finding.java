package dev.sluice.hygiene;

/**
 * One rule a workload breaks: the rule, its severity, the object and field it is about, and a one-line message.
 * The why and the fix are the rule's ({@link Rules#byId}).
 */
public record Finding(String rule, Severity severity, String file, String object, String field, String message) {

    /** {@code Deployment shop/web spec.replicas: 1 replica ...} */
    public String line() {
        return object + " " + field + ": " + message;
    }

    @Override
    public String toString() {
        return severity.label() + " " + rule + " " + line();
    }
}
