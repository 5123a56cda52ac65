package dev.sluice.e2e.cluster;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Instant;

/**
 * The Job controller of the simulated cluster: every new Job (e.g. one the analysis {@code job} provider runs)
 * finishes at once, Complete, or Failed when it carries the annotation {@value #OUTCOME}{@code : Failed}.
 */
final class JobSimulator {
    /** Annotation that makes a simulated Job fail (set it in the metric's {@code job.metadata.annotations}). */
    static final String OUTCOME = "e2e.sluice.dev/outcome";

    private JobSimulator() {
    }

    static void start(KubernetesClient client) {
        client.batch().v1().jobs().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                finish(client, job);
            }

            @Override
            public void onUpdate(Job old, Job job) {
                finish(client, job);
            }

            @Override
            public void onDelete(Job job, boolean unknownFinalState) {
            }
        }, 30_000);
    }

    private static void finish(KubernetesClient client, Job job) {
        if (job.getStatus() != null && job.getStatus().getConditions() != null && !job.getStatus().getConditions().isEmpty()) {
            return;
        }
        boolean fail = job.getMetadata().getAnnotations() != null && "Failed".equals(job.getMetadata().getAnnotations().get(OUTCOME));
        String now = Instant.now().toString();
        job.setStatus(new JobStatusBuilder().withStartTime(now).withCompletionTime(fail ? null : now)
                .withSucceeded(fail ? 0 : 1).withFailed(fail ? 1 : 0)
                .withConditions(new JobConditionBuilder().withType(fail ? "Failed" : "Complete").withStatus("True")
                        .withReason(fail ? "BackoffLimitExceeded" : "CompletionsReached").withLastTransitionTime(now).build())
                .build());
        try {
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).updateStatus();
            System.out.println("Job " + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName() + ": "
                    + (fail ? "Failed" : "Complete"));
        } catch (RuntimeException e) {
            System.out.println("Job " + job.getMetadata().getName() + ": status update failed, will retry on resync: " + e);
        }
    }
}
