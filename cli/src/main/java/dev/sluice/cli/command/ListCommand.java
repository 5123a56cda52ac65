package dev.sluice.cli.command;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.cli.KubeOptions;
import dev.sluice.cli.kube.Cluster;
import dev.sluice.cli.render.RolloutTree;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", description = "List objects.", subcommands = ListCommand.Rollouts.class, mixinStandardHelpOptions = true)
public class ListCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "rollouts", aliases = {"rollout", "ro"}, mixinStandardHelpOptions = true,
            description = "Rollouts with phase, weight, step and age.",
            footer = {"", "Examples:", "  kubectl sluice list rollouts", "  kubectl sluice list rollouts -A", "  kubectl sluice list rollouts -o json"})
    public static class Rollouts implements Callable<Integer> {
        @Mixin
        KubeOptions kube;
        @Option(names = {"-A", "--all-namespaces"}, description = "Rollouts of every namespace.")
        boolean all;
        @Option(names = {"-o", "--output"}, description = "json or yaml: a List of the Rollout objects.")
        String output;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Cluster cluster = kube.connect()) {
                List<Rollout> rollouts = cluster.list(all).stream().sorted(Comparator.comparing((Rollout r) -> r.getMetadata().getNamespace())
                        .thenComparing(r -> r.getMetadata().getName())).toList();
                if (output != null) {
                    out.print(Output.format(output, new KubernetesListBuilder().withItems(new ArrayList<>(rollouts)).build()));
                } else if (rollouts.isEmpty()) {
                    out.println(all ? "No rollouts found." : "No rollouts found in namespace " + cluster.namespace() + ".");
                } else {
                    out.print(table(rollouts, all, Instant.now()));
                }
                out.flush();
                return 0;
            }
        }
    }

    /**
     * The table: NAME (NAMESPACE with -A), STRATEGY, STATUS, STEP, SET-WEIGHT, WEIGHT, READY, AGE; under it one line per
     * rollout paused on an Inconclusive analysis, with the commands that resolve it. Pure.
     */
    public static String table(List<Rollout> rollouts, boolean withNamespace, Instant now) {
        List<String[]> rows = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        rows.add(withNamespace ? new String[] {"NAMESPACE", "NAME", "STRATEGY", "STATUS", "STEP", "SET-WEIGHT", "WEIGHT", "READY", "AGE"}
                : new String[] {"NAME", "STRATEGY", "STATUS", "STEP", "SET-WEIGHT", "WEIGHT", "READY", "AGE"});
        for (Rollout r : rollouts) {
            RolloutStatus st = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
            boolean bg = r.getSpec() != null && r.getSpec().strategy != null && r.getSpec().strategy.blueGreen != null
                    && r.getSpec().strategy.canary == null;
            int steps = RolloutTree.stepCount(r);
            String step = bg || steps == 0 ? "-" : Math.min(st.currentStepIndex == null ? 0 : st.currentStepIndex, steps) + "/" + steps;
            String set = bg || st.canary == null || st.canary.requestedWeight == null ? "-" : String.valueOf(st.canary.requestedWeight);
            String weight = bg || st.canary == null || st.canary.weight == null ? "-" : String.valueOf(st.canary.weight);
            int desired = r.getSpec() == null || r.getSpec().replicas == null ? 1 : r.getSpec().replicas;
            String ready = (st.availableReplicas == null ? 0 : st.availableReplicas) + "/" + desired;
            String phase = RolloutTree.displayPhase(st);
            List<String> row = new ArrayList<>();
            if (withNamespace) {
                row.add(r.getMetadata().getNamespace());
            }
            row.addAll(List.of(r.getMetadata().getName(), bg ? "BlueGreen" : "Canary", RolloutTree.symbol(phase) + " " + RolloutTree.statusLabel(st), step, set,
                    weight, ready, RolloutTree.age(r, now)));
            rows.add(row.toArray(String[]::new));
            if (RolloutTree.inconclusive(st)) {
                hints.add((withNamespace ? r.getMetadata().getNamespace() + "/" : "") + r.getMetadata().getName() + ": "
                        + RolloutTree.inconclusiveHint(r.getMetadata().getName()));
            }
        }
        return RolloutTree.table(rows) + (hints.isEmpty() ? "" : "\n" + String.join("\n", hints) + "\n");
    }
}
