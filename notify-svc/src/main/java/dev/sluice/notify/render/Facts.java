package dev.sluice.notify.render;

import dev.sluice.notify.decide.Notice;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labelled facts a default message lists, in reading order; absent facts are left out. */
public final class Facts {
    private Facts() {
    }

    public static Map<String, String> of(Notice n) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Rollout", n.rolloutId());
        put(f, "Revision", n.revision());
        put(f, "Images", n.images().isEmpty() ? null : String.join(", ", n.images()));
        put(f, "Step", n.stepIndex() == null ? null : n.step() == null ? String.valueOf(n.stepIndex()) : n.stepIndex() + " (" + n.step() + ")");
        put(f, "Weight", n.weight() == null ? null : n.weight() + "%");
        put(f, "Metric", n.metric());
        put(f, "Value", n.value());
        put(f, "Phase", n.phase());
        return f;
    }

    private static void put(Map<String, String> f, String label, String value) {
        if (value != null && !value.isBlank()) {
            f.put(label, value);
        }
    }

    /** Hex colour by outcome, as Slack and Discord show it. */
    public static String colour(Notice n) {
        return switch (n.trigger().outcome()) {
            case GOOD -> "#2eb886";
            case BAD -> "#d0342c";
            case WARNING -> "#daa038";
            case INFO -> "#439fe0";
        };
    }
}
