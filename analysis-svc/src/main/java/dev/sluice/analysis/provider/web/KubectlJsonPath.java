package dev.sluice.analysis.provider.web;

/** kubectl JSONPath ({@code {$.data.ok}}, {@code {.data.ok}}) to Jayway JSONPath ({@code $.data.ok}). */
final class KubectlJsonPath {
    private KubectlJsonPath() {
    }

    static String toJayway(String kubectl) {
        String p = kubectl.strip();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1).strip();
        }
        if (p.startsWith("$")) {
            return p;
        }
        if (p.startsWith(".") || p.startsWith("[")) {
            return "$" + p;
        }
        return "$." + p;
    }
}
