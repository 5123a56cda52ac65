package dev.sluice.e2e.demo;

import dev.sluice.e2e.cli.CommandLine;
import dev.sluice.e2e.events.ObservedEvent;
import dev.sluice.e2e.fixture.CanaryScenario;
import dev.sluice.e2e.fixture.CanaryScenario.Measurement;
import dev.sluice.e2e.fixture.CanaryScenario.Outcome;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.e2e.harness.PrometheusServer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ./sluice demo}: starts the whole suite as separate processes, releases a healthy canary (promoted),
 * a failing one (rolled back) and, with Prometheus, a failing Flagger-style progression (rolled back by its checks), prints what happens as it happens (read from the Kafka topics) and a summary.
 * Exit code 0 only when both outcomes happened.
 */
public final class DemoMain {
    private static final Duration OUTCOME_TIMEOUT = Duration.ofSeconds(90);
    private final long t0 = System.nanoTime();
    private final Map<String, String> lastPhase = new ConcurrentHashMap<>();

    static final String USAGE = "usage: ./sluice demo [--web] [--keep]";
    /** How long the failing canary's route may take to hold 0% after the rollout turned Degraded. */
    private static final Duration ROUTE_BACK_TIMEOUT = Duration.ofSeconds(30);

    /**
     * {@code --web}: use the web provider even where Prometheus is installed (shows the fallback). {@code --keep}: keep
     * the suite up after the acts (the dashboard stays open) until Ctrl-C.
     */
    public static void main(String[] args) {
        CommandLine.Parsed parsed = CommandLine.parse(java.util.Arrays.asList(args), java.util.Set.of("--web", "--keep"), java.util.Set.of());
        java.util.Set<String> flags = CommandLine.runOrExit(parsed, "demo", USAGE, "Starts Kafka, a Kubernetes API test server, the three services, two app versions, a cluster simulator"
                    + " and Prometheus as processes; shows a healthy canary promoted, a failing one rolled back and a Flagger-style"
                    + " progression, with the dashboard's URL. --web: measure with the web provider instead of Prometheus."
                    + " --keep: keep everything running after the acts until Ctrl-C.").flags();
        System.exit(new DemoMain().run(flags.contains("--web"), flags.contains("--keep")));
    }

    private int run(boolean forceWeb, boolean keep) {
        boolean prometheus = PrometheusServer.installed() && !forceWeb;
        Measurement measurement = prometheus ? Measurement.PROMETHEUS : Measurement.WEB;
        say("Sluice demo: the controller, analysis and traffic services, a Kafka broker, a Kubernetes API test server,");
        say("two versions of a web app, a cluster simulator (ready pods + a mesh sending 40 requests/s)"
                + (prometheus ? " and a real Prometheus" : "") + ", each in its own process.");
        if (forceWeb) {
            say("NOTE: --web: the analysis uses the 'web' provider against the canary app's own /stats endpoint.");
        } else if (!prometheus) {
            say("NOTE: " + PrometheusServer.BINARY + " is not installed, so the analysis uses the 'web' provider against the"
                    + " canary app's own /stats endpoint instead of Prometheus (install Debian's 'prometheus' to see it).");
        }
        try (Harness harness = Harness.start(Harness.Options.defaults("demo").withPrometheus(prometheus))) {
            say("Everything is up. Logs: " + harness.logDir());
            say("Dashboard: " + harness.dashboardUrl() + "  (sign in with token " + dev.sluice.e2e.harness.AccessReviews.OPERATOR_TOKEN
                    + ", or " + dev.sluice.e2e.harness.AccessReviews.VIEWER_TOKEN + " to look without the buttons)");
            harness.events().onEvent(this::show);
            watchPhases(new dev.sluice.e2e.fixture.Cluster(harness.kube()), "demo-healthy", "demo-failing");

            say("");
            say("=== 1. A healthy new version: 20% -> analysis (success rate from " + measurement.name().toLowerCase(Locale.ROOT)
                    + ") -> 40% -> 60% -> 80% -> promoted");
            CanaryScenario healthy = new CanaryScenario(harness, "demo-healthy", Router.ISTIO, measurement,
                    Manifests.analysedSteps("2s"));
            healthy.givenAStableFirstRevision(Duration.ofSeconds(60));
            say("first revision " + healthy.stableRevision() + " is stable; releasing image 2.0 (fails 0% of requests)");
            healthy.whenANewImageIsReleased("sluice/demo-app:2.0");
            Outcome first = healthy.awaitOutcome(OUTCOME_TIMEOUT);

            say("");
            say("=== 2. A failing new version: the canary app now answers 500 to half of its requests");
            harness.setCanaryFailureShare(0.5);
            CanaryScenario failing = new CanaryScenario(harness, "demo-failing", Router.ISTIO, measurement,
                    Manifests.analysedSteps("2s"));
            failing.givenAStableFirstRevision(Duration.ofSeconds(60));
            say("first revision " + failing.stableRevision() + " is stable; releasing image 3.0 (fails 50% of requests)");
            failing.whenANewImageIsReleased("sluice/demo-app:3.0");
            Outcome second = failing.awaitOutcome(OUTCOME_TIMEOUT);
            int weightAfter = routeBackToStable(failing);

            Outcome third = null;
            if (prometheus) {
                say("");
                say("=== 3. Flagger-style progression: weight +20% every 5 s up to 60%, each weight checked by the built-in");
                say("    request-success-rate (>= 99%, from Prometheus); rolled back after 3 failed checks. The canary still fails 50%.");
                CanaryScenario progression = CanaryScenario.progression(harness, "demo-progression", Router.GATEWAY_API, "5s", 20, 60, 3);
                watchPhases(progression.cluster(), "demo-progression");
                progression.givenAStableFirstRevision(Duration.ofSeconds(60));
                say("first revision " + progression.stableRevision() + " is stable; releasing image 4.0 (fails 50% of requests)");
                progression.whenANewImageIsReleased("sluice/demo-app:4.0");
                third = progression.awaitOutcome(OUTCOME_TIMEOUT);
            } else {
                say("");
                say("=== 3. (Flagger-style progression skipped: its built-in checks read Prometheus, which is not in use)");
            }

            say("");
            say("=== Summary (" + seconds() + " s)");
            say(String.format(Locale.ROOT, "  %-18s revision %s: %s in %.1f s%s", healthy.rolloutId(), first.revision(),
                    first.promoted() ? "PROMOTED, now stable" : "NOT promoted (phase " + first.phase() + ")", first.millis() / 1000.0,
                    first.message().isEmpty() ? "" : " - " + first.message()));
            say(String.format(Locale.ROOT, "  %-18s revision %s: %s in %.1f s - %s; canary weight now %d%%, stable still %s",
                    failing.rolloutId(), second.revision(),
                    "Degraded".equals(second.phase()) ? "ROLLED BACK" : "NOT rolled back (phase " + second.phase() + ")",
                    second.millis() / 1000.0, second.message(), weightAfter, second.stableRevision()));
            if (third != null) {
                say(String.format(Locale.ROOT, "  %-18s revision %s: %s in %.1f s - %s", "demo-progression/web", third.revision(),
                        "Degraded".equals(third.phase()) ? "ROLLED BACK by its checks" : "NOT rolled back (phase " + third.phase() + ")",
                        third.millis() / 1000.0, third.message()));
            }
            boolean ok = first.promoted() && "Healthy".equals(first.phase()) && !second.promoted()
                    && "Degraded".equals(second.phase()) && weightAfter == 0
                    && (third == null || !third.promoted() && "Degraded".equals(third.phase()));
            say(ok ? "Both outcomes happened: Sluice promoted the healthy version and rolled back the failing one"
                    + (third == null ? "." : "; the Flagger-style progression was rolled back by its checks.")
                    : "The demo did NOT reach both outcomes; see the logs in " + harness.logDir());
            if (keep) {
                say("--keep: the suite stays up; dashboard at " + harness.dashboardUrl() + " (token "
                        + dev.sluice.e2e.harness.AccessReviews.OPERATOR_TOKEN + "). Ctrl-C stops everything.");
                new java.util.concurrent.CountDownLatch(1).await();
            }
            return ok ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            System.err.println("demo failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The failing canary's route weight once it holds 0%, awaited with a bound: the abort's shift may still be in flight
     * when the rollout turns Degraded. Returns the last weight seen when the bound passes (-1: none read).
     */
    private static int routeBackToStable(CanaryScenario failing) {
        int[] last = {-1};
        try {
            dev.sluice.e2e.harness.Wait.until("the failing canary's route to hold 0%", ROUTE_BACK_TIMEOUT, () -> {
                last[0] = failing.cluster().canaryWeight(failing.namespace(), Router.ISTIO).orElse(-1);
                return last[0] == 0;
            });
        } catch (IllegalStateException timedOut) {
            // reported in the summary with the weight last seen
        }
        return last[0];
    }

    /** Prints each phase change of the demo rollouts as the controller writes it to status. */
    private void watchPhases(dev.sluice.e2e.fixture.Cluster cluster, String... namespaces) {
        var poller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phase-watch");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> {
            for (String ns : namespaces) {
                try {
                    var status = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
                    String phase = status.path("phase").asText("");
                    if (!phase.isEmpty() && !phase.equals(lastPhase.put(ns, phase))) {
                        System.out.printf(Locale.ROOT, "[%5.1fs] %-17s phase is now %s%s%n", (System.nanoTime() - t0) / 1e9,
                                ns + "/" + Manifests.ROLLOUT, phase,
                                status.path("message").asText("").isEmpty() ? "" : " (" + status.path("message").asText() + ")");
                    }
                } catch (RuntimeException e) {
                    // the API server is going away at the end of the demo
                }
            }
        }, 0, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void show(ObservedEvent event) {
        if (!event.rolloutId().startsWith("demo-")) {
            return;
        }
        System.out.printf(Locale.ROOT, "[%5.1fs] %-17s %s%n", (System.nanoTime() - t0) / 1e9, event.rolloutId(),
                ProgressView.describe(event.data()));
    }

    private String seconds() {
        return String.format(Locale.ROOT, "%.0f", (System.nanoTime() - t0) / 1e9);
    }

    private void say(String line) {
        System.out.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - t0) / 1e9, line);
    }
}
