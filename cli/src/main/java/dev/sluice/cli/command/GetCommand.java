package dev.sluice.cli.command;

import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.cli.KubeOptions;
import dev.sluice.cli.kube.Cluster;
import dev.sluice.cli.render.RolloutTree;
import io.fabric8.kubernetes.client.Watch;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "get", description = "Show one object in detail.", subcommands = GetCommand.RolloutCmd.class,
        mixinStandardHelpOptions = true)
public class GetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "rollout", aliases = {"ro", "rollouts"}, mixinStandardHelpOptions = true,
            description = "A rollout as a tree: status, strategy, step, weights, images, replicas, revisions with their "
                    + "ReplicaSets and pods, AnalysisRuns with each metric's last measurements.",
            footer = {"", "Examples:", "  kubectl sluice get rollout checkout", "  kubectl sluice get rollout checkout -n shop --watch",
                    "  kubectl sluice get rollout checkout -o yaml"})
    public static class RolloutCmd implements java.util.concurrent.Callable<Integer> {
        @Mixin
        KubeOptions kube;
        @Parameters(paramLabel = "NAME", description = "The rollout.")
        String name;
        @Option(names = {"-w", "--watch"}, description = "Redraw on every change until Ctrl-C.")
        boolean watch;
        @Option(names = {"-o", "--output"}, description = "json or yaml: the Rollout object instead of the tree.")
        String output;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Cluster cluster = kube.connect()) {
                if (output != null) {
                    out.print(Output.format(output, cluster.rollout(name)));
                    out.flush();
                    return 0;
                }
                if (!watch) {
                    out.print(RolloutTree.render(cluster.snapshot(name), Clock.systemUTC().instant()));
                    out.flush();
                    return 0;
                }
                return watch(cluster, out);
            }
        }

        /**
         * Redraws in place: cursor home, each line followed by erase-to-end-of-line, then erase below; no full clear,
         * so nothing flickers. A change of any of the rollout's objects redraws at once; the ages tick every second.
         */
        private int watch(Cluster cluster, PrintWriter out) throws InterruptedException {
            Semaphore changed = new Semaphore(0);
            List<Watch> watches = new ArrayList<>();
            Thread main = Thread.currentThread();
            Thread restore = new Thread(() -> {
                out.print("\u001b[?25h");
                out.flush();
                watches.forEach(Watch::close);
            });
            Runtime.getRuntime().addShutdownHook(restore);
            var ns = cluster.namespace();
            var c = cluster.client();
            watches.add(c.resources(Rollout.class).inNamespace(ns).withName(name).watch(Cluster.signal(changed)));
            watches.add(c.apps().replicaSets().inNamespace(ns).withLabel("sluice.dev/rollout", name).watch(Cluster.signal(changed)));
            watches.add(c.pods().inNamespace(ns).watch(Cluster.signal(changed)));
            try {
                watches.add(c.resources(AnalysisRun.class).inNamespace(ns).withLabel("sluice.dev/rollout", name).watch(Cluster.signal(changed)));
            } catch (RuntimeException e) {
                // no access to AnalysisRuns: the tree still redraws on the rest
            }
            out.print("\u001b[?25l\u001b[2J");
            String last = null;
            while (!main.isInterrupted()) {
                String frame = RolloutTree.render(cluster.snapshot(name), Clock.systemUTC().instant());
                if (!frame.equals(last)) {
                    StringBuilder b = new StringBuilder("\u001b[H");
                    for (String line : frame.split("\n", -1)) {
                        b.append(line).append("\u001b[K\n");
                    }
                    b.setLength(b.length() - 1);
                    b.append("\u001b[J");
                    out.print(b);
                    out.flush();
                    last = frame;
                }
                changed.tryAcquire(1, TimeUnit.SECONDS);
                changed.drainPermits();
            }
            return 0;
        }


    }
}
