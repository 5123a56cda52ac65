package dev.sluice.hygiene;

import java.util.Comparator;

/**
 * One rule a workload breaks: the rule, its severity, the object and field it is about, and a one-line message.
 * The why and the fix are the rule's ({@link Rules#byId}).
 */
public record Finding(String rule, Severity severity, String file, String object, String field, String message) {
    /** How outputs list findings: by file and object, errors before warnings, then by rule and field. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::file).thenComparing(Finding::object)
            .thenComparing(Finding::severity, Comparator.reverseOrder()).thenComparing(Finding::rule)
            .thenComparing(Finding::field);

    /** {@code Deployment shop/web spec.replicas: 1 replica ...} */
    public String line() {
        return object + " " + field + ": " + message;
    }

    @Override
    public String toString() {
        return severity.label() + " " + rule + " " + line();
    }
}
