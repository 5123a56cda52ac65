package dev.sluice.analysis.api;

import dev.sluice.common.auth.CallerCheck;
import dev.sluice.common.auth.RequiresCaller;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.kubernetes.AnalysisRunStore;
import dev.sluice.analysis.kubernetes.TemplateSource;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderRegistry;
import dev.sluice.analysis.provider.SecretReader;
import dev.sluice.analysis.core.RunPlan;
import dev.sluice.analysis.core.RunRequests;
import dev.sluice.analysis.core.SingleEvaluation;
import dev.sluice.analysis.core.TemplateMerge;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.api.analysis.Argument;
import dev.sluice.common.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.smallrye.common.annotation.Blocking;

/**
 * AnalysisRuns as people read them, and a dry run of a template: every provider value, every condition's
 * result and the verdict, evaluated once, now. Errors are {@code application/problem+json}. Reading needs a bearer
 * token allowed {@code get} on {@code analysisruns.sluice.dev}: the list holds only namespaces the caller may read.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AnalysisRunResource {
    @Inject
    AnalysisRunStore runs;

    @Inject
    TemplateSource templates;

    @Inject
    ProviderRegistry providers;

    @Inject
    ConditionCompiler compiler;

    @Inject
    SecretReader secrets;

    @Inject
    Clock clock;

    @Inject
    CallerCheck callers;

    @Inject
    dev.sluice.analysis.redact.MeasurementText text;

    static final String RUNS = "analysisruns.sluice.dev";

    @ConfigProperty(name = "sluice.analysis.measurement-timeout", defaultValue = "30s")
    Duration measurementTimeout;

    /** Whether a dry run may read Secrets for templates' {@code secretKeyRef} args (off: a dry run could send them anywhere). */
    @ConfigProperty(name = "sluice.analysis.dry-run.read-secrets", defaultValue = "false")
    boolean dryRunReadsSecrets;

    /** A dry run measures every metric now, on a request thread: this many at most. */
    static final int MAX_DRY_RUN_METRICS = 20;

    /** One line per run. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunSummary(String namespace, String name, String rollout, String revision, Integer stepIndex, String kind,
            String phase, String message, String decidingMetric, String decidingValue, String startedAt, String completedAt) {
    }

    @GET
    @Path("/analysisruns")
    public List<RunSummary> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("namespace") String namespace, @QueryParam("rollout") String rollout) {
        if (rollout != null && namespace == null) {
            throw ProblemException.badRequest("rollout needs namespace", List.of("give ?namespace= with ?rollout="));
        }
        var readable = callers.namespaces(authorization, "get", RUNS);
        if (namespace != null && !readable.test(namespace)) {
            throw new ProblemException(403, "Forbidden", "the caller may not get " + RUNS + " in namespace " + namespace, List.of());
        }
        return runs.list(namespace, rollout).stream()
                .filter(r -> readable.test(r.getMetadata().getNamespace()))
                .map(AnalysisRunResource::summary)
                .sorted(Comparator.comparing((RunSummary s) -> s.startedAt() == null ? "" : s.startedAt()).reversed())
                .toList();
    }

    @GET
    @Path("/namespaces/{namespace}/analysisruns/{name}")
    @RequiresCaller(verb = "get", resource = RUNS)
    public AnalysisRun get(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        return runs.get(namespace, name)
                .orElseThrow(() -> ProblemException.notFound("AnalysisRun " + namespace + "/" + name + " not found"));
    }

    /** A dry-run request: templates by name and/or one inline template, and literal arg values. */
    public record DryRunRequest(List<TemplateRef> templates, AnalysisTemplateSpec template, List<Arg> args) {
    }

    public record TemplateRef(String templateName, boolean clusterScope) {
    }

    public record Arg(String name, String value) {
    }

    /**
     * Runs providers with the caller's template, so only a caller who may create AnalysisRuns in the namespace may
     * (bearer token; TokenReview + SubjectAccessReview {@code create analysisruns.sluice.dev} in a cluster).
     */
    @POST
    @Path("/namespaces/{namespace}/dry-run")
    @RequiresCaller(verb = "create", resource = "analysisruns.sluice.dev")
    @Consumes(MediaType.APPLICATION_JSON)
    public SingleEvaluation.Outcome dryRun(@PathParam("namespace") String namespace, DryRunRequest request) {
        if (request == null || (request.templates() == null || request.templates().isEmpty()) && request.template() == null) {
            throw ProblemException.badRequest("nothing to evaluate",
                    List.of("give templates [{templateName, clusterScope}] and/or an inline template {args, metrics}"));
        }
        List<String> violations = new ArrayList<>();
        List<TemplateMerge.Found> found = new ArrayList<>();
        for (TemplateRef ref : request.templates() == null ? List.<TemplateRef>of() : request.templates()) {
            if (ref.templateName() == null || ref.templateName().isBlank()) {
                violations.add("a template reference has no templateName");
                continue;
            }
            RunRequests.find(templates::find, namespace, ref.templateName(), ref.clusterScope(), found, violations);
        }
        if (request.template() != null) {
            if (request.template().args != null && request.template().args.stream().anyMatch(a -> a.valueFrom != null)) {
                violations.add("an inline template cannot read Secrets (valueFrom); give the value in args");
            }
            found.add(new TemplateMerge.Found("inline template", "(request body)", request.template()));
        }
        List<Argument> given = new ArrayList<>();
        for (Arg a : request.args() == null ? List.<Arg>of() : request.args()) {
            if (a == null || a.name() == null || a.name().isBlank() || a.value() == null) {
                violations.add("every arg needs a name and a value");
            } else {
                given.add(new Argument(a.name(), a.value(), null));
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest("the dry run cannot start", violations);
        }
        TemplateMerge.Result merged = TemplateMerge.merge(found, given, List.of());
        if (merged instanceof TemplateMerge.Result.Invalid invalid) {
            throw ProblemException.badRequest("the templates cannot be merged", invalid.violations());
        }
        TemplateMerge.Merged m = ((TemplateMerge.Result.Ok) merged).merged();
        if (m.metrics().size() > MAX_DRY_RUN_METRICS) {
            throw ProblemException.badRequest("too many metrics for a dry run", List.of("a dry run evaluates at most "
                    + MAX_DRY_RUN_METRICS + " metrics, the templates have " + m.metrics().size()));
        }
        if (!dryRunReadsSecrets) {
            for (Argument a : m.args()) {
                if (a.value == null && a.valueFrom != null) {
                    violations.add("arg '" + a.name + "' reads a Secret; a dry run does not read Secrets "
                            + "(sluice.analysis.dry-run.read-secrets=false): give its value in args");
                }
            }
        }
        Map<String, String> values = TemplateMerge.resolveArgs(m.args(), namespace, secrets, violations);
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest("the args cannot be resolved", violations);
        }
        RunPlan.Prepared prepared = RunPlan.prepare(m.metrics(), m.dryRun(), m.measurementRetention(), values, providers::find,
                compiler);
        if (prepared instanceof RunPlan.Prepared.Invalid invalid) {
            throw ProblemException.badRequest("the template is not valid", invalid.violations());
        }
        Instant now = clock.instant();
        return text.clean(SingleEvaluation.evaluate(((RunPlan.Prepared.Ready) prepared).plan(),
                metric -> metric.provider().measure(new MeasurementRequest(namespace, metric.spec().name(),
                        metric.spec().providerConfig(), now, measurementTimeout, secrets)), now));
    }

    static RunSummary summary(AnalysisRun r) {
        var s = r.getStatus();
        var spec = r.getSpec();
        return new RunSummary(r.getMetadata().getNamespace(), r.getMetadata().getName(), spec == null ? null : spec.rollout,
                spec == null ? null : spec.revision, spec == null ? null : spec.stepIndex, spec == null ? null : spec.kind,
                s == null ? "Pending" : s.phase, s == null ? null : s.message, s == null ? null : s.decidingMetric,
                s == null ? null : s.decidingValue, s == null ? null : s.startedAt, s == null ? null : s.completedAt);
    }
}
