package dev.sluice.e2e.harness;

/** Reads samples out of the Prometheus text exposition format. Pure. */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** Sum of every sample named exactly {@code metric} (any labels); comments and other metrics ignored. */
    public static double sum(String exposition, String metric) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            if (!rest.startsWith("{") && !rest.startsWith(" ")) {
                continue; // a longer name with the same prefix
            }
            String value = rest.startsWith("{") ? rest.substring(rest.lastIndexOf('}') + 1).trim() : rest.trim();
            total += Double.parseDouble(value.split(" ")[0]);
        }
        return total;
    }
}
