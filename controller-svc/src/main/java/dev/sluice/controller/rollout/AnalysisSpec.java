package dev.sluice.controller.rollout;

import dev.sluice.events.AnalysisRequested;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an analysis runs: templates by name and args (secret args as references), or Flagger-style built-in
 * metrics with a failure threshold. It travels as {@link AnalysisRequested}.
 */
public record AnalysisSpec(List<AnalysisRequested.TemplateRef> templates, List<AnalysisRequested.Arg> args,
        List<AnalysisRequested.BuiltInMetric> builtInMetrics) {

    public AnalysisSpec {
        templates = templates == null ? List.of() : List.copyOf(templates);
        args = args == null ? List.of() : List.copyOf(args);
        builtInMetrics = builtInMetrics == null ? List.of() : List.copyOf(builtInMetrics);
    }

    public String describe() {
        return java.util.stream.Stream.concat(builtInMetrics.stream().map(AnalysisRequested.BuiltInMetric::name),
                templates.stream().map(AnalysisRequested.TemplateRef::templateName)).collect(Collectors.joining(", "));
    }
}
