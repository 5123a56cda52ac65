package dev.sluice.cli.render;

import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunStatus;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code get rollout} view, Argo-style: a header (status, strategy, step, weights, images, replicas) and a tree
 * of revisions → ReplicaSets → pods, with each revision's AnalysisRuns and their metrics' last measurements.
 * A pure function of the objects and the time: the golden files in the tests are its specification.
 */
public final class RolloutTree {
    /** The label Sluice puts on ReplicaSets, pods and Services (Argo's name). */
    public static final String HASH_LABEL = "rollouts-pod-template-hash";
    public static final String REVISION_LABEL = "sluice.dev/revision";

    private RolloutTree() {
    }

    /** What {@code get rollout} shows: the rollout and the objects that belong to it. */
    public record Snapshot(Rollout rollout, List<ReplicaSet> replicaSets, List<Pod> pods, List<AnalysisRun> runs) {
        public Snapshot {
            replicaSets = List.copyOf(replicaSets);
            pods = List.copyOf(pods);
            runs = List.copyOf(runs);
        }

        /** ReplicaSets oldest first; their position (from 1) is the revision number {@code undo --to-revision} takes. */
        public List<ReplicaSet> revisions() {
            RolloutStatus st = rollout.getStatus() == null ? new RolloutStatus() : rollout.getStatus();
            // within the same second: stable before the others, the revision rolling out last
            Comparator<ReplicaSet> rank = Comparator.comparingInt(rs -> hash(rs).equals(st.currentPodHash) ? 2 : hash(rs).equals(st.stableRS) ? 0 : 1);
            return replicaSets.stream().sorted(Comparator.comparing((ReplicaSet rs) -> String.valueOf(rs.getMetadata().getCreationTimestamp()))
                    .thenComparing(rank).thenComparing(rs -> rs.getMetadata().getName())).toList();
        }
    }

    /** The symbol Argo's CLI shows next to a phase or state. */
    public static String symbol(String state) {
        return switch (state == null ? "" : state) {
            case "Healthy", "Successful", "Running", "Available", "Ready", "Completed" -> "✔";
            case "Paused", "Suspended" -> "॥";
            case "Progressing" -> "◌";
            case "Degraded", "Failed", "InvalidSpec", "CrashLoopBackOff" -> "✖";
            case "Error" -> "⚠";
            case "Inconclusive" -> "?";
            case "ScaledDown", "Terminating" -> "◌";
            default -> "•";
        };
    }

    /** For AnalysisRuns and metrics, Running means still measuring, not a healthy pod. */
    static String analysisSymbol(String phase) {
        return "Running".equals(phase) || "Pending".equals(phase) ? "◌" : symbol(phase);
    }

    public static String render(Snapshot s, Instant now) {
        Rollout r = s.rollout();
        RolloutStatus st = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        boolean blueGreen = r.getSpec() != null && r.getSpec().strategy != null && r.getSpec().strategy.blueGreen != null
                && r.getSpec().strategy.canary == null;
        String phase = displayPhase(st);
        StringBuilder out = new StringBuilder();
        field(out, "Name:", r.getMetadata().getName());
        field(out, "Namespace:", r.getMetadata().getNamespace());
        field(out, "Status:", symbol(phase) + " " + statusLabel(st));
        if (st.message != null && !st.message.isBlank()) {
            field(out, "Message:", st.message);
        }
        if (inconclusive(st)) {
            field(out, "Hint:", inconclusiveHint(r.getMetadata().getName()));
        }
        field(out, "Strategy:", blueGreen ? "BlueGreen" : "Canary");
        if (!blueGreen) {
            int steps = stepCount(r);
            if (steps > 0) {
                field(out, "  Step:", Math.min(st.currentStepIndex == null ? 0 : st.currentStepIndex, steps) + "/" + steps);
            }
            field(out, "  SetWeight:", String.valueOf(setWeight(st)));
            field(out, "  ActualWeight:", String.valueOf(st.canary == null || st.canary.weight == null ? 0 : st.canary.weight));
        }
        List<String> images = images(s, st, blueGreen);
        for (int i = 0; i < images.size(); i++) {
            field(out, i == 0 ? "Images:" : "", images.get(i));
        }
        out.append("Replicas:\n");
        field(out, "  Desired:", String.valueOf(r.getSpec() == null || r.getSpec().replicas == null ? 1 : r.getSpec().replicas));
        field(out, "  Current:", num(st.replicas));
        field(out, "  Updated:", num(st.updatedReplicas));
        field(out, "  Ready:", num(st.readyReplicas));
        field(out, "  Available:", num(st.availableReplicas));
        out.append('\n');
        out.append(tree(s, st, phase, blueGreen, now));
        return out.toString();
    }

    /** The phase a person sees: InvalidSpec when the spec was rejected, else status.phase (Progressing before the first status). */
    public static String displayPhase(RolloutStatus st) {
        if (st.conditions != null && st.conditions.stream().anyMatch(c -> "InvalidSpec".equals(c.type) && "True".equals(c.status))) {
            return "InvalidSpec";
        }
        return st.phase == null ? "Progressing" : st.phase.value();
    }

    /** The reason the controller writes, on an Inconclusive analysis verdict, as a pause condition and as a status condition type. */
    public static final String INCONCLUSIVE = "InconclusiveAnalysis";

    /**
     * Paused because an analysis was Inconclusive: a {@code pauseConditions[]} entry with that reason, or a status
     * condition of that type with status True (either is enough, so an older or newer controller reads the same).
     */
    public static boolean inconclusive(RolloutStatus st) {
        if (st.phase == null || !"Paused".equals(st.phase.value())) {
            return false;
        }
        boolean pause = st.pauseConditions != null && st.pauseConditions.stream().anyMatch(p -> INCONCLUSIVE.equals(p.reason));
        boolean condition = st.conditions != null
                && st.conditions.stream().anyMatch(c -> INCONCLUSIVE.equals(c.type) && "True".equals(c.status));
        return pause || condition;
    }

    /** The phase with the reason a person must act on: {@code Paused (InconclusiveAnalysis)}, else {@link #displayPhase}. */
    public static String statusLabel(RolloutStatus st) {
        String phase = displayPhase(st);
        return inconclusive(st) ? phase + " (" + INCONCLUSIVE + ")" : phase;
    }

    /** How to resolve an Inconclusive pause: the two commands, as the controller's condition message names them. */
    public static String inconclusiveHint(String name) {
        return "analysis was inconclusive: `kubectl sluice promote " + name + "` to accept it, `kubectl sluice abort " + name
                + "` to roll back";
    }

    public static int stepCount(Rollout r) {
        RolloutStatus st = r.getStatus();
        if (st != null && st.plan != null && !st.plan.isEmpty()) {
            return st.plan.size();
        }
        if (r.getSpec() == null || r.getSpec().strategy == null || r.getSpec().strategy.canary == null
                || r.getSpec().strategy.canary.steps == null) {
            return 0;
        }
        return r.getSpec().strategy.canary.steps.size();
    }

    private static int setWeight(RolloutStatus st) {
        if (st.canary != null && st.canary.requestedWeight != null) {
            return st.canary.requestedWeight;
        }
        return st.canary == null || st.canary.weight == null ? 0 : st.canary.weight;
    }

    private static List<String> images(Snapshot s, RolloutStatus st, boolean blueGreen) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (ReplicaSet rs : s.revisions()) {
            String hash = hash(rs);
            for (String role : roles(hash, st, blueGreen)) {
                for (String image : images(rs)) {
                    roles.computeIfAbsent(image, k -> new ArrayList<>()).add(role);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        roles.forEach((image, rs) -> lines.add(image + " (" + String.join(", ", rs) + ")"));
        return lines;
    }

    private static List<String> images(ReplicaSet rs) {
        if (rs.getSpec() == null || rs.getSpec().getTemplate() == null || rs.getSpec().getTemplate().getSpec() == null) {
            return List.of();
        }
        return rs.getSpec().getTemplate().getSpec().getContainers().stream().map(c -> c.getImage()).toList();
    }

    /** stable/canary, or active/preview for blue-green, of one revision. */
    static List<String> roles(String hash, RolloutStatus st, boolean blueGreen) {
        List<String> roles = new ArrayList<>();
        if (blueGreen) {
            RolloutStatus.BlueGreenStatus bg = st.blueGreen;
            if (hash.equals(st.stableRS)) {
                roles.add("stable");
            }
            if (bg != null && hash.equals(bg.activeSelector)) {
                roles.add("active");
            }
            if (bg != null && hash.equals(bg.previewSelector) && !hash.equals(bg.activeSelector)) {
                roles.add("preview");
            }
        } else {
            if (hash.equals(st.stableRS)) {
                roles.add("stable");
            }
            if (hash.equals(st.currentPodHash) && !hash.equals(st.stableRS)) {
                roles.add("canary");
            }
        }
        return roles;
    }

    private static String tree(Snapshot s, RolloutStatus st, String phase, boolean blueGreen, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "KIND", "STATUS", "AGE", "INFO"});
        rows.add(new String[] {"⟳ " + s.rollout().getMetadata().getName(), "Rollout", symbol(phase) + " " + statusLabel(st),
                age(s.rollout(), now), ""});
        List<ReplicaSet> revisions = new ArrayList<>(s.revisions());
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < revisions.size(); i++) {
            numbers.add(i + 1);
        }
        // newest revision first, as Argo shows them
        for (int i = revisions.size() - 1; i >= 0; i--) {
            boolean lastRevision = i == 0;
            ReplicaSet rs = revisions.get(i);
            String hash = hash(rs);
            String branch = lastRevision ? "└──" : "├──";
            String pad = lastRevision ? "   " : "│  ";
            rows.add(new String[] {branch + "# revision:" + numbers.get(i), "", "", "", ""});
            List<AnalysisRun> runs = s.runs().stream().filter(a -> hash.equals(revisionOf(a)))
                    .sorted(Comparator.comparing(a -> a.getMetadata().getName())).toList();
            List<Pod> pods = s.pods().stream().filter(p -> hash.equals(label(p, HASH_LABEL)))
                    .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
            int children = 1 + runs.size();
            String rsState = replicaSetState(rs);
            rows.add(new String[] {pad + (children == 1 ? "└──" : "├──") + "⧉ " + rs.getMetadata().getName(), "ReplicaSet",
                    symbol(rsState) + " " + rsState, age(rs, now), String.join(",", roles(hash, st, blueGreen))});
            String rsPad = pad + (children == 1 ? "   " : "│  ");
            for (int p = 0; p < pods.size(); p++) {
                Pod pod = pods.get(p);
                String podState = podState(pod);
                rows.add(new String[] {rsPad + (p == pods.size() - 1 ? "└──" : "├──") + "□ " + pod.getMetadata().getName(), "Pod",
                        symbol(podState) + " " + podState, age(pod, now), "ready:" + readyCount(pod)});
            }
            for (int a = 0; a < runs.size(); a++) {
                boolean lastRun = a == runs.size() - 1;
                AnalysisRun run = runs.get(a);
                AnalysisRunStatus ars = run.getStatus();
                String runPhase = ars == null || ars.phase == null ? "Pending" : ars.phase;
                rows.add(new String[] {pad + (lastRun ? "└──" : "├──") + "α " + run.getMetadata().getName(), "AnalysisRun",
                        analysisSymbol(runPhase) + " " + runPhase, age(run, now), counts(ars)});
                String runPad = pad + (lastRun ? "   " : "│  ");
                List<AnalysisRunStatus.MetricResult> metrics = ars == null ? List.of() : ars.metricResults;
                for (int m = 0; m < metrics.size(); m++) {
                    AnalysisRunStatus.MetricResult metric = metrics.get(m);
                    String metricPhase = metric.phase == null ? "Pending" : metric.phase;
                    rows.add(new String[] {runPad + (m == metrics.size() - 1 ? "└──" : "├──") + "◦ " + metric.name, "Metric",
                            analysisSymbol(metricPhase) + " " + metricPhase, "", lastValues(metric)});
                }
            }
        }
        return table(rows);
    }

    private static String counts(AnalysisRunStatus s) {
        if (s == null || s.metricResults == null) {
            return "";
        }
        int ok = 0, failed = 0, inconclusive = 0, error = 0;
        for (AnalysisRunStatus.MetricResult m : s.metricResults) {
            ok += m.successful;
            failed += m.failed;
            inconclusive += m.inconclusive;
            error += m.error;
        }
        List<String> parts = new ArrayList<>();
        if (ok > 0) parts.add("✔ " + ok);
        if (failed > 0) parts.add("✖ " + failed);
        if (inconclusive > 0) parts.add("? " + inconclusive);
        if (error > 0) parts.add("⚠ " + error);
        return String.join(",", parts);
    }

    /** The last three measurements' values, oldest first, e.g. {@code last: 0.99, 0.98, 0.97 (5 measured)}. */
    private static String lastValues(AnalysisRunStatus.MetricResult m) {
        if (m.measurements == null || m.measurements.isEmpty()) {
            return m.message == null ? "" : m.message;
        }
        List<AnalysisRunStatus.Measurement> list = m.measurements;
        List<String> values = list.subList(Math.max(0, list.size() - 3), list.size()).stream()
                .map(x -> x.value == null ? symbol(x.phase) : x.value).toList();
        return "last: " + String.join(", ", values) + " (" + Math.max(m.count, list.size()) + " measured)";
    }

    private static String replicaSetState(ReplicaSet rs) {
        int desired = rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
        int available = rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0 : rs.getStatus().getAvailableReplicas();
        if (desired == 0) {
            return "ScaledDown";
        }
        return available >= desired ? "Healthy" : "Progressing";
    }

    private static String podState(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
                if (c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null) {
                    return c.getState().getWaiting().getReason();
                }
            }
        }
        return p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
    }

    private static String readyCount(Pod p) {
        int total = p.getSpec() == null ? 0 : p.getSpec().getContainers().size();
        long ready = p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? 0
                : p.getStatus().getContainerStatuses().stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count();
        return ready + "/" + total;
    }

    private static String revisionOf(AnalysisRun run) {
        String label = label(run, REVISION_LABEL);
        if (label != null) {
            return label;
        }
        return run.getSpec() == null ? null : run.getSpec().revision;
    }

    static String hash(ReplicaSet rs) {
        String h = label(rs, HASH_LABEL);
        return h == null ? "" : h;
    }

    private static String label(HasMetadata o, String key) {
        return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
    }

    /** kubectl's age: 45s, 3m12s, 2h5m, 3d4h. */
    public static String age(HasMetadata o, Instant now) {
        String created = o.getMetadata().getCreationTimestamp();
        if (created == null) {
            return "";
        }
        return age(Duration.between(Instant.parse(created), now));
    }

    public static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) return s + "s";
        if (s < 600) return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        if (s < 3 * 3600) return s / 60 + "m";
        if (s < 8 * 3600) return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        if (s < 2 * 86400) return s / 3600 + "h";
        if (s < 8 * 86400) return s / 86400 + "d" + (s % 86400 / 3600 == 0 ? "" : s % 86400 / 3600 + "h");
        return s / 86400 + "d";
    }

    private static String num(Integer n) {
        return String.valueOf(n == null ? 0 : n);
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("%-16s %s", name, Objects.toString(value, "")).stripTrailing()).append('\n');
    }

    /** Left-aligned columns two spaces apart, trailing blanks trimmed. Widths count code points (the tree symbols). */
    public static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], len(row[c]));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                line.append(row[c]);
                if (c < cols - 1) {
                    line.append(" ".repeat(width[c] - len(row[c]) + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static int len(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The name of the revision's ReplicaSet for a hash, if it exists. */
    public static Optional<ReplicaSet> replicaSet(Snapshot s, String hash) {
        return s.replicaSets().stream().filter(rs -> hash.equals(hash(rs))).findFirst();
    }
}
