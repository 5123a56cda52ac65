package dev.sluice.controller.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.function.BiFunction;

/**
 * One line of the overview: where the rollout is (phase, step {@code i/n}, canary weight), what it runs
 * (stable and canary image) and since when it exists.
 *
 * @param stableImage the first container image of the stable revision's ReplicaSet, when it is known
 * @param canaryImage the first container image of the revision being rolled out (its ReplicaSet's, else {@code spec.template}'s)
 * @param pauseReason {@code InconclusiveAnalysis} while paused on an Inconclusive analysis verdict (a pause condition
 *     or a True status condition of that name), else absent
 * @param hint how to resolve that pause: the promote and abort commands
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutRow(String namespace, String name, String phase, String message, String strategy, Integer step,
        Integer steps, Integer weight, Integer requestedWeight, String stableRevision, String currentRevision, boolean aborted,
        String stableImage, String canaryImage, String created, String resourceVersion, String pauseReason, String hint) {

    /** The reason the controller writes on an Inconclusive verdict, as a pause condition and as a status condition type. */
    public static final String INCONCLUSIVE = "InconclusiveAnalysis";

    /** {@code imageOf(namespace, revision)} finds a revision's image (null when unknown). */
    static RolloutRow of(Rollout r, BiFunction<String, String, String> imageOf) {
        RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        var spec = r.getSpec();
        String strategy = spec == null || spec.strategy == null ? null
                : spec.strategy.blueGreen != null ? "blueGreen" : spec.strategy.canary != null ? "canary" : null;
        String ns = r.getMetadata().getNamespace();
        String templateImage = image(spec == null ? null : spec.template);
        String revisionImage = s.currentPodHash == null ? null : imageOf.apply(ns, s.currentPodHash);
        String canaryImage = revisionImage != null ? revisionImage : templateImage;
        String stableImage = s.stableRS == null ? null
                : s.stableRS.equals(s.currentPodHash) ? canaryImage : imageOf.apply(ns, s.stableRS);
        boolean blueGreen = "blueGreen".equals(strategy);
        return new RolloutRow(ns, r.getMetadata().getName(), s.phase == null ? null : s.phase.value(), s.message, strategy,
                s.currentStepIndex, s.plan == null || blueGreen ? null : s.plan.size(),
                s.canary == null ? null : s.canary.weight, s.canary == null ? null : s.canary.requestedWeight,
                s.stableRS, s.currentPodHash, Boolean.TRUE.equals(s.abort), stableImage, canaryImage,
                r.getMetadata().getCreationTimestamp(), r.getMetadata().getResourceVersion(),
                inconclusive(s) ? INCONCLUSIVE : null, inconclusive(s) ? hint(r.getMetadata().getName()) : null);
    }

    /** Paused on an Inconclusive verdict, whether the controller shows it as a pause condition or as a status condition. */
    static boolean inconclusive(RolloutStatus s) {
        if (s.phase == null || !"Paused".equals(s.phase.value())) {
            return false;
        }
        return s.pauseConditions != null && s.pauseConditions.stream().anyMatch(p -> INCONCLUSIVE.equals(p.reason))
                || s.conditions != null && s.conditions.stream().anyMatch(c -> INCONCLUSIVE.equals(c.type) && "True".equals(c.status));
    }

    /** The same words as {@code kubectl sluice get rollout}'s hint line. */
    static String hint(String name) {
        return "analysis was inconclusive: `kubectl sluice promote " + name + "` to accept it, `kubectl sluice abort " + name
                + "` to roll back";
    }

    static String image(PodTemplateSpec template) {
        if (template == null || template.getSpec() == null || template.getSpec().getContainers() == null
                || template.getSpec().getContainers().isEmpty()) {
            return null;
        }
        Container c = template.getSpec().getContainers().get(0);
        return c.getImage();
    }
}
