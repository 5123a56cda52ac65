package dev.sluice.analysis.wiring;

import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.core.RunPlan;
import dev.sluice.analysis.core.RunRequests;
import dev.sluice.analysis.core.TemplateMerge;
import dev.sluice.analysis.kubernetes.TemplateSource;
import dev.sluice.analysis.provider.ProviderRegistry;
import dev.sluice.analysis.provider.SecretReader;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunSpec;
import dev.sluice.events.AnalysisRequested;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a run needs before its first measurement, from Kubernetes and the service's configuration: the AnalysisRun a
 * request asks for ({@link RunRequests}: templates read, built-ins generated) and the plan of a run ({@link RunPlan}:
 * Secret args resolved, providers found, conditions compiled).
 */
@ApplicationScoped
public class RunPreparation {
    private final TemplateSource templates;
    private final SecretReader secrets;
    private final ProviderRegistry providers;
    private final ConditionCompiler compiler;
    private final Optional<String> prometheusAddress;

    @Inject
    public RunPreparation(TemplateSource templates, SecretReader secrets, ProviderRegistry providers, ConditionCompiler compiler,
            @ConfigProperty(name = "sluice.analysis.prometheus.address") Optional<String> prometheusAddress) {
        this.templates = templates;
        this.secrets = secrets;
        this.providers = providers;
        this.compiler = compiler;
        this.prometheusAddress = prometheusAddress;
    }

    /** The run to create for a request, with the problems that make it an Error from the start. */
    RunRequests.Built build(AnalysisRequested req) {
        return RunRequests.build(req, templates::find, prometheusAddress);
    }

    /** The run's plan, or every reason it cannot be measured. */
    RunPlan.Prepared prepare(AnalysisRun run) {
        AnalysisRunSpec spec = run.getSpec();
        List<String> violations = new ArrayList<>();
        Map<String, String> args = TemplateMerge.resolveArgs(spec.args == null ? List.of() : spec.args,
                run.getMetadata().getNamespace(), secrets, violations);
        if (!violations.isEmpty()) {
            return new RunPlan.Prepared.Invalid(violations);
        }
        return RunPlan.prepare(spec.metrics, spec.dryRun, spec.measurementRetention, args, providers::find, compiler);
    }
}
