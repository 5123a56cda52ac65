package dev.sluice.cli.render;

import static dev.sluice.cli.Fixtures.metric;
import static dev.sluice.cli.Fixtures.pods;
import static dev.sluice.cli.Fixtures.replicaSet;
import static dev.sluice.cli.Fixtures.run;
import static dev.sluice.cli.Fixtures.status;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.cli.Fixtures;
import dev.sluice.cli.Golden;
import dev.sluice.cli.render.RolloutTree.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code get rollout} for every phase of a canary and a blue-green rollout, against golden text files in
 * {@code src/test/resources/golden/get/}. Regenerate with {@code -Dsluice.regenerate=true} and review the diff.
 */
public class RolloutTreeTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/get");
    private static final String STABLE = "6d4f8b9c7", CANARY = "5c7e9a1b3";

    static Stream<Arguments> phases() {
        return Stream.of(
                Arguments.of("canary: healthy with one revision", "canary-healthy", (Supplier<Snapshot>) () -> {
                    Rollout r = Fixtures.canary("web", 3, 4);
                    RolloutStatus s = status(r, "Healthy", null);
                    s.stableRS = STABLE;
                    s.currentPodHash = STABLE;
                    s.currentStepIndex = 4;
                    replicas(s, 3, 3, 3, 3);
                    return new Snapshot(r, List.of(replicaSet("web", STABLE, "web:1", 3, 3, 3000)), pods("web", STABLE, 3, 3, 3000), List.of());
                }),
                Arguments.of("canary: progressing to 20% while canary pods start", "canary-progressing", (Supplier<Snapshot>) () -> {
                    Rollout r = canaryOf(20, 0, 0, "Progressing", "waiting for 1 canary pod to become available");
                    return snapshot(r, 1, 0, List.of());
                }),
                Arguments.of("canary: paused at a pause step after 20%", "canary-paused", (Supplier<Snapshot>) () -> {
                    Rollout r = canaryOf(20, 20, 1, "Paused", "CanaryPauseStep");
                    return snapshot(r, 1, 1, List.of());
                }),
                Arguments.of("canary: analysis running at 40% with measurements", "canary-analysis", (Supplier<Snapshot>) () -> {
                    Rollout r = canaryOf(40, 40, 2, "Progressing", "analysis web-5c7e9a1b3-2 running");
                    return snapshot(r, 2, 2, List.of(run("web", CANARY, "2", "Running", 90,
                            metric("success-rate", "Running", "0.998", "0.995", "0.997", "0.999"), metric("latency-p99", "Running", "212"))));
                }),
                Arguments.of("canary: paused on an inconclusive analysis (pause condition)", "canary-inconclusive", (Supplier<Snapshot>) () -> {
                    Rollout r = canaryOf(40, 40, 2, "Paused", "InconclusiveAnalysis: success-rate = 0.95");
                    r.getStatus().pauseConditions.add(pause("InconclusiveAnalysis"));
                    return snapshot(r, 2, 2, List.of(run("web", CANARY, "2", "Inconclusive", 300, metric("success-rate", "Inconclusive", "0.95"))));
                }),
                Arguments.of("canary: paused on an inconclusive analysis seen only as a status condition", "canary-inconclusive-condition",
                        (Supplier<Snapshot>) () -> {
                            Rollout r = canaryOf(40, 40, 2, "Paused", null);
                            r.getStatus().conditions.add(inconclusiveCondition("web"));
                            return snapshot(r, 2, 2, List.of(run("web", CANARY, "2", "Inconclusive", 300,
                                    metric("success-rate", "Inconclusive", "0.95"))));
                        }),
                Arguments.of("canary: a resolved inconclusive condition (False) is an ordinary pause", "canary-inconclusive-resolved",
                        (Supplier<Snapshot>) () -> {
                            Rollout r = canaryOf(40, 40, 2, "Paused", "CanaryPauseStep");
                            RolloutStatus.Condition c = inconclusiveCondition("web");
                            c.status = "False";
                            r.getStatus().conditions.add(c);
                            r.getStatus().pauseConditions.add(pause("CanaryPauseStep"));
                            return snapshot(r, 2, 2, List.of(run("web", CANARY, "2", "Successful", 300,
                                    metric("success-rate", "Successful", "0.99"))));
                        }),
                Arguments.of("canary: degraded after a failed analysis aborted it", "canary-degraded", (Supplier<Snapshot>) () -> {
                    Rollout r = canaryOf(40, 0, 2, "Degraded", "RolloutAborted: metric success-rate failed with value 0.81");
                    r.getStatus().abort = true;
                    return snapshot(r, 0, 0, List.of(run("web", CANARY, "2", "Failed", 300,
                            metric("success-rate", "Failed", "0.97", "0.93", "0.81"))));
                }),
                Arguments.of("canary: invalid spec", "canary-invalid", (Supplier<Snapshot>) () -> {
                    Rollout r = Fixtures.canary("web", 3, 4);
                    RolloutStatus s = status(r, "Degraded", "spec.strategy.canary.steps[1].setWeight: must be between 0 and 100");
                    RolloutStatus.Condition c = new RolloutStatus.Condition();
                    c.type = "InvalidSpec";
                    c.status = "True";
                    s.conditions.add(c);
                    s.stableRS = STABLE;
                    s.currentPodHash = STABLE;
                    replicas(s, 3, 3, 3, 3);
                    return new Snapshot(r, List.of(replicaSet("web", STABLE, "web:1", 3, 3, 3000)), pods("web", STABLE, 3, 3, 3000), List.of());
                }),
                Arguments.of("blue-green: preview up, waiting for promotion", "bluegreen-paused", (Supplier<Snapshot>) () -> {
                    Rollout r = blueGreenOf("Paused", "BlueGreenPause: waiting for promotion", STABLE, CANARY);
                    return bgSnapshot(r, 2, 2, List.of());
                }),
                Arguments.of("blue-green: pre-promotion analysis running", "bluegreen-analysis", (Supplier<Snapshot>) () -> {
                    Rollout r = blueGreenOf("Progressing", "prePromotionAnalysis web-5c7e9a1b3-pre running", STABLE, CANARY);
                    return bgSnapshot(r, 2, 2, List.of(run("web", CANARY, "pre", "Running", 45, metric("smoke", "Running", "1"))));
                }),
                Arguments.of("blue-green: switched, old revision still up", "bluegreen-switched", (Supplier<Snapshot>) () -> {
                    Rollout r = blueGreenOf("Progressing", "switched; previous revision scales down in 30s", CANARY, CANARY);
                    r.getStatus().stableRS = CANARY;
                    return bgSnapshot(r, 3, 3, List.of(run("web", CANARY, "pre", "Successful", 200, metric("smoke", "Successful", "1", "1"))));
                }),
                Arguments.of("blue-green: healthy after the switch", "bluegreen-healthy", (Supplier<Snapshot>) () -> {
                    Rollout r = blueGreenOf("Healthy", null, CANARY, CANARY);
                    r.getStatus().stableRS = CANARY;
                    return new Snapshot(r, List.of(replicaSet("web", STABLE, "web:1", 0, 0, 3000), replicaSet("web", CANARY, "web:2", 3, 3, 600)),
                            pods("web", CANARY, 3, 3, 600), List.of());
                }),
                Arguments.of("blue-green: degraded after a failed pre-promotion analysis", "bluegreen-degraded", (Supplier<Snapshot>) () -> {
                    Rollout r = blueGreenOf("Degraded", "RolloutAborted: metric smoke failed with value 0", STABLE, STABLE);
                    r.getStatus().abort = true;
                    return bgSnapshot(r, 0, 0, List.of(run("web", CANARY, "pre", "Failed", 200, metric("smoke", "Failed", "1", "0"))));
                }));
    }

    public static RolloutStatus.PauseCondition pause(String reason) {
        RolloutStatus.PauseCondition p = new RolloutStatus.PauseCondition();
        p.reason = reason;
        p.startTime = "2026-11-30T11:55:00Z";
        return p;
    }

    /** The condition the controller writes on an Inconclusive verdict (its message ends with the two commands). */
    public static RolloutStatus.Condition inconclusiveCondition(String name) {
        RolloutStatus.Condition c = new RolloutStatus.Condition();
        c.type = "InconclusiveAnalysis";
        c.status = "True";
        c.reason = "InconclusiveAnalysis";
        c.message = "analysis " + name + "-5c7e9a1b3-2 was Inconclusive: `kubectl sluice promote " + name
                + "` accepts it and continues, `kubectl sluice abort " + name + "` rolls back";
        return c;
    }

    private static void replicas(RolloutStatus s, int current, int updated, int ready, int available) {
        s.replicas = current;
        s.updatedReplicas = updated;
        s.readyReplicas = ready;
        s.availableReplicas = available;
    }

    private static Rollout canaryOf(int setWeight, int weight, int step, String phase, String message) {
        Rollout r = Fixtures.canary("web", 5, 4);
        RolloutStatus s = status(r, phase, message);
        s.stableRS = STABLE;
        s.currentPodHash = CANARY;
        s.currentStepIndex = step;
        s.canary.requestedWeight = setWeight;
        s.canary.weight = weight;
        return r;
    }

    private static Snapshot snapshot(Rollout r, int canaryPods, int canaryReady, List<dev.sluice.api.analysis.AnalysisRun> runs) {
        replicas(r.getStatus(), 5 + canaryPods, canaryPods, 5 + canaryReady, 5 + canaryReady);
        List<io.fabric8.kubernetes.api.model.Pod> pods = new ArrayList<>(pods("web", STABLE, 5, 5, 3000));
        pods.addAll(pods("web", CANARY, canaryPods, canaryReady, 120));
        return new Snapshot(r, List.of(replicaSet("web", STABLE, "web:1", 5, 5, 3000),
                replicaSet("web", CANARY, "web:2", canaryPods, canaryReady, 120)), pods, runs);
    }

    private static Rollout blueGreenOf(String phase, String message, String active, String current) {
        Rollout r = Fixtures.blueGreen("web", 3);
        RolloutStatus s = status(r, phase, message);
        s.stableRS = STABLE;
        s.currentPodHash = current;
        s.blueGreen = new RolloutStatus.BlueGreenStatus();
        s.blueGreen.activeSelector = active;
        s.blueGreen.previewSelector = current;
        return r;
    }

    private static Snapshot bgSnapshot(Rollout r, int previewPods, int previewReady, List<dev.sluice.api.analysis.AnalysisRun> runs) {
        replicas(r.getStatus(), 3 + previewPods, previewPods, 3 + previewReady, 3 + previewReady);
        List<io.fabric8.kubernetes.api.model.Pod> pods = new ArrayList<>(pods("web", STABLE, 3, 3, 3000));
        pods.addAll(pods("web", CANARY, previewPods, previewReady, 240));
        return new Snapshot(r, List.of(replicaSet("web", STABLE, "web:1", 3, 3, 3000),
                replicaSet("web", CANARY, "web:2", previewPods, previewReady, 240)), pods, runs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phases")
    void renders_as_the_golden_file(String sentence, String file, Supplier<Snapshot> snapshot) throws IOException {
        String text = RolloutTree.render(snapshot.get(), Fixtures.NOW);
        Golden.assertMatches(GOLDEN.resolve(file + ".txt"), text);
    }
}
