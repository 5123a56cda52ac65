package dev.sluice.analysis.provider.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.ProviderValues;
import dev.sluice.api.analysis.AnalysisRun;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Argo's Kubernetes {@code job} provider: each measurement runs a Job built from the metric's block and waits for
 * it. A Job that completes is {@code result.succeeded == true} (Successful without conditions), one that fails is
 * {@code false} (Failed). The Job is owned by the AnalysisRun, labelled with the run and metric, and of each run's
 * metric only the newest {@link #KEEP} Jobs are kept (older ones are deleted with their pods), as Argo does.
 * <pre>
 * job:
 *   metadata: {labels: {...}, annotations: {...}}   # optional, added to the Job
 *   spec: {backoffLimit: 0, template: {spec: {containers: [...], restartPolicy: Never}}}
 *   timeout: 15m     # Sluice's: how long to wait (default activeDeadlineSeconds + 1m, else 10m)
 * </pre>
 * A Job still running at the timeout is deleted and the measurement is an Error. A dry run of a template
 * (REST) runs no Job: its measurement is an Error saying so.
 */
@ApplicationScoped
public class JobProvider implements MetricProvider {
    private static final Logger LOG = Logger.getLogger(JobProvider.class);
    static final String RUN_LABEL = "sluice.dev/analysis-run";
    static final String METRIC_LABEL = "sluice.dev/metric";
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    static final int KEEP = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    @Inject
    public JobProvider(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public String type() {
        return "job";
    }

    @Override
    public String defaultSuccessCondition() {
        return "result.succeeded";
    }

    @Override
    public List<String> validate(JsonNode config) {
        return JobConfig.problems(config);
    }

    @Override
    public ProviderResult measure(MeasurementRequest request) {
        JsonNode config = request.config();
        String runName = request.run().runName();
        if (runName == null) {
            return new ProviderResult.Failure("the job provider runs Jobs only for an AnalysisRun, not for a dry run of a template");
        }
        Job job;
        try {
            job = client.batch().v1().jobs().inNamespace(request.namespace()).resource(build(request, runName)).create();
        } catch (KubernetesClientException e) {
            return new ProviderResult.Failure("cannot create the Job for metric '" + request.metricName() + "': " + e.getMessage());
        }
        String name = job.getMetadata().getName();
        Duration timeout = timeout(config, job.getSpec());
        Job finished;
        try {
            finished = client.batch().v1().jobs().inNamespace(request.namespace()).withName(name)
                    .waitUntilCondition(j -> j == null || finished(j).isPresent(), timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            delete(request.namespace(), name);
            return new ProviderResult.Failure("Job " + request.namespace() + "/" + name + " did not finish within "
                    + timeout.toSeconds() + "s; it was deleted");
        } catch (RuntimeException e) {
            delete(request.namespace(), name);
            return new ProviderResult.Failure("Job " + request.namespace() + "/" + name + " was not awaited: " + e.getMessage());
        }
        if (finished == null) {
            return new ProviderResult.Failure("Job " + request.namespace() + "/" + name + " was deleted before it finished");
        }
        prune(request.namespace(), runName, request.metricName());
        boolean succeeded = finished(finished).orElse(false);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("succeeded", succeeded);
        result.put("job", name);
        result.put("message", message(finished, succeeded));
        return new ProviderResult.Value(result, (succeeded ? "Job " + name + " completed" : "Job " + name + " failed")
                + message(finished, succeeded));
    }

    /** Complete or Failed condition True: present with whether it succeeded; empty while the Job runs. */
    static Optional<Boolean> finished(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> "True".equals(c.getStatus()) && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())))
                .map(c -> "Complete".equals(c.getType())).findFirst();
    }

    private static String message(Job job, boolean succeeded) {
        return job.getStatus().getConditions().stream()
                .filter(c -> "True".equals(c.getStatus()) && (succeeded ? "Complete" : "Failed").equals(c.getType()))
                .map(c -> c.getReason() == null ? "" : " (" + c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()) + ")")
                .findFirst().orElse("");
    }

    private Job build(MeasurementRequest request, String runName) {
        JsonNode config = request.config();
        Job job = new Job();
        ObjectMeta meta = new ObjectMeta();
        JsonNode userMeta = config.path("metadata");
        Map<String, String> labels = new HashMap<>(strings(userMeta.get("labels")));
        labels.put(RUN_LABEL, labelValue(runName));
        labels.put(METRIC_LABEL, labelValue(request.metricName()));
        meta.setLabels(labels);
        meta.setAnnotations(strings(userMeta.get("annotations")));
        meta.setGenerateName(prefix(runName, request.metricName()));
        meta.setNamespace(request.namespace());
        owner(request.namespace(), request.run().runName()).ifPresent(o -> meta.setOwnerReferences(List.of(o)));
        job.setMetadata(meta);
        job.setSpec(JSON.convertValue(config.get("spec"), JobSpec.class));
        return job;
    }

    /** The AnalysisRun owns the Job, so deleting the run deletes its Jobs. */
    private Optional<io.fabric8.kubernetes.api.model.OwnerReference> owner(String namespace, String runName) {
        if (runName == null) {
            return Optional.empty();
        }
        try {
            AnalysisRun run = client.resources(AnalysisRun.class).inNamespace(namespace).withName(runName).get();
            if (run == null || run.getMetadata().getUid() == null) {
                return Optional.empty();
            }
            return Optional.of(new OwnerReferenceBuilder().withApiVersion(run.getApiVersion()).withKind(run.getKind())
                    .withName(runName).withUid(run.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(false).build());
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    /** Keeps the newest {@link #KEEP} finished Jobs of one run's metric (for their logs), deletes the rest. */
    private void prune(String namespace, String runName, String metric) {
        try {
            List<Job> jobs = new ArrayList<>(client.batch().v1().jobs().inNamespace(namespace)
                    .withLabel(RUN_LABEL, labelValue(runName)).withLabel(METRIC_LABEL, labelValue(metric)).list().getItems());
            jobs.removeIf(j -> finished(j).isEmpty());
            jobs.sort(Comparator.comparing((Job j) -> j.getMetadata().getCreationTimestamp() == null ? ""
                    : j.getMetadata().getCreationTimestamp()).thenComparing(j -> j.getMetadata().getName()).reversed());
            jobs.stream().skip(KEEP).forEach(j -> delete(namespace, j.getMetadata().getName()));
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot prune the Jobs of run %s/%s metric %s: %s", namespace, runName, metric, e.getMessage());
        }
    }

    private void delete(String namespace, String name) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot delete Job %s/%s: %s", namespace, name, e.getMessage());
        }
    }

    static Duration timeout(JsonNode config, JobSpec spec) {
        if (config.hasNonNull("timeout")) {
            return ProviderValues.positiveDuration(config.get("timeout").asText()).orElse(DEFAULT_TIMEOUT);
        }
        Long deadline = spec == null ? null : spec.getActiveDeadlineSeconds();
        return deadline == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(deadline).plusMinutes(1);
    }

    /** {@code <run>-<metric>-}, at most 58 characters so the generated name stays within 63. */
    static String prefix(String runName, String metric) {
        String p = (runName + "-" + metric).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        p = p.length() > 57 ? p.substring(0, 57) : p;
        return p.replaceAll("-+$", "") + "-";
    }

    private static String labelValue(String s) {
        String v = s.length() <= 63 ? s : s.substring(0, 63);
        return v.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
