package dev.sluice.controller.rollout;

import dev.sluice.events.AnalysisRequested;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an analysis runs: templates by name and args (secret args as references), or Flagger-style built-in
 * metrics with a failure threshold. It travels as {@link AnalysisRequested}.
 */
public record AnalysisSpec(List<AnalysisRequested.TemplateRef> templates, List<AnalysisRequested.Arg> args,
        List<AnalysisRequested.BuiltInMetric> builtInMetrics, List<HashArg> hashArgs) {

    public AnalysisSpec {
        templates = templates == null ? List.of() : List.copyOf(templates);
        args = args == null ? List.of() : List.copyOf(args);
        builtInMetrics = builtInMetrics == null ? List.of() : List.copyOf(builtInMetrics);
        hashArgs = hashArgs == null ? List.of() : List.copyOf(hashArgs);
    }

    public AnalysisSpec(List<AnalysisRequested.TemplateRef> templates, List<AnalysisRequested.Arg> args,
            List<AnalysisRequested.BuiltInMetric> builtInMetrics) {
        this(templates, args, builtInMetrics, null);
    }

    /** Argo's {@code valueFrom.podTemplateHashValue}: the arg {@code name} gets the Stable or Latest revision's hash. */
    public record HashArg(String name, String which) {
        public static final String STABLE = "Stable";
        public static final String LATEST = "Latest";
    }

    /** The args as sent: literal and secret args, then the hash args with the hashes of this request. */
    public List<AnalysisRequested.Arg> resolvedArgs(String stableHash, String latestHash) {
        if (hashArgs.isEmpty()) {
            return args;
        }
        List<AnalysisRequested.Arg> all = new java.util.ArrayList<>(args);
        for (HashArg h : hashArgs) {
            all.add(new AnalysisRequested.Arg(h.name(), HashArg.STABLE.equals(h.which()) ? stableHash : latestHash, null));
        }
        return List.copyOf(all);
    }

    public String describe() {
        return java.util.stream.Stream.concat(builtInMetrics.stream().map(AnalysisRequested.BuiltInMetric::name),
                templates.stream().map(AnalysisRequested.TemplateRef::templateName)).collect(Collectors.joining(", "));
    }
}
