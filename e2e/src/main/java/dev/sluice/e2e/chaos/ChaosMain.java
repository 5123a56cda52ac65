package dev.sluice.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.e2e.cli.CommandLine;
import dev.sluice.e2e.cli.Machine;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.e2e.harness.Layout;
import dev.sluice.e2e.harness.ManagedProcess;
import dev.sluice.e2e.harness.ServiceProcess;
import dev.sluice.e2e.harness.Wait;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code ./sluice chaos}: faults injected into the whole suite, each process real, on this machine, in one run.
 * <ol>
 * <li>Faults: two replicas of every service, N rollouts released together once per fault, each release through
 * 20% → analysis (the real Prometheus) → 40% → 60% → 80%; while they are in flight one fault is injected: kill -9 of one
 * replica of the controller, of analysis-svc, of traffic-svc (each started again afterwards), a broker restart, an API
 * server outage (the API server process stopped with SIGSTOP for the given time: connections hang, as with a dead
 * node), a Prometheus outage (the process stopped, started again after the given time). Then the event stream is read:
 * rollouts lost, weights applied out of order, duplicate step transitions, dead letters by cause.</li>
 * <li>Soak: one replica of each service, {@code --soak-rollouts} rollouts cycling through revisions (five zero-pause
 * steps each) for {@code --soak-minutes}, one release in ten replaced by deleting the rollout and creating it again; each
 * minute every service's heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}); the slope in MB/min.</li>
 * </ol>
 */
public final class ChaosMain {
    static final String USAGE = "usage: ./sluice chaos [--rollouts N (default 12)] [--outage SECONDS (default 20)]"
            + " [--soak-minutes M (default 10; 0 skips the soak)] [--soak-rollouts N (default 200)] [--skip-faults]";
    private static final List<String> FIVE_STEPS = List.of("setWeight: 20", "setWeight: 40", "setWeight: 60",
            "setWeight: 80", "setWeight: 100");

    private final int rollouts;
    private final Duration outage;
    private final int soakMinutes;
    private final int soakRollouts;
    private final boolean faults;
    private final List<String> table = new ArrayList<>();

    private ChaosMain(int rollouts, Duration outage, int soakMinutes, int soakRollouts, boolean faults) {
        this.rollouts = rollouts;
        this.outage = outage;
        this.soakMinutes = soakMinutes;
        this.soakRollouts = soakRollouts;
        this.faults = faults;
    }

    public static void main(String[] args) {
        CommandLine.Parsed parsed = CommandLine.parse(List.of(args), Set.of("--skip-faults"),
                Set.of("--rollouts", "--outage", "--soak-minutes", "--soak-rollouts"));
        CommandLine.Parsed.Run run = CommandLine.runOrExit(parsed, "chaos", USAGE,
                "Injects faults (kill -9 per service, broker restart, API server and Prometheus outages) into N rollouts"
                        + " in flight and prints what was lost; then the soak (heap slope). About 6 minutes plus the soak.");
        Object n = CommandLine.positive(run, "--rollouts", 12, 1000);
        Object seconds = CommandLine.positive(run, "--outage", 20, 3600);
        Object soak = run.option("--soak-minutes", null) != null && run.option("--soak-minutes", "").equals("0") ? (Object) 0
                : CommandLine.positive(run, "--soak-minutes", 10, 24 * 60);
        Object soakN = CommandLine.positive(run, "--soak-rollouts", 200, 10_000);
        for (Object o : List.of(n, seconds, soak, soakN)) {
            if (o instanceof String message) {
                System.err.println("chaos: " + message);
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        if (System.getProperty(Layout.FULL_JIT) == null) {
            System.setProperty(Layout.FULL_JIT, "true");
        }
        System.exit(new ChaosMain((Integer) n, Duration.ofSeconds((Integer) seconds), (Integer) soak, (Integer) soakN,
                !run.flags().contains("--skip-faults")).run());
    }

    private int run() {
        System.out.println("Sluice chaos: " + Machine.describe() + "; load average at start " + Machine.loadAverage());
        boolean ok = true;
        if (faults) {
            ok &= faults();
        }
        if (soakMinutes > 0) {
            ok &= soak();
        }
        System.out.println();
        System.out.println("load average at the end " + Machine.loadAverage());
        table.forEach(System.out::println);
        return ok ? 0 : 1;
    }

    // ------------------------------------------------------------------ faults

    /** One release of every rollout with one fault injected while it is in flight. */
    private record Round(String fault, String detail, int promoted, int aborted, List<String> lost, double seconds) {
    }

    private boolean faults() {
        try (Harness h = Harness.start(Harness.Options.defaults("chaos").withControllerReplicas(2).withMeshRequestsPerSecond(5)
                .withFastFailover())) {
            h.addReplica("analysis-svc", "analysis-1");
            h.addReplica("traffic-svc", "traffic-1");
            h.events();
            Cluster cluster = new Cluster(h.kube());
            List<String> namespaces = new ArrayList<>();
            for (int i = 0; i < rollouts; i++) {
                String ns = "chaos-" + i;
                namespaces.add(ns);
                cluster.create(Manifests.namespace(ns));
                cluster.create(Manifests.services(ns));
                cluster.create(Manifests.route(ns, Router.ISTIO));
                cluster.create(h.prometheus().isPresent() ? Manifests.prometheusTemplate(ns, h.prometheus().get())
                        : Manifests.webTemplate(ns, h.canaryAppUrl()));
                cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0", Manifests.analysedSteps("2s")));
            }
            Wait.until("every first revision stable", Duration.ofSeconds(180),
                    () -> namespaces.stream().allMatch(ns -> promoted(cluster, ns, "")));
            System.out.printf("chaos: %d rollouts stable; %s; analysis measures %s%n", rollouts, "2 replicas of every service",
                    h.prometheus().isPresent() ? "the real Prometheus" : "the canary app's /stats (no Prometheus installed)");

            Map<String, Consumer<Harness>> injections = new LinkedHashMap<>();
            injections.put("kill -9 controller (1 of 2)", x -> killAndRestart(x.controllers().get(0)));
            injections.put("kill -9 analysis-svc (1 of 2)", x -> killAndRestart(x.analysis()));
            injections.put("kill -9 traffic-svc (1 of 2)", x -> killAndRestart(x.traffic()));
            injections.put("broker restart", this::restartBroker);
            injections.put("API server outage " + outage.toSeconds() + " s", this::apiServerOutage);
            if (h.prometheus().isPresent()) {
                injections.put("Prometheus outage " + outage.toSeconds() + " s", this::prometheusOutage);
            }
            List<Round> rounds = new ArrayList<>();
            int version = 2;
            for (Map.Entry<String, Consumer<Harness>> fault : injections.entrySet()) {
                rounds.add(round(h, cluster, namespaces, "sluice/demo-app:" + version++ + ".0", fault.getKey(), fault.getValue()));
            }
            List<String> ids = namespaces.stream().map(ns -> ns + "/" + Manifests.ROLLOUT).toList();
            List<String> lost = rounds.stream().flatMap(r -> r.lost().stream()).distinct().toList();
            FleetReport report = FleetReport.of(h.events(), ids, id -> !lost.contains(id), h.bootstrapServers());

            table.add("");
            table.add("Faults: " + rollouts + " rollouts in flight per fault, 2 replicas of each service, outages of " + outage.toSeconds() + " s");
            table.add("");
            table.add("| fault injected while " + rollouts + " rollouts are in flight | promoted | rolled back | lost | round took |");
            table.add("|---|---|---|---|---|");
            for (Round r : rounds) {
                table.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f s |", r.fault(), r.promoted(), r.aborted(),
                        r.lost().size(), r.seconds()));
            }
            table.add("");
            table.add("| over all " + rounds.size() + " releases of the " + rollouts + " rollouts | count |");
            table.add("|---|---|");
            table.add("| rollouts lost (a release that reached no outcome) | " + lost.size() + " |");
            table.add("| weights applied out of order | " + report.weightsOutOfOrder() + " |");
            table.add("| duplicate step transitions | " + report.duplicateStepTransitions() + " |");
            table.add("| dead letters | " + report.deadLetterCount()
                    + (report.deadLettersByCause().isEmpty() ? "" : " " + report.deadLettersByCause()) + " |");
            report.findings().forEach(f -> table.add("  finding: " + f));
            lost.forEach(id -> table.add("  lost: " + id));
            return lost.isEmpty() && report.weightsOutOfOrder() == 0 && report.duplicateStepTransitions() == 0;
        }
    }

    private Round round(Harness h, Cluster cluster, List<String> namespaces, String image, String fault, Consumer<Harness> inject) {
        Map<String, String> before = new LinkedHashMap<>();
        namespaces.forEach(ns -> before.put(ns, stableRs(cluster, ns)));
        long t0 = System.nanoTime();
        namespaces.forEach(ns -> cluster.setImage(ns, Manifests.ROLLOUT, image));
        // in flight: most rollouts have a canary weight, the first analyses are being measured
        Wait.until("rollouts in flight", Duration.ofSeconds(120), () -> namespaces.stream()
                .filter(ns -> cluster.canaryWeight(ns, Router.ISTIO).orElse(0) > 0).count() * 2 >= namespaces.size());
        System.out.printf("chaos: %s at %.1f s into the release of %s%n", fault, (System.nanoTime() - t0) / 1e9, image);
        inject.accept(h);
        List<String> open = new ArrayList<>(namespaces);
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        int promoted = 0;
        int aborted = 0;
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (String ns : List.copyOf(open)) {
                if (promoted(cluster, ns, before.get(ns))) {
                    promoted++;
                    open.remove(ns);
                } else if (aborted(cluster, ns, before.get(ns))) {
                    aborted++;
                    open.remove(ns);
                }
            }
            pause(Duration.ofMillis(500));
        }
        double took = (System.nanoTime() - t0) / 1e9;
        System.out.printf("chaos: %s: %d promoted, %d rolled back, %d lost, %.0f s%n", fault, promoted, aborted, open.size(), took);
        return new Round(fault, image, promoted, aborted, open.stream().map(ns -> ns + "/" + Manifests.ROLLOUT).toList(), took);
    }

    private static void killAndRestart(ServiceProcess service) {
        service.process().kill();
        service.process().restart();
        service.awaitReady(Duration.ofSeconds(120));
    }

    private void restartBroker(Harness h) {
        ManagedProcess kafka = h.kafkaProcess();
        kafka.stop();
        kafka.restart();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, h.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Wait.until("the broker back", Duration.ofSeconds(120), () -> !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty());
        }
    }

    private void apiServerOutage(Harness h) {
        ManagedProcess api = named(h, "kube-api");
        signal(api, "STOP");
        pause(outage);
        signal(api, "CONT");
    }

    private void prometheusOutage(Harness h) {
        ManagedProcess prometheus = named(h, "prometheus");
        prometheus.stop();
        pause(outage);
        prometheus.restart();
    }

    private static ManagedProcess named(Harness h, String name) {
        return h.processes().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no process " + name));
    }

    private static void signal(ManagedProcess p, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String stableRs(Cluster cluster, String ns) {
        return cluster.rollout(ns, Manifests.ROLLOUT).path("status").path("stableRS").asText("");
    }

    /** The newest revision is stable (Healthy, stable = current) and is not {@code before}. */
    static boolean promoted(Cluster cluster, String ns, String before) {
        JsonNode s = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
        String stable = s.path("stableRS").asText("");
        return "Healthy".equals(s.path("phase").asText()) && !stable.isEmpty() && stable.equals(s.path("currentPodHash").asText())
                && !stable.equals(before);
    }

    /** The newest revision was rolled back (Degraded, current is not the stable one). */
    static boolean aborted(Cluster cluster, String ns, String before) {
        JsonNode s = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
        return "Degraded".equals(s.path("phase").asText()) && !s.path("currentPodHash").asText("").equals(before);
    }

    // ------------------------------------------------------------------ soak

    private boolean soak() {
        try (Harness h = Harness.start(Harness.Options.defaults("soak").withPrometheus(false).withMeshRequestsPerSecond(0))) {
            Cluster cluster = new Cluster(h.kube());
            List<String> namespaces = new ArrayList<>();
            for (int i = 0; i < soakRollouts; i++) {
                String ns = "soak-" + i;
                namespaces.add(ns);
                cluster.create(Manifests.namespace(ns));
                cluster.create(Manifests.services(ns));
                cluster.create(Manifests.route(ns, Router.ISTIO));
                cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0", FIVE_STEPS));
            }
            Wait.until("every soak rollout stable", Duration.ofSeconds(300),
                    () -> namespaces.stream().allMatch(ns -> promoted(cluster, ns, "")));
            System.out.printf("soak: %d rollouts stable; cycling for %d min%n", soakRollouts, soakMinutes);
            Map<String, List<Double>> heap = new LinkedHashMap<>();
            for (ServiceProcess s : h.services()) {
                heap.put(s.process().name(), new ArrayList<>());
            }
            sampleHeap(h, heap);
            long end = System.nanoTime() + Duration.ofMinutes(soakMinutes).toNanos();
            long nextSample = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            int releases = 0;
            int deletions = 0;
            int cursor = 0;
            Map<String, String> version = new LinkedHashMap<>();
            while (System.nanoTime() < end) {
                for (int k = 0; k < 5; k++) {
                    String ns = namespaces.get(cursor++ % namespaces.size());
                    JsonNode r = cluster.rollout(ns, Manifests.ROLLOUT);
                    if (r.isMissingNode()) {
                        cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0", FIVE_STEPS));
                        version.put(ns, "1");
                    } else if (r.path("metadata").hasNonNull("deletionTimestamp")) {
                        continue; // being deleted: its routes go back to stable first
                    } else if (promoted(cluster, ns, "")) {
                        if ((releases + deletions) % 10 == 9) {
                            cluster.client().genericKubernetesResources(Cluster.ROLLOUTS).inNamespace(ns).withName(Manifests.ROLLOUT).delete();
                            deletions++;
                        } else {
                            int next = Integer.parseInt(version.getOrDefault(ns, "1")) % 4 + 1;
                            version.put(ns, String.valueOf(next));
                            cluster.setImage(ns, Manifests.ROLLOUT, "sluice/demo-app:" + next + ".0");
                            releases++;
                        }
                    }
                }
                if (System.nanoTime() >= nextSample) {
                    sampleHeap(h, heap);
                    nextSample += Duration.ofMinutes(1).toNanos();
                    System.out.printf("soak: %d releases, %d deletions so far; heap after full GC %s%n", releases, deletions, last(heap));
                }
                pause(Duration.ofMillis(1000));
            }
            sampleHeap(h, heap);
            List<String> unfinished = new ArrayList<>(namespaces);
            Wait.until("the soak's last releases", Duration.ofSeconds(180), () -> {
                unfinished.removeIf(ns -> cluster.rollout(ns, Manifests.ROLLOUT).isMissingNode() || promoted(cluster, ns, ""));
                return unfinished.isEmpty();
            });
            table.add("");
            table.add(String.format(Locale.ROOT, "Soak: %d rollouts, %d min, %d releases (five steps each), %d rollouts deleted and"
                    + " created again; rollouts lost %d", soakRollouts, soakMinutes, releases, deletions, unfinished.size()));
            table.add("");
            table.add("| service | heap after full GC, first sample MB | last sample MB | slope MB/min (least squares, all samples) |");
            table.add("|---|---|---|---|");
            heap.forEach((name, samples) -> table.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %+.2f |", name,
                    samples.get(0), samples.get(samples.size() - 1), slope(samples))));
            table.add("samples (MB, one a minute): " + heap);
            return unfinished.isEmpty();
        }
    }

    private static Map<String, Double> last(Map<String, List<Double>> heap) {
        Map<String, Double> out = new LinkedHashMap<>();
        heap.forEach((k, v) -> out.put(k, v.isEmpty() ? Double.NaN : v.get(v.size() - 1)));
        return out;
    }

    private static void sampleHeap(Harness h, Map<String, List<Double>> heap) {
        for (ServiceProcess s : h.services()) {
            heap.get(s.process().name()).add(heapAfterFullGc(s.process().pid()));
        }
    }

    /** {@code jcmd <pid> GC.run}, then the used heap from {@code GC.heap_info} (Serial GC: young + tenured), in MB. */
    static double heapAfterFullGc(long pid) {
        jcmd(pid, "GC.run");
        return usedHeapMb(jcmd(pid, "GC.heap_info"));
    }

    static double usedHeapMb(String heapInfo) {
        long kb = 0;
        for (String line : heapInfo.split("\n")) {
            String t = line.trim();
            if (t.startsWith("def new generation") || t.startsWith("tenured generation") || t.startsWith("garbage-first heap")
                    || t.startsWith("PSYoungGen") || t.startsWith("ParOldGen")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(t);
                if (m.find()) {
                    kb += Long.parseLong(m.group(1));
                }
            }
        }
        return kb / 1024.0;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("jcmd " + pid + " " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Least-squares slope of samples taken one a minute, in units per minute. */
    static double slope(List<Double> samples) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = (n - 1) / 2.0;
        double my = samples.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - mx) * (samples.get(i) - my);
            den += (i - mx) * (i - mx);
        }
        return num / den;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
