package dev.sluice.controller.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunStatus;
import dev.sluice.api.analysis.Metric;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.reconcile.RolloutReconciler;
import dev.sluice.controller.rollout.Statuses;
import dev.sluice.controller.workload.TemplateHash;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the rollout page shows at one moment: the overview line, the step timeline, the revisions with their
 * ReplicaSets and pods, every AnalysisRun with its measurements, the possible actions and what the caller may do.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutPage(RolloutRow rollout, List<StepView> steps, List<RolloutStatus.PauseCondition> pauses,
        List<RolloutStatus.Condition> conditions, List<RolloutStatus.Condition> problems, List<Revision> revisions,
        List<Run> analysisRuns, Map<String, Actions.Possible> actions, Access access) {

    /** Conditions whose True is the trouble (kstatus' "abnormal-true" ones and Sluice's own failure conditions). */
    private static final java.util.Set<String> TROUBLE_WHEN_TRUE = java.util.Set.of("Stalled", Statuses.INVALID_SPEC,
            Statuses.TRAFFIC_SHIFT_FAILED, Statuses.COMMAND_DROPPED, RolloutReconciler.RECONCILE_ERROR);
    /** Conditions that say nothing wrong either way: the phase badge shows them (Ready, Reconciling) or they are progress. */
    private static final java.util.Set<String> NEVER_TROUBLE = java.util.Set.of("Ready", "Reconciling", Statuses.RESTARTING,
            Statuses.PAUSE_INCONCLUSIVE, Statuses.PAUSE_STEP, Statuses.PAUSE_COMMAND);

    /** done, current or pending; for an analysis step the verdict of its run; for a pause its end. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepView(int index, String step, String state, String startedAt, String finishedAt, String outcome,
            String pauseUntil, String analysisRun, String analysisPhase) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Revision(String revision, String role, String replicaSet, String image, int desired, int ready, int available,
            List<PodView> pods) {
    }

    public record PodView(String name, String phase, boolean ready) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(String name, String phase, String message, String revision, Integer stepIndex, String kind, String startedAt,
            String completedAt, List<MetricView> metrics) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MetricView(String name, String phase, String message, String successCondition, String failureCondition,
            Integer failureLimit, List<AnalysisRunStatus.Measurement> measurements) {
    }

    /** The caller's name, whether it may act, and why not. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Access(String caller, boolean canPatch, Integer status, String refusal) {
    }

    static RolloutPage of(RolloutRow row, Rollout r, List<ReplicaSet> replicaSets, List<Pod> pods, List<AnalysisRun> runs,
            Access access) {
        RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        return new RolloutPage(row, steps(s), s.pauseConditions, s.conditions, problems(s.conditions), revisions(s, replicaSets, pods), runs(runs),
                Actions.possible(s.phase, Boolean.TRUE.equals(s.abort)), access);
    }

    /**
     * The conditions the page shows as trouble: a failure condition that is True (Stalled, InvalidSpec, ...), or any
     * other condition that is False (Available, Progressing after an abort, ZeroDowntime with findings). Ready False or
     * Stalled False during a pause is no trouble: an Inconclusive pause showed both as failures before.
     */
    static List<RolloutStatus.Condition> problems(List<RolloutStatus.Condition> conditions) {
        if (conditions == null) {
            return List.of();
        }
        return conditions.stream().filter(c -> c.type != null && !NEVER_TROUBLE.contains(c.type))
                .filter(c -> TROUBLE_WHEN_TRUE.contains(c.type) ? "True".equals(c.status) : "False".equals(c.status))
                .toList();
    }

    static List<StepView> steps(RolloutStatus s) {
        List<StepView> out = new ArrayList<>();
        List<String> plan = s.plan == null ? List.of() : s.plan;
        int current = s.currentStepIndex == null ? 0 : s.currentStepIndex;
        boolean finished = s.phase == RolloutPhase.Healthy && s.stableRS != null && s.stableRS.equals(s.currentPodHash);
        for (int i = 0; i < plan.size(); i++) {
            final int index = i;
            RolloutStatus.StepRecord rec = s.stepHistory == null ? null
                    : s.stepHistory.stream().filter(h -> Objects.equals(h.index, index)).reduce((a, b) -> b).orElse(null);
            String state = finished || i < current ? "done" : i == current ? "current" : "pending";
            String until = null;
            String run = null;
            String runPhase = null;
            if (i == current && !finished) {
                until = s.pauseConditions == null ? null : s.pauseConditions.stream().map(p -> p.until).filter(Objects::nonNull)
                        .findFirst().orElse(null);
                var ref = s.canary == null ? null : s.canary.currentStepAnalysisRun;
                if (ref != null) {
                    run = ref.name;
                    runPhase = ref.phase == null ? null : ref.phase.value();
                }
            }
            out.add(new StepView(i, plan.get(i), state, rec == null ? null : rec.startedAt, rec == null ? null : rec.finishedAt,
                    rec == null ? null : rec.outcome, until, run, runPhase));
        }
        return out;
    }

    static List<Revision> revisions(RolloutStatus s, List<ReplicaSet> replicaSets, List<Pod> pods) {
        List<Revision> out = new ArrayList<>();
        for (ReplicaSet rs : replicaSets) {
            String hash = rs.getMetadata().getLabels() == null ? null : rs.getMetadata().getLabels().get(TemplateHash.LABEL);
            String role = hash == null ? "other" : hash.equals(s.stableRS) ? "stable" : hash.equals(s.currentPodHash) ? "canary" : "old";
            var st = rs.getStatus();
            List<PodView> mine = pods.stream()
                    .filter(p -> p.getMetadata().getLabels() != null && hash != null && hash.equals(p.getMetadata().getLabels().get(TemplateHash.LABEL)))
                    .map(p -> new PodView(p.getMetadata().getName(), p.getStatus() == null ? null : p.getStatus().getPhase(),
                            p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))))
                    .toList();
            out.add(new Revision(hash, role, rs.getMetadata().getName(), RolloutRow.image(rs.getSpec().getTemplate()),
                    rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas(),
                    st == null || st.getReadyReplicas() == null ? 0 : st.getReadyReplicas(),
                    st == null || st.getAvailableReplicas() == null ? 0 : st.getAvailableReplicas(), mine));
        }
        out.sort(Comparator.comparing((Revision v) -> switch (v.role()) {
            case "canary" -> 0;
            case "stable" -> 1;
            default -> 2;
        }).thenComparing(Revision::replicaSet));
        return out;
    }

    static List<Run> runs(List<AnalysisRun> runs) {
        List<Run> out = new ArrayList<>();
        for (AnalysisRun run : runs) {
            var st = run.getStatus() == null ? new AnalysisRunStatus() : run.getStatus();
            var spec = run.getSpec();
            List<MetricView> metrics = new ArrayList<>();
            for (Metric m : spec == null || spec.metrics == null ? List.<Metric>of() : spec.metrics) {
                var result = st.metricResults == null ? null
                        : st.metricResults.stream().filter(x -> m.name.equals(x.name)).findFirst().orElse(null);
                metrics.add(new MetricView(m.name, result == null ? null : result.phase, result == null ? null : result.message,
                        m.successCondition, m.failureCondition, m.failureLimit, result == null ? List.of() : result.measurements));
            }
            out.add(new Run(run.getMetadata().getName(), st.phase, st.message, spec == null ? null : spec.revision,
                    spec == null ? null : spec.stepIndex, spec == null ? null : spec.kind, st.startedAt, st.completedAt, metrics));
        }
        out.sort(Comparator.comparing((Run x) -> x.startedAt() == null ? "" : x.startedAt()).reversed());
        return out;
    }
}
