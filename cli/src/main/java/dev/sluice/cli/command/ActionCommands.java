package dev.sluice.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutCommandName;
import dev.sluice.api.values.GoDuration;
import dev.sluice.cli.CliError;
import dev.sluice.cli.KubeOptions;
import dev.sluice.cli.kube.Cluster;
import dev.sluice.cli.render.RolloutTree;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The commands that change a rollout. promote, abort, retry, pause and resume write the {@code sluice.dev/command}
 * annotation (the controller relays it to Kafka as {@code dev.sluice.command.*}); restart sets {@code spec.restartAt} as
 * Argo's does; undo, {@code set image} and {@code restart --new-revision} change the pod template, i.e. start a new
 * revision, as {@code kubectl rollout undo|restart} and {@code kubectl set image} do for a Deployment.
 */
public final class ActionCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a command waits for the previous one to be picked up by the controller. */
    private static final long PENDING_WAIT_MS = 10_000;

    private ActionCommands() {
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        KubeOptions kube;
        @Parameters(paramLabel = "NAME", description = "The rollout.")
        String name;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** promote, abort, ...: bound to the revision the user sees now. */
    abstract static class AnnotationCommand extends Base {
        @Option(names = "--reason", description = "Why; recorded in the event and the rollout's status.")
        String reason;

        abstract String command();

        @Override
        public Integer call() throws Exception {
            try (Cluster cluster = kube.connect()) {
                String who = cluster.whoAmI();
                for (int attempt = 1; ; attempt++) {
                    Rollout r = awaitNoPendingCommand(cluster);
                    String revision = r.getStatus() == null ? null : r.getStatus().currentPodHash;
                    CommandRequest request = new CommandRequest(UUID.randomUUID().toString(), command(), revision, who, reason, Instant.now());
                    try {
                        cluster.mergePatch(name, request.mergePatch(r.getMetadata().getResourceVersion()));
                    } catch (CliError e) {
                        if (attempt < 3 && e.getMessage().contains("changed while")) {
                            continue; // the rollout changed since it was read; read it again and bind to what it is now
                        }
                        throw e;
                    }
                    out().printf("rollout '%s' %s requested%s; the controller publishes it as dev.sluice.command.%s.v1%n", name, command(),
                            revision == null ? "" : " for revision " + revision, command());
                    out().flush();
                    return 0;
                }
            }
        }

        private Rollout awaitNoPendingCommand(Cluster cluster) throws InterruptedException {
            long deadline = System.currentTimeMillis() + PENDING_WAIT_MS;
            while (true) {
                Rollout r = cluster.rollout(name);
                Map<String, String> annotations = r.getMetadata().getAnnotations();
                String pending = annotations == null ? null : annotations.get(CommandRequest.ANNOTATION);
                if (pending == null) {
                    return r;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new CliError("rollout '" + name + "' still has an earlier command the controller has not picked up ("
                            + pending + "); is the Sluice controller running?");
                }
                Thread.sleep(200);
            }
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Go to the next step (ends a pause, accepts an inconclusive analysis); --full skips all remaining steps and analysis.",
            footer = {"", "Examples:", "  kubectl sluice promote checkout", "  kubectl sluice promote checkout --full --reason 'hotfix'"})
    public static class Promote extends AnnotationCommand {
        @Option(names = "--full", description = "Skip the remaining steps and analysis: the canary becomes stable at once.")
        boolean full;

        @Override
        String command() {
            return (full ? RolloutCommandName.PROMOTE_FULL : RolloutCommandName.PROMOTE).value();
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Stop the rollout of the current revision: traffic returns to stable, the canary scales down; phase Degraded.",
            footer = {"", "Examples:", "  kubectl sluice abort checkout --reason 'error budget'"})
    public static class Abort extends AnnotationCommand {
        @Override
        String command() {
            return RolloutCommandName.ABORT.value();
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Start an aborted revision again from step 0.",
            footer = {"", "Examples:", "  kubectl sluice retry checkout"})
    public static class Retry extends AnnotationCommand {
        @Override
        String command() {
            return RolloutCommandName.RETRY.value();
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Hold the rollout at its current step until resume or promote.",
            footer = {"", "Examples:", "  kubectl sluice pause checkout --reason 'investigating latency'"})
    public static class Pause extends AnnotationCommand {
        @Override
        String command() {
            return RolloutCommandName.PAUSE.value();
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "End a pause set by the pause command.",
            footer = {"", "Examples:", "  kubectl sluice resume checkout"})
    public static class Resume extends AnnotationCommand {
        @Override
        String command() {
            return RolloutCommandName.RESUME.value();
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Restart the rollout's pods without a new revision, as kubectl argo rollouts restart does: sets "
                    + "spec.restartAt, and the controller evicts the pods created before it one at a time, respecting "
                    + "PodDisruptionBudgets. --new-revision instead rolls the pods out as a new revision through the steps.",
            footer = {"", "Examples:", "  kubectl sluice restart checkout", "  kubectl sluice restart checkout --in 10m",
                    "  kubectl sluice restart checkout --new-revision"})
    public static class Restart extends Base {
        @Option(names = "--in", paramLabel = "DURATION", description = "Restart after this long (a duration like 30s or 1h).")
        String in;
        @Option(names = "--new-revision", description = "Stamp sluice.dev/restartedAt on the pod template instead: a new "
                + "revision through the rollout's steps (as kubectl rollout restart does for a Deployment).")
        boolean newRevision;

        @Override
        public Integer call() {
            GoDuration.Parsed delay = in == null ? new GoDuration.Parsed(java.time.Duration.ZERO, null) : GoDuration.parse(in);
            if (!delay.ok()) {
                throw new CliError("--in " + delay.problem());
            }
            if (newRevision && in != null) {
                throw new CliError("--in and --new-revision do not go together: a new revision starts at once");
            }
            try (Cluster cluster = kube.connect()) {
                Rollout r = cluster.rollout(name);
                String version = "{\"metadata\":{\"resourceVersion\":\"" + r.getMetadata().getResourceVersion() + "\"},";
                if (newRevision) {
                    requireTemplate(r);
                    cluster.mergePatch(name, version + "\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"sluice.dev/restartedAt\":\""
                            + Instant.now() + "\"}}}}}");
                    out().printf("rollout '%s' restarted: its pods roll out again as a new revision%n", name);
                } else {
                    Instant at = Instant.now().plus(delay.value()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                    cluster.mergePatch(name, version + "\"spec\":{\"restartAt\":\"" + at + "\"}}");
                    out().printf("rollout '%s' restarts at %s: pods created before then are replaced one at a time%n", name, at);
                }
                out().flush();
                return 0;
            }
        }
    }

    @Command(name = "undo", mixinStandardHelpOptions = true,
            description = "Roll back: the pod template of an earlier revision becomes the rollout's template again (default: the "
                    + "revision before the current one; numbers as `get rollout` shows them).",
            footer = {"", "Examples:", "  kubectl sluice undo checkout", "  kubectl sluice undo checkout --to-revision 2"})
    public static class Undo extends Base {
        @Option(names = "--to-revision", description = "The revision to go back to (see `kubectl sluice get rollout NAME`).")
        Integer toRevision;

        @Override
        public Integer call() {
            try (Cluster cluster = kube.connect()) {
                RolloutTree.Snapshot s = cluster.snapshot(name);
                Rollout r = s.rollout();
                requireTemplate(r);
                List<ReplicaSet> revisions = s.revisions();
                ReplicaSet target = target(revisions, r.getStatus() == null ? null : r.getStatus().currentPodHash, toRevision, name);
                PodTemplateSpec template = Serialization.clone(target.getSpec().getTemplate());
                Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
                labels.remove(RolloutTree.HASH_LABEL);
                template.getMetadata().setLabels(labels);
                ArrayNode patch = JSON.createArrayNode();
                patch.addObject().put("op", "test").put("path", "/metadata/resourceVersion").put("value", r.getMetadata().getResourceVersion());
                patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", JSON.valueToTree(template));
                cluster.jsonPatch(name, patch.toString());
                out().printf("rollout '%s' rolled back to revision %d (%s)%n", name, revisions.indexOf(target) + 1,
                        target.getMetadata().getLabels().get(RolloutTree.HASH_LABEL));
                out().flush();
                return 0;
            }
        }

        /** The ReplicaSet to go back to: the given revision, else the newest one that is not the current revision. */
        static ReplicaSet target(List<ReplicaSet> revisions, String current, Integer toRevision, String name) {
            if (toRevision != null) {
                if (toRevision < 1 || toRevision > revisions.size()) {
                    throw new CliError("rollout '" + name + "' has no revision " + toRevision + " (revisions 1 to " + revisions.size() + ")");
                }
                return revisions.get(toRevision - 1);
            }
            for (int i = revisions.size() - 1; i >= 0; i--) {
                if (!revisions.get(i).getMetadata().getLabels().get(RolloutTree.HASH_LABEL).equals(current)) {
                    return revisions.get(i);
                }
            }
            throw new CliError("rollout '" + name + "' has no earlier revision to go back to");
        }
    }

    static void requireTemplate(Rollout r) {
        if (r.getSpec() == null || r.getSpec().template == null) {
            throw new CliError("rollout '" + r.getMetadata().getName() + "' takes its pods from spec.workloadRef; change the "
                    + "referenced Deployment instead");
        }
    }

}
