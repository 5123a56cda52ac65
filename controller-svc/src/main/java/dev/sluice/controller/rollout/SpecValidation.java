package dev.sluice.controller.rollout;

import dev.sluice.controller.rollout.RolloutDefinition.AnalysisDef;
import dev.sluice.controller.rollout.RolloutDefinition.Canary;
import dev.sluice.controller.rollout.RolloutDefinition.ProgressionDef;
import dev.sluice.controller.rollout.RolloutDefinition.StepDef;
import dev.sluice.api.values.GoDuration;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.TrafficRouting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a Rollout spec once and returns every violation, each a sentence naming the field, or the
 * {@link CanaryPlan} the engine runs. An invalid Rollout gets the {@code InvalidSpec} condition with all of them.
 */
public final class SpecValidation {
    static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofSeconds(600);
    static final Duration DEFAULT_ROUTED_SCALE_DOWN_DELAY = Duration.ofSeconds(30);
    static final Duration DEFAULT_ABORT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);
    static final IntOrPercent DEFAULT_SURGE = new IntOrPercent(25, true);
    /** The longest Rollout name: derived names ({@code <name>-<10-hex revision>-...}) stay within 253 characters. */
    public static final int MAX_NAME = 200;

    private SpecValidation() {
    }

    /** The outcome: a plan to run, or the violations to report. */
    public sealed interface Validated {
    }

    public record Valid(CanaryPlan plan) implements Validated {
    }

    public record Invalid(List<String> violations) implements Validated {
    }

    /** {@link #validate(RolloutDefinition)} plus the checks on the Rollout's name and its workloadRef. */
    public static Validated validate(String name, RolloutDefinition.WorkloadRefDef ref, RolloutDefinition d) {
        List<String> named = outerViolations(name, ref);
        Validated validated = validate(d);
        if (named.isEmpty()) {
            return validated;
        }
        List<String> all = new ArrayList<>(named);
        if (validated instanceof Invalid invalid) {
            all.addAll(invalid.violations());
        }
        return new Invalid(List.copyOf(all));
    }

    /**
     * A Rollout's name becomes part of other names ({@code <name>-<hash>} ReplicaSets, {@code <name>-<hash>-<step>}
     * AnalysisRuns, at most 253 characters), so it may have at most {@value #MAX_NAME} characters. Label values
     * derived from it are shortened by {@code LabelValues} in every service, so the 63-character label limit does
     * not apply to the name.
     */
    public static List<String> outerViolations(String name, RolloutDefinition.WorkloadRefDef ref) {
        List<String> v = new ArrayList<>();
        if (name != null && name.length() > MAX_NAME) {
            v.add("metadata.name has " + name.length() + " characters; at most " + MAX_NAME
                    + " fit the names Sluice derives from it (<name>-<revision> ReplicaSets, AnalysisRuns)");
        }
        if (ref != null) {
            if (blank(ref.name())) {
                v.add("spec.workloadRef.name is required");
            }
            if (ref.kind() != null && !ref.kind().equals("Deployment")) {
                v.add("spec.workloadRef.kind '" + ref.kind() + "' is not supported; only Deployment (apps/v1) is");
            }
            if (ref.scaleDown() != null && !WorkloadScaleDown.NAMES.contains(ref.scaleDown())) {
                v.add("spec.workloadRef.scaleDown '" + ref.scaleDown() + "' is not one of never, onsuccess, progressively");
            }
        }
        return v;
    }

    public static Validated validate(RolloutDefinition d) {
        List<String> v = commonViolations(d);
        int replicas = d.replicas() == null ? 1 : d.replicas();
        Canary c = d.canary();
        if (c == null && !d.hasBlueGreen()) {
            v.add("spec.strategy.canary is required");
        }
        if (c != null && d.hasBlueGreen()) {
            v.add("spec.strategy sets both canary and blueGreen; set exactly one");
        }
        if (c == null && d.hasBlueGreen()) {
            v.add("spec.strategy.blueGreen is not supported by this controller version yet");
        }
        if (c == null) {
            return new Invalid(v);
        }

        Optional<IntOrPercent> surge = surge("maxSurge", c.maxSurge(), v);
        Optional<IntOrPercent> unavailable = surge("maxUnavailable", c.maxUnavailable(), v);
        if (surge.isPresent() && unavailable.isPresent() && surge.get().value() == 0 && unavailable.get().value() == 0
                && c.maxSurge() != null && c.maxUnavailable() != null) {
            v.add("spec.strategy.canary.maxSurge and maxUnavailable are both 0; one must allow progress");
        }
        if ((c.stableService() == null) != (c.canaryService() == null)) {
            v.add("spec.strategy.canary.stableService and canaryService must be set together");
        } else if (c.stableService() != null && c.stableService().equals(c.canaryService())) {
            v.add("spec.strategy.canary.stableService and canaryService are both '" + c.stableService()
                    + "'; they must be two Services (one selects the stable pods, the other the canary pods)");
        }
        boolean routed = c.routingDeclared();
        if (routed) {
            routing("spec.strategy.canary.trafficRouting", c.routing(), v);
            if (c.stableService() == null || c.canaryService() == null) {
                v.add("spec.strategy.canary.trafficRouting needs stableService and canaryService");
            }
        }
        if (c.dynamicStableScale() && c.scaleDownDelaySeconds() != null) {
            v.add("spec.strategy.canary.dynamicStableScale cannot be combined with scaleDownDelaySeconds");
        }
        if (c.dynamicStableScale() && !routed) {
            v.add("spec.strategy.canary.dynamicStableScale needs trafficRouting");
        }
        if (c.minPodsPerReplicaSet() != null && c.minPodsPerReplicaSet() < 1) {
            v.add("spec.strategy.canary.minPodsPerReplicaSet must be at least 1 (got " + c.minPodsPerReplicaSet() + ")");
        }
        if (c.minPodsPerReplicaSet() != null && !routed) {
            v.add("spec.strategy.canary.minPodsPerReplicaSet needs trafficRouting (without it the weight is the replica ratio)");
        }
        nonNegative("scaleDownDelaySeconds", c.scaleDownDelaySeconds(), v);
        nonNegative("abortScaleDownDelaySeconds", c.abortScaleDownDelaySeconds(), v);
        nonNegative("scaleDownDelayRevisionLimit", c.scaleDownDelayRevisionLimit(), v);

        boolean hasSteps = c.steps() != null && !c.steps().isEmpty();
        List<Step> steps = new ArrayList<>();
        AnalysisSpec background = null;
        if (hasSteps && c.progression() != null) {
            v.add("spec.strategy.canary sets both steps and progression; use one");
        } else if (c.progression() != null) {
            Optional<Duration> interval = progression(c.progression(), v);
            if (c.progression().match() != null && !c.progression().match().isEmpty() && !routed) {
                v.add("spec.strategy.canary.progression.match needs trafficRouting (the routers send matching requests to the canary)");
            }
            if (c.progression().sessionAffinity() != null && !routed) {
                v.add("spec.strategy.canary.progression.sessionAffinity needs trafficRouting");
            }
            if (v.isEmpty() && interval.isPresent()) {
                steps.addAll(Progression.steps(c.progression(), interval.get()));
            }
        } else if (hasSteps) {
            steps(c.steps(), routed, routed && c.routing() != null && c.routing().managedRoutes() != null
                    ? c.routing().managedRoutes() : List.of(), v, steps);
        }
        if (c.background() != null) {
            if (background != null) {
                v.add("spec.strategy.canary.analysis cannot be combined with progression (its metrics are the background analysis)");
            }
            analysis("spec.strategy.canary.analysis", c.background(), v);
            int start = c.backgroundStartingStep() == null ? 0 : c.backgroundStartingStep();
            int count = hasSteps ? c.steps().size() : 0;
            if (start < 0 || (start > 0 && start >= count)) {
                v.add("spec.strategy.canary.analysis.startingStep " + start + " is outside the " + count + " steps");
            }
            background = spec(c.background());
        }
        if (!v.isEmpty()) {
            return new Invalid(List.copyOf(v));
        }
        Duration deadline = d.progressDeadlineSeconds() == null ? DEFAULT_PROGRESS_DEADLINE
                : Duration.ofSeconds(d.progressDeadlineSeconds());
        Duration scaleDownDelay = c.scaleDownDelaySeconds() != null ? Duration.ofSeconds(c.scaleDownDelaySeconds())
                : routed && !c.dynamicStableScale() ? DEFAULT_ROUTED_SCALE_DOWN_DELAY : Duration.ZERO;
        // Argo: 0 keeps the aborted canary's pods up (null here); unset is 30 s
        Duration abortDelay = c.abortScaleDownDelaySeconds() == null ? DEFAULT_ABORT_SCALE_DOWN_DELAY
                : c.abortScaleDownDelaySeconds() == 0 ? null : Duration.ofSeconds(c.abortScaleDownDelaySeconds());
        return new Valid(new CanaryPlan(replicas, steps, surge.orElse(DEFAULT_SURGE), unavailable.orElse(DEFAULT_SURGE),
                routed ? c.routing() : null, c.stableService(), c.canaryService(), background,
                c.backgroundStartingStep() == null ? 0 : c.backgroundStartingStep(), deadline, d.progressDeadlineAbort(),
                scaleDownDelay, abortDelay, c.dynamicStableScale(), d.paused(), metricsProvider(routed ? c.routing() : null),
                c.progression() == null ? null : c.progression().sessionAffinity(),
                c.minPodsPerReplicaSet() == null ? 1 : c.minPodsPerReplicaSet(), c.scaleDownDelayRevisionLimit(),
                d.rollbackWindowRevisions()));
    }

    /** What every strategy checks: replicas, template or workloadRef, progress deadline, rollbackWindow, restartAt. */
    public static List<String> commonViolations(RolloutDefinition d) {
        List<String> v = new ArrayList<>();
        int replicas = d.replicas() == null ? 1 : d.replicas();
        if (replicas < 0) {
            v.add("spec.replicas must not be negative (got " + replicas + ")");
        }
        if (d.hasTemplate() && d.hasWorkloadRef()) {
            v.add("spec.template and spec.workloadRef are both set; set exactly one");
        }
        if (!d.hasTemplate() && !d.hasWorkloadRef()) {
            v.add("spec.template or spec.workloadRef is required");
        }
        if (d.progressDeadlineSeconds() != null && d.progressDeadlineSeconds() <= 0) {
            v.add("spec.progressDeadlineSeconds must be positive (got " + d.progressDeadlineSeconds() + ")");
        }
        if (d.rollbackWindowRevisions() != null && d.rollbackWindowRevisions() < 0) {
            v.add("spec.rollbackWindow.revisions must not be negative (got " + d.rollbackWindowRevisions()
                    + "; 0 turns the fast-track rollback off)");
        }
        if (d.restartAt() != null && PodRestart.parse(d.restartAt()).isEmpty()) {
            v.add("spec.restartAt '" + d.restartAt() + "' is not an RFC 3339 time (e.g. 2026-12-01T06:00:00Z)");
        }
        return v;
    }

    private static Optional<IntOrPercent> surge(String field, String raw, List<String> v) {
        if (raw == null) {
            return Optional.of(DEFAULT_SURGE);
        }
        Optional<IntOrPercent> parsed = IntOrPercent.parse(raw);
        if (parsed.isEmpty()) {
            v.add("spec.strategy.canary." + field + " '" + raw + "' is neither a number of pods nor a percentage like 25%");
        } else if (parsed.get().percent() && parsed.get().value() > 100) {
            v.add("spec.strategy.canary." + field + " " + raw + " is above 100%");
        }
        return parsed;
    }

    private static void nonNegative(String field, Integer value, List<String> v) {
        if (value != null && value < 0) {
            v.add("spec.strategy.canary." + field + " must not be negative (got " + value + ")");
        }
    }

    /** The routers of a trafficRouting block at {@code at}: at least one, each with the objects it needs. */
    public static void routing(String at, TrafficRouting r, List<String> v) {
        if (r == null || !r.routed()) {
            v.add(at + " names no router; set istio, nginx, gatewayAPI, traefik, smi or plugins");
            return;
        }
        plugins(at + ".plugins", r.plugins(), v);
        if (r.istio() != null && (r.istio().virtualServices() == null || r.istio().virtualServices().isEmpty()
                || r.istio().virtualServices().stream().anyMatch(vs -> blank(vs.name())))) {
            v.add(at + ".istio needs virtualService (or virtualServices), each with a name");
        }
        if (r.nginx() != null && blank(r.nginx().stableIngress())
                && (r.nginx().stableIngresses() == null || r.nginx().stableIngresses().isEmpty())) {
            v.add(at + ".nginx needs stableIngress (or stableIngresses)");
        }
        if (r.gatewayAPI() != null && empty(r.gatewayAPI().httpRoutes()) && empty(r.gatewayAPI().grpcRoutes())
                && empty(r.gatewayAPI().tlsRoutes()) && empty(r.gatewayAPI().tcpRoutes())) {
            v.add(at + ".gatewayAPI needs httpRoute (or httpRoutes, grpcRoutes, tlsRoutes, tcpRoutes)");
        }
        if (r.managedRoutes() != null) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < r.managedRoutes().size(); i++) {
                String name = r.managedRoutes().get(i);
                if (blank(name)) {
                    v.add(at + ".managedRoutes[" + i + "].name is required");
                } else if (!seen.add(name)) {
                    v.add(at + ".managedRoutes names '" + name + "' twice");
                }
            }
        }
        if (r.traefik() != null && blank(r.traefik().weightedTraefikServiceName())) {
            v.add(at + ".traefik needs weightedTraefikServiceName");
        }
    }

    /** Argo-style plugin names: letters, digits, '-', '.', '/' (e.g. {@code argoproj-labs/gatewayAPI}), at most 63. */
    private static final java.util.regex.Pattern PLUGIN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9]([A-Za-z0-9./-]{0,61}[A-Za-z0-9])?");

    /**
     * Router plugins: each name well formed and each configuration a non-empty object. Which names traffic-svc
     * knows is traffic-svc's to say (an unknown one fails the shift there, naming the known plugins).
     */
    private static void plugins(String at, java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> plugins, List<String> v) {
        if (plugins == null) {
            return;
        }
        plugins.forEach((name, config) -> {
            if (name == null || !PLUGIN_NAME.matcher(name).matches()) {
                v.add(at + " name '" + name + "' is not a plugin name (letters, digits, '-', '.', '/'; at most 63; "
                        + "starts and ends with a letter or digit)");
            } else if (config == null || !config.isObject() || config.isEmpty()) {
                v.add(at + "." + name + " needs a non-empty configuration object");
            }
        });
    }

    private static void steps(List<StepDef> defs, boolean routed, List<String> managedRoutes, List<String> v, List<Step> out) {
        boolean anyWeight = false;
        for (int i = 0; i < defs.size(); i++) {
            StepDef s = defs.get(i);
            String at = "spec.strategy.canary.steps[" + i + "]";
            int set = (s.setWeight() != null ? 1 : 0) + (s.pause() ? 1 : 0) + (s.analysis() != null ? 1 : 0)
                    + (s.setCanaryScale() != null ? 1 : 0) + (s.setHeaderRoute() != null ? 1 : 0)
                    + (s.setMirrorRoute() != null ? 1 : 0);
            if (set != 1) {
                v.add(at + " must set exactly one of setWeight, pause, analysis, setCanaryScale, setHeaderRoute, setMirrorRoute (sets "
                        + set + ")");
                continue;
            }
            if (s.setHeaderRoute() != null || s.setMirrorRoute() != null) {
                ManagedRouteSteps.step(at, s, routed, managedRoutes, v).ifPresent(out::add);
            } else if (s.setWeight() != null) {
                anyWeight = true;
                if (s.setWeight() < 0 || s.setWeight() > 100) {
                    v.add(at + ".setWeight " + s.setWeight() + " is outside 0..100");
                } else {
                    out.add(new Step.SetWeight(s.setWeight()));
                }
            } else if (s.pause()) {
                if (s.pauseDuration() == null) {
                    out.add(new Step.Pause(null));
                } else {
                    GoDuration.Parsed d = GoDuration.parse(s.pauseDuration(), true);
                    if (!d.ok()) {
                        v.add(at + ".pause.duration " + d.problem());
                    } else {
                        out.add(new Step.Pause(d.value()));
                    }
                }
            } else if (s.analysis() != null) {
                if (analysis(at + ".analysis", s.analysis(), v)) {
                    out.add(new Step.Analysis(spec(s.analysis())));
                }
            } else {
                RolloutDefinition.ScaleDef sc = s.setCanaryScale();
                boolean match = Boolean.TRUE.equals(sc.matchTrafficWeight());
                int modes = (sc.replicas() != null ? 1 : 0) + (sc.weight() != null ? 1 : 0) + (match ? 1 : 0);
                if (!routed) {
                    v.add(at + ".setCanaryScale needs trafficRouting (without it the weight is the replica ratio)");
                } else if (modes != 1) {
                    v.add(at + ".setCanaryScale must set exactly one of replicas, weight, matchTrafficWeight");
                } else if (sc.replicas() != null && sc.replicas() < 0) {
                    v.add(at + ".setCanaryScale.replicas must not be negative");
                } else if (sc.weight() != null && (sc.weight() < 0 || sc.weight() > 100)) {
                    v.add(at + ".setCanaryScale.weight " + sc.weight() + " is outside 0..100");
                } else {
                    out.add(new Step.SetCanaryScale(sc.replicas(), sc.weight(), match));
                }
            }
        }
        if (!anyWeight) {
            v.add("spec.strategy.canary.steps has no setWeight step; traffic would never reach the canary before promotion");
        }
    }

    /** Templates and args of an analysis at {@code at}; true when it added no violation. */
    public static boolean analysis(String at, AnalysisDef a, List<String> v) {
        int before = v.size();
        if (a.templates() == null || a.templates().isEmpty()) {
            v.add(at + ".templates needs at least one templateName");
        } else {
            for (int i = 0; i < a.templates().size(); i++) {
                if (blank(a.templates().get(i).templateName())) {
                    v.add(at + ".templates[" + i + "].templateName is required");
                }
            }
        }
        if (a.args() != null) {
            for (int i = 0; i < a.args().size(); i++) {
                AnalysisRequested.Arg arg = a.args().get(i);
                if (blank(arg.name())) {
                    v.add(at + ".args[" + i + "].name is required");
                }
                if ((arg.value() == null) == (arg.secretKeyRef() == null)) {
                    v.add(at + ".args[" + i + "] must set exactly one of value, valueFrom.secretKeyRef");
                } else if (arg.secretKeyRef() != null && (blank(arg.secretKeyRef().name()) || blank(arg.secretKeyRef().key()))) {
                    v.add(at + ".args[" + i + "].valueFrom.secretKeyRef needs name and key");
                }
            }
        }
        if (a.valueFrom() != null) {
            for (RolloutDefinition.ValueFromDef f : a.valueFrom()) {
                String arg = at + ".args[" + f.index() + "]";
                if (blank(f.name())) {
                    v.add(arg + ".name is required");
                }
                if ((f.fieldPath() == null) == (f.podTemplateHashValue() == null)) {
                    v.add(arg + ".valueFrom must set exactly one of secretKeyRef, fieldRef, podTemplateHashValue");
                } else if (f.fieldPath() != null && !FieldRefs.supported(f.fieldPath())) {
                    v.add(arg + ".valueFrom.fieldRef.fieldPath '" + f.fieldPath() + "' is not one of " + FieldRefs.SUPPORTED);
                } else if (f.fieldPath() != null && f.fieldValue() == null) {
                    v.add(arg + ".valueFrom.fieldRef.fieldPath '" + f.fieldPath() + "' names nothing on this Rollout; add the label or annotation");
                } else if (f.podTemplateHashValue() != null && !AnalysisSpec.HashArg.STABLE.equals(f.podTemplateHashValue())
                        && !AnalysisSpec.HashArg.LATEST.equals(f.podTemplateHashValue())) {
                    v.add(arg + ".valueFrom.podTemplateHashValue '" + f.podTemplateHashValue() + "' is not Stable or Latest");
                }
            }
        }
        return v.size() == before;
    }

    /** A valid analysis as the engine sends it: fieldRef args as literals, podTemplateHashValue args resolved per request. */
    public static AnalysisSpec spec(AnalysisDef a) {
        List<AnalysisRequested.Arg> args = new ArrayList<>(a.args() == null ? List.of() : a.args());
        List<AnalysisSpec.HashArg> hashArgs = new ArrayList<>();
        if (a.valueFrom() != null) {
            for (RolloutDefinition.ValueFromDef f : a.valueFrom()) {
                if (f.fieldPath() != null) {
                    args.add(new AnalysisRequested.Arg(f.name(), f.fieldValue(), null));
                } else {
                    hashArgs.add(new AnalysisSpec.HashArg(f.name(), f.podTemplateHashValue()));
                }
            }
        }
        return new AnalysisSpec(a.templates(), args, List.of(), hashArgs);
    }

    private static Optional<Duration> progression(ProgressionDef p, List<String> v) {
        String at = "spec.strategy.canary.progression";
        Optional<Duration> interval = Optional.empty();
        if (p.interval() == null || p.interval().isBlank()) {
            v.add(at + ".interval is required (a duration like 1m)");
        } else {
            GoDuration.Parsed parsed = GoDuration.parse(p.interval());
            if (!parsed.ok()) {
                v.add(at + ".interval " + parsed.problem());
            } else if (parsed.value().isZero()) {
                v.add(at + ".interval must be more than 0");
            } else {
                interval = Optional.of(parsed.value());
            }
        }
        boolean list = p.stepWeights() != null && !p.stepWeights().isEmpty();
        boolean ab = p.match() != null && !p.match().isEmpty();
        if (ab) {
            // Flagger's A/B testing: matching requests go to the canary for iterations intervals, weights do not apply
            if (p.stepWeight() != null || list || p.maxWeight() != null || p.stepWeightPromotion() != null) {
                v.add(at + ".match (A/B testing) cannot be combined with stepWeight, stepWeights, maxWeight or stepWeightPromotion");
            }
            if (p.iterations() == null || p.iterations() < 1) {
                v.add(at + ".match needs iterations of at least 1 (how many intervals the matched requests reach the canary)");
            }
            ManagedRouteSteps.matches(at + ".match", p.match(), v);
        } else if ((p.stepWeight() != null) == list) {
            v.add(at + " must set exactly one of stepWeight, stepWeights (or match with iterations for A/B testing)");
        }
        if (!ab && p.iterations() != null) {
            v.add(at + ".iterations needs match (A/B testing); with weights, use stepWeight or stepWeights");
        }
        if (p.sessionAffinity() != null) {
            if (blank(p.sessionAffinity().cookieName())) {
                v.add(at + ".sessionAffinity.cookieName is required");
            }
            if (p.sessionAffinity().maxAge() != null && p.sessionAffinity().maxAge() < 1) {
                v.add(at + ".sessionAffinity.maxAge must be at least 1 second (got " + p.sessionAffinity().maxAge() + ")");
            }
        }
        if (p.stepWeight() != null && (p.stepWeight() < 1 || p.stepWeight() > 100)) {
            v.add(at + ".stepWeight " + p.stepWeight() + " is outside 1..100");
        }
        if (list) {
            int previous = 0;
            for (int w : p.stepWeights()) {
                if (w <= previous || w > 100) {
                    v.add(at + ".stepWeights must rise strictly within 1..100 (got " + p.stepWeights() + ")");
                    break;
                }
                previous = w;
            }
        }
        if (p.maxWeight() != null && (p.maxWeight() < 1 || p.maxWeight() > 100)) {
            v.add(at + ".maxWeight " + p.maxWeight() + " is outside 1..100");
        }
        if (p.stepWeightPromotion() != null && (p.stepWeightPromotion() < 1 || p.stepWeightPromotion() > 100)) {
            v.add(at + ".stepWeightPromotion " + p.stepWeightPromotion() + " is outside 1..100");
        }
        if (p.threshold() != null && p.threshold() < 1) {
            v.add(at + ".threshold must be at least 1 (got " + p.threshold() + ")");
        }
        if (p.metrics() != null) {
            for (int i = 0; i < p.metrics().size(); i++) {
                RolloutDefinition.MetricDef m = p.metrics().get(i);
                if (m.templateName() != null) {
                    continue; // a custom check: the template's own metrics, validated by analysis-svc when it runs
                }
                if (!Progression.SUCCESS_RATE.equals(m.name()) && !Progression.DURATION.equals(m.name())) {
                    v.add(at + ".metrics[" + i + "].name '" + m.name() + "' is not request-success-rate or request-duration");
                }
                if (m.min() != null && m.max() != null && m.min() > m.max()) {
                    v.add(at + ".metrics[" + i + "].thresholdRange min " + m.min() + " is above max " + m.max());
                }
                if (m.min() == null && m.max() == null) {
                    v.add(at + ".metrics[" + i + "].thresholdRange needs min or max");
                }
                if (m.interval() != null) {
                    GoDuration.Parsed parsed = GoDuration.parse(m.interval());
                    if (!parsed.ok()) {
                        v.add(at + ".metrics[" + i + "].interval " + parsed.problem());
                    } else if (parsed.value().isZero()) {
                        v.add(at + ".metrics[" + i + "].interval must be more than 0");
                    }
                }
            }
        }
        return interval;
    }

    /** Which router's metrics built-in checks read: istio, nginx, gatewayAPI, traefik, or app without routing. */
    public static String metricsProvider(TrafficRouting r) {
        if (r == null) {
            return "app";
        }
        // SMI and plugin routers have no built-in queries of their own: the app's http_requests_total, as without routing
        return r.istio() != null ? "istio" : r.nginx() != null ? "nginx" : r.gatewayAPI() != null ? "gatewayAPI"
                : r.traefik() != null ? "traefik" : "app";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
