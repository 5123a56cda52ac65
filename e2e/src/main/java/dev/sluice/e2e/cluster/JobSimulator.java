package dev.sluice.e2e.cluster;

import dev.sluice.e2e.fixture.Cluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Job controller, the kubelet and the garbage collector of the simulated cluster, for Jobs (e.g. the ones the
 * analysis {@code job} provider runs). A Job's outcome comes from the Job itself: its pod's containers run on this
 * host, one after the other, and the pod succeeds when every container exits 0.
 * <ul>
 * <li>Images the host can stand in for: {@code busybox} and {@code alpine} (no entrypoint, default command
 * {@code sh}; a command {@code sh}, {@code /bin/sh} or {@code ash} runs {@code /bin/sh}, any other program is taken
 * from the host's PATH, e.g. {@code wget}), and {@code curlimages/curl} (entrypoint {@code curl}). Kubernetes'
 * rule for {@code command}/{@code args}: command replaces the entrypoint, args the default command. Any other
 * image fails the Job at once (reason {@value #NOT_SIMULATED}): the simulator cannot run it.</li>
 * <li>Environment: the container's {@code env} values, {@code PATH}, and the kubelet's service links: for each
 * Service of the Job's namespace whose app the simulator knows, {@code <NAME>_SERVICE_HOST} and
 * {@code <NAME>_SERVICE_PORT} (e.g. {@code WEB_CANARY_SERVICE_HOST}) point at that app on loopback.</li>
 * <li>The Job controller: {@code backoffLimit} (default 6) failed pods are retried at once (no back-off delay);
 * {@code activeDeadlineSeconds} kills the running container; the status gets {@code active}, {@code succeeded},
 * {@code failed} and the condition Kubernetes sets: Complete ({@code CompletionsReached}) or Failed
 * ({@code BackoffLimitExceeded}, {@code DeadlineExceeded}).</li>
 * <li>The garbage collector: a Job whose owner (an AnalysisRun, by ownerReference uid) no longer exists is deleted,
 * so deleting an AnalysisRun deletes its Jobs, as in a cluster.</li>
 * </ul>
 * Each container's output is printed to this process's log, as {@code kubectl logs} would show it. No Pod objects
 * are written.
 */
final class JobSimulator {
    static final String NOT_SIMULATED = "ImageNotSimulated";
    private static final Duration LONGEST = Duration.ofMinutes(10);
    private static final Map<String, ResourceDefinitionContext> OWNER_KINDS = Map.of("AnalysisRun", Cluster.ANALYSIS_RUNS);

    private final KubernetesClient client;
    private final Map<String, URI> apps;
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final ExecutorService pods = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "job-pod");
        t.setDaemon(true);
        return t;
    });

    private JobSimulator(KubernetesClient client, Map<String, URI> apps) {
        this.client = client;
        this.apps = apps;
    }

    /** @param apps the address of the app behind each Service name the simulator knows */
    static void start(KubernetesClient client, Map<String, URI> apps) {
        JobSimulator sim = new JobSimulator(client, apps);
        client.batch().v1().jobs().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                sim.admit(job);
            }

            @Override
            public void onUpdate(Job old, Job job) {
                sim.admit(job);
            }

            @Override
            public void onDelete(Job job, boolean unknownFinalState) {
                sim.started.remove(job.getMetadata().getUid());
            }
        }, 30_000);
        ScheduledExecutorService gc = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-gc");
            t.setDaemon(true);
            return t;
        });
        gc.scheduleWithFixedDelay(sim::collectGarbage, 2, 2, TimeUnit.SECONDS);
    }

    private void admit(Job job) {
        if (finished(job) || !started.add(job.getMetadata().getUid())) {
            return;
        }
        pods.submit(() -> run(job));
    }

    private static boolean finished(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> "True".equals(c.getStatus()) && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
    }

    private void run(Job job) {
        String id = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
        Instant start = Instant.now();
        Long deadlineSeconds = job.getSpec().getActiveDeadlineSeconds();
        Instant deadline = start.plus(deadlineSeconds == null ? LONGEST : Duration.ofSeconds(deadlineSeconds));
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
        write(job, status(start, 1, 0, 0, null));
        int failed = 0;
        while (true) {
            PodResult pod = runPod(id, job.getMetadata().getNamespace(), containers, deadline);
            if (pod == PodResult.SUCCEEDED) {
                write(job, status(start, 0, 1, failed, condition("Complete", "CompletionsReached",
                        "Reached expected number of succeeded pods")));
                return;
            }
            failed++;
            if (pod == PodResult.DEADLINE) {
                write(job, status(start, 0, 0, failed, condition("Failed", "DeadlineExceeded",
                        "Job was active longer than specified deadline")));
                return;
            }
            if (pod == PodResult.NOT_RUNNABLE) {
                write(job, status(start, 0, 0, failed, condition("Failed", NOT_SIMULATED,
                        "the cluster simulator runs only busybox, alpine and curlimages/curl containers, on the host; got "
                                + containers.stream().map(Container::getImage).toList())));
                return;
            }
            if (failed > backoffLimit) {
                write(job, status(start, 0, 0, failed, condition("Failed", "BackoffLimitExceeded",
                        "Job has reached the specified backoff limit")));
                return;
            }
            write(job, status(start, 1, 0, failed, null));
        }
    }

    private enum PodResult { SUCCEEDED, FAILED, DEADLINE, NOT_RUNNABLE }

    private PodResult runPod(String id, String namespace, List<Container> containers, Instant deadline) {
        for (Container c : containers) {
            Optional<List<String>> argv = argv(c);
            if (argv.isEmpty()) {
                System.out.println("Job " + id + ": image " + c.getImage() + " cannot run in the simulator");
                return PodResult.NOT_RUNNABLE;
            }
            ProcessBuilder pb = new ProcessBuilder(argv.get()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.clear();
            env.put("PATH", path);
            env.putAll(serviceLinks(namespace));
            if (c.getEnv() != null) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValue() != null) {
                        env.put(e.getName(), e.getValue());
                    }
                }
            }
            try {
                Process p = pb.start();
                p.getOutputStream().close();
                long wait = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
                boolean exited = p.waitFor(wait, TimeUnit.MILLISECONDS);
                if (!exited) {
                    p.destroyForcibly().waitFor();
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                System.out.println("Job " + id + " container " + c.getName() + " " + argv.get() + ": "
                        + (exited ? "exit " + p.exitValue() : "killed at activeDeadlineSeconds")
                        + (out.isEmpty() ? "" : "\n" + out.indent(2).stripTrailing()));
                if (!exited) {
                    return PodResult.DEADLINE;
                }
                if (p.exitValue() != 0) {
                    return PodResult.FAILED;
                }
            } catch (IOException e) {
                System.out.println("Job " + id + " container " + c.getName() + " " + argv.get() + " did not start: " + e.getMessage());
                return PodResult.FAILED; // as a container whose command is not found
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return PodResult.FAILED;
            }
        }
        return PodResult.SUCCEEDED;
    }

    /** What the container runs on this host, or empty when the image is not one the host can stand in for. */
    static Optional<List<String>> argv(Container c) {
        String image = c.getImage() == null ? "" : c.getImage().toLowerCase(Locale.ROOT);
        String repo = image.replaceAll("[@:][^/]*$", ""); // without tag or digest
        List<String> command = c.getCommand() == null || c.getCommand().isEmpty() ? null : c.getCommand();
        List<String> args = c.getArgs() == null ? List.of() : c.getArgs();
        List<String> argv = new ArrayList<>();
        if (repo.equals("busybox") || repo.endsWith("/busybox") || repo.equals("alpine") || repo.endsWith("/alpine")) {
            // no ENTRYPOINT, CMD ["sh"]: command replaces nothing, args replace the default command
            argv.addAll(command != null ? command : List.of());
            argv.addAll(command == null && args.isEmpty() ? List.of("sh") : args);
            if (Set.of("sh", "/bin/sh", "ash", "/bin/ash").contains(argv.get(0))) {
                argv.set(0, "/bin/sh");
            }
            return Optional.of(argv);
        }
        if (repo.equals("curlimages/curl") || repo.endsWith("/curlimages/curl")) {
            argv.addAll(command != null ? command : List.of("curl"));
            argv.addAll(args);
            return Optional.of(argv);
        }
        return Optional.empty();
    }

    /** The kubelet's service environment variables for the Services of {@code namespace} the simulator can reach. */
    private Map<String, String> serviceLinks(String namespace) {
        Map<String, String> env = new HashMap<>();
        try {
            for (Service s : client.services().inNamespace(namespace).list().getItems()) {
                URI app = apps.get(s.getMetadata().getName());
                if (app != null) {
                    String prefix = s.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
                    env.put(prefix + "_SERVICE_HOST", app.getHost());
                    env.put(prefix + "_SERVICE_PORT", String.valueOf(app.getPort()));
                }
            }
        } catch (KubernetesClientException e) {
            System.out.println("Services of " + namespace + " not read for the Job's environment: " + e.getMessage());
        }
        return env;
    }

    private static JobCondition condition(String type, String reason, String message) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(Instant.now().toString()).withLastTransitionTime(Instant.now().toString()).build();
    }

    private static JobStatus status(Instant start, int active, int succeeded, int failed, JobCondition condition) {
        JobStatusBuilder b = new JobStatusBuilder().withStartTime(start.toString()).withActive(active)
                .withSucceeded(succeeded).withFailed(failed);
        if (condition != null) {
            b.withConditions(condition);
            if ("Complete".equals(condition.getType())) {
                b.withCompletionTime(Instant.now().toString());
            }
        }
        return b.build();
    }

    private void write(Job job, JobStatus status) {
        String id = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
        try {
            Job current = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                    .withName(job.getMetadata().getName()).get();
            if (current == null) {
                System.out.println("Job " + id + " was deleted while it ran");
                return;
            }
            current.setStatus(status);
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(current).updateStatus();
            Optional.ofNullable(status.getConditions()).orElse(List.of()).forEach(c -> System.out.println("Job " + id + ": " + c.getType() + " (" + c.getReason() + ")"));
        } catch (KubernetesClientException e) {
            System.out.println("Job " + id + ": status update failed: " + e.getMessage());
        }
    }

    /** Deletes Jobs whose owner is gone (an owner of a kind the simulator does not know is left alone). */
    private void collectGarbage() {
        try {
            for (Job job : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
                List<OwnerReference> owners = job.getMetadata().getOwnerReferences();
                if (owners == null || owners.isEmpty()) {
                    continue;
                }
                String ns = job.getMetadata().getNamespace();
                boolean orphan = owners.stream().allMatch(o -> OWNER_KINDS.containsKey(o.getKind()) && !exists(ns, o));
                if (orphan) {
                    client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName())
                            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                    System.out.println("Job " + ns + "/" + job.getMetadata().getName() + ": deleted, its "
                            + owners.get(0).getKind() + " " + owners.get(0).getName() + " is gone");
                }
            }
        } catch (RuntimeException e) {
            System.out.println("Job garbage collection skipped a round: " + e.getMessage());
        }
    }

    private boolean exists(String ns, OwnerReference o) {
        var owner = client.genericKubernetesResources(OWNER_KINDS.get(o.getKind())).inNamespace(ns).withName(o.getName()).get();
        return owner != null && o.getUid().equals(owner.getMetadata().getUid());
    }
}
