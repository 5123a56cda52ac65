package dev.sluice.cli.command;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.cli.CliError;
import dev.sluice.cli.KubeOptions;
import dev.sluice.cli.kube.Cluster;
import io.fabric8.kubernetes.client.Watch;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Wait until the rollout is Healthy (exit 0), Degraded or InvalidSpec (exit 1), or the timeout passes (exit 2), "
                + "printing each change of phase, step, weight or message: the CI gate.",
        footer = {"", "Examples:", "  kubectl sluice status checkout", "  kubectl sluice status checkout --timeout 15m || kubectl sluice abort checkout"})
public class StatusCommand implements Callable<Integer> {
    @Mixin
    KubeOptions kube;
    @Parameters(paramLabel = "NAME", description = "The rollout.")
    String name;
    @Option(names = {"-t", "--timeout"}, defaultValue = "10m", description = "How long to wait, e.g. 90s, 10m, 1h (default ${DEFAULT-VALUE}).")
    String timeout;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Duration limit = duration(timeout);
        PrintWriter out = spec.commandLine().getOut();
        long deadline = System.nanoTime() + limit.toNanos();
        try (Cluster cluster = kube.connect()) {
            Semaphore changed = new Semaphore(0);
            Watch watch = cluster.client().resources(Rollout.class).inNamespace(cluster.namespace()).withName(name).watch(Cluster.signal(changed));
            try {
                String last = null;
                while (true) {
                    Rollout r = cluster.rollout(name);
                    String line = StatusGate.line(r);
                    if (!line.equals(last)) {
                        out.println(line);
                        out.flush();
                        last = line;
                    }
                    StatusGate.Verdict verdict = StatusGate.verdict(r);
                    if (verdict != StatusGate.Verdict.WAITING) {
                        return verdict.exitCode;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        spec.commandLine().getErr().println("error: rollout '" + name + "' did not become Healthy within " + timeout);
                        return 2;
                    }
                    changed.tryAcquire(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 2000), TimeUnit.MILLISECONDS);
                    changed.drainPermits();
                }
            } finally {
                watch.close();
            }
        }
    }

    /** 90s, 10m, 1h, 1h30m, or ISO-8601 (PT10M). */
    static Duration duration(String text) {
        try {
            if (text.toUpperCase().startsWith("P")) {
                return Duration.parse(text);
            }
            return Duration.parse("PT" + text.toUpperCase());
        } catch (RuntimeException e) {
            throw new CliError("--timeout '" + text + "' is not a duration such as 90s, 10m or 1h", 1);
        }
    }
}
