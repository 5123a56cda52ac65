package dev.sluice.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders kustomizations offline with {@code kubectl kustomize} (no server needed). When kubectl is not installed the
 * calling test is skipped with a message saying so.
 */
final class Kustomize {
    /** What a user applies: the two installs and the monitoring add-on. */
    static final List<String> ENTRY_POINTS = List.of("overlays/strimzi", "overlays/byo-kafka", "monitoring");
    static final Optional<Tool> KUBECTL = Tool.find("kubectl").filter(Kustomize::bundlesKustomize5);
    private static final Map<Path, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    static void assumeKubectl() {
        assumeTrue(KUBECTL.isPresent(), "kubectl with kustomize v5 (kubectl 1.27 or later) is not installed: skipping "
                + "the kustomize rendering checks (install it to run them; `kubectl kustomize` needs no cluster)");
    }

    /** The manifests use kustomize v5 fields (labels, patches with label selectors); Debian's kubectl 1.20 has v2. */
    private static boolean bundlesKustomize5(Tool kubectl) {
        Tool.Result version = kubectl.run(DeployTree.DEPLOY, "version", "--client");
        Matcher matcher = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version.stdout());
        return version.ok() && matcher.find() && Integer.parseInt(matcher.group(1)) >= 5;
    }

    /** The rendered documents of the kustomization in {@code dir} (relative to deploy/). */
    static List<JsonNode> render(String dir) {
        assumeKubectl();
        return RENDERED.computeIfAbsent(DeployTree.deploy(dir), path -> {
            Tool.Result result = KUBECTL.orElseThrow().run(DeployTree.DEPLOY, "kustomize", path.toString());
            if (!result.ok()) {
                throw new AssertionError("kubectl kustomize " + DeployTree.name(path) + " failed: " + result.describe());
            }
            return DeployTree.documents(result.stdout());
        });
    }
}
