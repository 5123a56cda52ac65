package dev.sluice.e2e.harness;

/** Reads samples out of the Prometheus text exposition format. Pure. */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** Sum of every sample named exactly {@code metric} (any labels); comments and other metrics ignored. */
    public static double sum(String exposition, String metric) {
        return sum(exposition, metric, "");
    }

    /**
     * Sum of the samples named exactly {@code metric} whose label set holds {@code label} (written as in the text,
     * {@code namespace="web"}); an empty {@code label} matches every sample.
     */
    public static double sum(String exposition, String metric, String label) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            if (!rest.startsWith("{") && !rest.startsWith(" ")) {
                continue; // a longer name with the same prefix
            }
            if (!label.isEmpty() && !hasLabel(rest, label)) {
                continue;
            }
            String value = rest.startsWith("{") ? rest.substring(rest.lastIndexOf('}') + 1).trim() : rest.trim();
            total += Double.parseDouble(value.split(" ")[0]);
        }
        return total;
    }

    private static boolean hasLabel(String rest, String label) {
        if (!rest.startsWith("{")) {
            return false;
        }
        String labels = rest.substring(1, rest.lastIndexOf('}'));
        return ("," + labels + ",").contains("," + label + ",");
    }
}
