package dev.sluice.controller.dashboard;

import dev.sluice.api.rollout.RolloutPhase;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which commands make sense for a rollout in its current state, as Argo Rollouts' kubectl plugin and dashboard
 * offer them: promote and abort while an update is under way, pause only while progressing, resume only while
 * paused, retry only after an abort. The dashboard enables a button when its command is possible here and says
 * why not otherwise; the controller still decides (a command that arrives too late is ignored there).
 */
public final class Actions {
    public static final String[] ALL = {"promote", "promote-full", "abort", "retry", "pause", "resume"};

    /** One button: enabled or not, and why not. */
    public record Possible(boolean enabled, String why) {
    }

    private Actions() {
    }

    /**
     * @param phase   {@code status.phase} (Progressing, Paused, Healthy, Degraded), null before the first reconcile
     * @param aborted {@code status.abort}
     */
    public static Map<String, Possible> possible(RolloutPhase phase, boolean aborted) {
        Map<String, Possible> out = new LinkedHashMap<>();
        boolean updating = (phase == RolloutPhase.Progressing || phase == RolloutPhase.Paused) && !aborted;
        String notUpdating = phase == null ? "the rollout has not been reconciled yet"
                : aborted ? "the update was aborted; retry it first" : "no update is in progress (phase " + phase + ")";
        out.put("promote", updating ? ok() : no(notUpdating));
        out.put("promote-full", updating ? ok() : no(notUpdating));
        out.put("abort", updating ? ok() : no(notUpdating));
        out.put("retry", aborted ? ok() : no("only an aborted update can be retried"));
        out.put("pause", phase == RolloutPhase.Progressing && !aborted ? ok() : no("only a progressing update can be paused"));
        out.put("resume", phase == RolloutPhase.Paused && !aborted ? ok() : no("only a paused update can be resumed"));
        return out;
    }

    private static Possible ok() {
        return new Possible(true, null);
    }

    private static Possible no(String why) {
        return new Possible(false, why);
    }
}
