package dev.sluice.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Label selectors and the integer-or-percent fields of Deployments, Rollouts and PodDisruptionBudgets. */
public final class Selectors {
    private Selectors() {
    }

    /**
     * Whether a LabelSelector ({@code matchLabels}, {@code matchExpressions}) picks pods with these labels. Only
     * {@code matchLabels} is judged: a selector that also has {@code matchExpressions} is given the benefit of the
     * doubt on them, so the rules do not report what they cannot tell. A missing or empty selector picks nothing.
     */
    public static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector == null || !selector.isObject()) {
            return false;
        }
        JsonNode matchLabels = selector.path("matchLabels");
        if (matchLabels.size() == 0 && selector.path("matchExpressions").size() == 0) {
            return false;
        }
        return matches(matchLabels, labels);
    }

    /** Whether every key of a plain label map (a Service's {@code spec.selector}) is on the pod with the same value. */
    public static boolean matches(JsonNode wanted, Map<String, String> labels) {
        for (Map.Entry<String, String> e : Subject.strings(wanted).entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * An int-or-percent field as a number of pods out of {@code replicas}: percentages round up when {@code roundUp}
     * (maxSurge, a PDB's minAvailable and maxUnavailable) and down otherwise (a rolling update's maxUnavailable),
     * as Kubernetes does. Unset gives {@code fallback}; a value that is neither a count nor a percentage gives -1 (the
     * API server or the controller's validation reports it; the rules do not judge it).
     */
    public static int pods(JsonNode value, int replicas, boolean roundUp, String fallback) {
        String text = value == null || value.isMissingNode() || value.isNull() ? fallback : value.asText().strip();
        if (text.endsWith("%")) {
            String digits = text.substring(0, text.length() - 1);
            if (!digits.matches("[0-9]+")) {
                return -1;
            }
            long scaled = Long.parseLong(digits) * replicas;
            return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
        }
        return text.matches("[0-9]+") ? Integer.parseInt(text) : -1;
    }
}
