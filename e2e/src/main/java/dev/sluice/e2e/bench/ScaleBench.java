package dev.sluice.e2e.bench;

import dev.sluice.e2e.cli.Machine;
import dev.sluice.e2e.events.EventLog;
import dev.sluice.e2e.events.ObservedEvent;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.e2e.harness.Layout;
import dev.sluice.e2e.harness.ManagedProcess;
import dev.sluice.e2e.harness.ServiceProcess;
import dev.sluice.e2e.harness.Wait;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.EventType;
import dev.sluice.events.StepStarted;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's scale parts, one harness (see {@link BenchMain}):
 * <ul>
 * <li>(e) memory at scale: {@code total} Rollouts (each in its namespace with its two Services, a VirtualService, and the
 * ReplicaSet the controller creates) synced by one controller replica, all Healthy; then {@code progressing} of them
 * get a new revision that holds at 20% on an analysis step (so analysis-svc carries that many runs and traffic-svc that
 * many routes): heap after a full GC ({@code jcmd GC.run}, {@code GC.heap_info}) and RSS of each service, the controller's
 * CPU seconds per minute while every rollout is idle (resyncs only), the time a restarted controller takes to reconcile
 * every rollout once, and memory per 1,000 rollouts;</li>
 * <li>(f) horizontal scale: {@code progressing} rollouts through 5 zero-pause steps with 1, 2 and 3 controller replicas:
 * each replica's CPU seconds and the rollouts it moved, counted from the event stream by the CloudEvents source each
 * replica stamps ({@code /sluice/controller/<i>}); a rollout moved by two replicas is counted (must be 0).</li>
 * </ul>
 */
final class ScaleBench {
    static final String SOURCE_PREFIX = "/sluice/controller/";
    private static final List<String> FIVE_STEPS = List.of("setWeight: 20", "setWeight: 40", "setWeight: 60",
            "setWeight: 80", "setWeight: 100");
    private static final Pattern USED = Pattern.compile("(def new|tenured) generation\\s+total \\d+K, used (\\d+)K");
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
    private static final Pattern OWNED = Pattern.compile("owned now \\[([^\\]]*)\\]");

    private final Harness h;
    private final Cluster cluster;
    private final EventLog events;
    private final List<String> lines = new ArrayList<>();
    /** Rollouts created so far (namespace {@code bench-s-<i>}, Rollout {@code web}). */
    private final List<String> created = new ArrayList<>();
    private int release = 1;

    ScaleBench(Harness h, Cluster cluster, EventLog events) {
        this.h = h;
        this.cluster = cluster;
        this.events = events;
    }

    /** What the parts measured, one line each, for the summary. */
    List<String> lines() {
        return lines;
    }

    // (e) ----------------------------------------------------------------------------------------------------

    void memoryAtScale(int total, int progressing) {
        ServiceProcess controller = h.controller();
        int existing = cluster.client().genericKubernetesResources(Cluster.ROLLOUTS).inAnyNamespace().list().getItems().size();
        Memory before = memory(controller);
        say("(e) controller holding %d rollouts (earlier parts'): heap after full GC %d MB, RSS %d MB", existing,
                before.heapMb(), before.rssMb());
        int held = existing + total;
        long t0 = System.nanoTime();
        ensureRollouts(total, List.of("setWeight: 20", "analysis:\n  templates: [{templateName: hold}]", "setWeight: 100"));
        double syncSeconds = (System.nanoTime() - t0) / 1e9;
        say("(e) %d rollouts created and every first revision Healthy in %.1f s (%.0f rollouts/s)", total, syncSeconds,
                total / syncSeconds);

        settle(Duration.ofSeconds(35)); // the last writes and one full resync pass
        Memory idle = memory(controller);
        double reconciles0 = controller.metric("sluice_controller_reconciles_total");
        double skipped0 = controller.metric("sluice_controller_reconciles_skipped_total");
        double cpu0 = cpuSeconds(controller.process());
        Instant idleStart = Instant.now();
        settle(Duration.ofSeconds(60));
        double cpu1 = cpuSeconds(controller.process());
        double reconciles1 = controller.metric("sluice_controller_reconciles_total");
        double skipped1 = controller.metric("sluice_controller_reconciles_skipped_total");
        double perMinute = 60.0 / Duration.between(idleStart, Instant.now()).toSeconds();
        double idleCpuPerMinute = (cpu1 - cpu0) * perMinute;
        double reconcilesPerMinute = (reconciles1 - reconciles0) * perMinute;
        double skippedPerMinute = (skipped1 - skipped0) * perMinute;
        say("(e) %d rollouts held (%d of them new here, all Healthy), 1 controller replica: heap after full GC %d MB, RSS %d MB; idle: %.2f CPU s/min"
                + " (%.1f%% of a core) for %.0f reconciles/min and %.0f resyncs/min skipped (nothing changed)", held, total, idle.heapMb(),
                idle.rssMb(), idleCpuPerMinute, idleCpuPerMinute / 60 * 100, reconcilesPerMinute, skippedPerMinute);
        say("(e) memory per 1,000 rollouts: heap %.1f MB, RSS %.1f MB (the slope over the %d added)",
                (idle.heapMb() - before.heapMb()) * 1000.0 / total, (idle.rssMb() - before.rssMb()) * 1000.0 / total, total);

        // a restarted controller: from the process start to every rollout reconciled once
        controller.process().stop();
        long r0 = System.nanoTime();
        controller.process().restart();
        Wait.until("the restarted controller to reconcile all " + held + " rollouts", Duration.ofMinutes(20), () -> {
            try {
                return controller.metric("sluice_controller_reconciles_total") >= held;
            } catch (RuntimeException e) {
                return false; // not listening yet
            }
        });
        double restartSeconds = (System.nanoTime() - r0) / 1e9;
        say("(e) restarted controller: JVM start to all %d rollouts reconciled once in %.1f s", held, restartSeconds);

        // progressing: a new revision holding at 20% on an analysis step
        List<String> moving = created.subList(0, Math.min(progressing, created.size()));
        Instant released = Instant.now();
        parallel(moving, id -> {
            String ns = ns(id);
            cluster.create(holdTemplate(ns, h.canaryAppUrl()));
            cluster.setImage(ns, "web", "bench:e" + (release));
        });
        release++;
        Set<String> wanted = new HashSet<>(moving);
        Wait.until(moving.size() + " rollouts to wait on their analysis run", Duration.ofMinutes(15), () -> events.matching(e ->
                e.data() instanceof AnalysisRequested && wanted.contains(e.rolloutId()) && e.data().time().isAfter(released))
                .stream().map(ObservedEvent::rolloutId).distinct().count() >= moving.size());
        settle(Duration.ofSeconds(10));
        Memory busy = memory(controller);
        Memory analysis = memory(h.analysis());
        Memory traffic = memory(h.traffic());
        say("(e) %d Healthy + %d progressing (held at 20%% on an analysis step): controller heap after full GC %d MB, RSS %d MB;"
                + " analysis-svc (%d runs) heap %d MB, RSS %d MB; traffic-svc (%d routes) heap %d MB, RSS %d MB",
                held - moving.size(), moving.size(), busy.heapMb(), busy.rssMb(), moving.size(), analysis.heapMb(),
                analysis.rssMb(), moving.size(), traffic.heapMb(), traffic.rssMb());
    }

    // (f) ----------------------------------------------------------------------------------------------------

    void horizontal(int progressing, int maxReplicas) {
        ensureRollouts(progressing, FIVE_STEPS);
        List<String> moving = List.copyOf(created.subList(0, progressing));
        for (int replicas = 1; replicas <= maxReplicas; replicas++) {
            while (h.controllers().size() < replicas) {
                int i = h.controllers().size();
                h.addController("controller-" + i, Map.of("sluice.source", SOURCE_PREFIX + i));
                awaitOwnershipSettled(replicas);
            }
            List<ServiceProcess> controllers = List.copyOf(h.controllers());
            double[] cpu0 = controllers.stream().mapToDouble(c -> cpuSeconds(c.process())).toArray();
            Instant start = Instant.now();
            long t0 = System.nanoTime();
            String image = "bench:f" + (release++);
            parallel(moving, id -> patchStepsAndImage(ns(id), FIVE_STEPS, image));
            Set<String> wanted = new HashSet<>(moving);
            Wait.until("all " + moving.size() + " rollouts to promote with " + replicas + " replica(s)", Duration.ofMinutes(15),
                    () -> events.matching(e -> e.type() == EventType.ROLLOUT_PROMOTED && wanted.contains(e.rolloutId())
                            && e.data().time().isAfter(start)).size() >= moving.size());
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Set<String>> byRollout = new TreeMap<>();
            for (ObservedEvent e : events.matching(e -> wanted.contains(e.rolloutId()) && e.data().time().isAfter(start)
                    && e.topic().equals(dev.sluice.events.Topics.STEPS))) {
                byRollout.computeIfAbsent(e.rolloutId(), k -> new java.util.TreeSet<>()).add(e.envelope().source());
            }
            long twice = byRollout.values().stream().filter(s -> s.size() > 1).count();
            long transitions = events.matching(e -> wanted.contains(e.rolloutId()) && e.data().time().isAfter(start)
                    && e.data() instanceof StepStarted).size();
            StringBuilder per = new StringBuilder();
            double totalCpu = 0;
            for (int i = 0; i < controllers.size(); i++) {
                String source = SOURCE_PREFIX + i;
                long owned = byRollout.values().stream().filter(s -> s.contains(source)).count();
                double cpu = cpuSeconds(controllers.get(i).process()) - cpu0[i];
                totalCpu += cpu;
                per.append(String.format(Locale.ROOT, "%s replica %d: %.1f CPU s, %d rollouts", i == 0 ? "" : ";", i, cpu, owned));
            }
            say("(f) %d controller replica(s), %d rollouts x 5 steps: %d transitions in %.1f s (%.1f/s); %s; total %.1f CPU s;"
                    + " rollouts moved by two replicas: %d", replicas, moving.size(), transitions, seconds, transitions / seconds,
                    per.toString().trim(), totalCpu, twice);
        }
    }

    /** Partition ownership has moved when the last "owned now [...]" line of every replica's log is non-empty and they add up. */
    private void awaitOwnershipSettled(int replicas) {
        Wait.until(replicas + " controller replicas to share the partitions", Duration.ofMinutes(2), () -> {
            Set<String> all = new HashSet<>();
            int sum = 0;
            for (ServiceProcess c : h.controllers()) {
                Matcher m = OWNED.matcher(Files.readString(c.process().log()));
                String last = null;
                while (m.find()) {
                    last = m.group(1).trim();
                }
                if (last == null || last.isEmpty()) {
                    return false;
                }
                List<String> owned = List.of(last.split(",\\s*"));
                sum += owned.size();
                all.addAll(owned);
            }
            return sum == dev.sluice.e2e.harness.KafkaServer.PARTITIONS && all.size() == sum;
        });
    }

    // shared ---------------------------------------------------------------------------------------------------

    /** Creates rollouts until {@code count} exist (4 writer threads), then waits until each first revision completed. */
    private void ensureRollouts(int count, List<String> steps) {
        List<String> add = new ArrayList<>();
        for (int i = created.size(); i < count; i++) {
            add.add("bench-s-" + i + "/web");
        }
        if (add.isEmpty()) {
            return;
        }
        System.out.println("creating " + add.size() + " rollouts ...");
        parallel(add, id -> {
            String ns = ns(id);
            cluster.create(Manifests.namespace(ns));
            cluster.create(Manifests.services(ns));
            cluster.create(Manifests.route(ns, Router.ISTIO));
            cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "bench:1", steps));
        });
        created.addAll(add);
        Set<String> wanted = new HashSet<>(add);
        Wait.until(add.size() + " first revisions to complete", Duration.ofMinutes(60), () -> events.matching(e ->
                e.type() == EventType.ROLLOUT_COMPLETED && wanted.contains(e.rolloutId())).stream()
                .map(ObservedEvent::rolloutId).distinct().count() >= add.size());
    }

    private void patchStepsAndImage(String ns, List<String> steps, String image) {
        StringBuilder json = new StringBuilder("[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"")
                .append(image).append("\"},{\"op\":\"replace\",\"path\":\"/spec/strategy/canary/steps\",\"value\":[");
        for (int i = 0; i < steps.size(); i++) {
            String[] kv = steps.get(i).split(":\\s*", 2);
            json.append(i == 0 ? "" : ",").append("{\"").append(kv[0]).append("\":").append(kv[1]).append('}');
        }
        json.append("]}]");
        cluster.client().genericKubernetesResources(Cluster.ROLLOUTS).inNamespace(ns).withName("web")
                .patch(PatchContext.of(PatchType.JSON), json.toString());
    }

    /** An analysis that stays running while the memory is measured: one measurement a minute for ten minutes, always passing. */
    private static String holdTemplate(String ns, URI canaryApp) {
        return """
                apiVersion: sluice.dev/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: hold, namespace: %s}
                spec:
                  metrics:
                  - name: success-rate
                    interval: 60s
                    count: 10
                    successCondition: "result >= 0"
                    provider:
                      web:
                        url: %s
                        jsonPath: "{$.successRate}"
                        timeoutSeconds: 5
                """.formatted(ns, canaryApp.resolve("/stats"));
    }

    interface Action {
        void on(String rolloutId) throws Exception;
    }

    private static void parallel(List<String> ids, Action action) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String id : ids) {
                done.add(pool.submit(() -> {
                    action.on(id);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("writing to the API server failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String ns(String id) {
        return id.substring(0, id.indexOf('/'));
    }

    private static void settle(Duration d) {
        Instant until = Instant.now().plus(d);
        Wait.until("the measuring window of " + d.toSeconds() + " s", d.plusSeconds(5), () -> !Instant.now().isBefore(until));
    }

    private void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args) + String.format(Locale.ROOT, " [load average %s]", Machine.loadAverage());
        lines.add(line);
        System.out.println(line);
    }

    record Memory(long heapMb, long rssMb) {
    }

    /** Heap in use after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}) and RSS now. */
    static Memory memory(ServiceProcess service) {
        ManagedProcess p = service.process();
        jcmd(p.pid(), "GC.run");
        Matcher m = USED.matcher(jcmd(p.pid(), "GC.heap_info"));
        long usedKb = 0;
        while (m.find()) {
            usedKb += Long.parseLong(m.group(2));
        }
        return new Memory(usedKb / 1024, p.rssKb() / 1024);
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + e.getMessage(), e);
        }
    }

    /** User + system CPU seconds of the process so far, from {@code /proc/<pid>/stat}. */
    static double cpuSeconds(ManagedProcess p) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS; // fields 14 and 15 of stat
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Heaps for the scale parts, unless given on the command line ({@code -Dsluice.e2e.heap.<process>=...}). */
    static void sizeHeaps(boolean memoryPart) {
        Map<String, String> heaps = new LinkedHashMap<>();
        heaps.put("kube-api", memoryPart ? "6g" : "2g");
        heaps.put("cluster-sim", memoryPart ? "1g" : "512m");
        heaps.put("controller-svc", "1g"); // the goal: 10,000 rollouts in under 1 GiB of heap per replica
        heaps.put("analysis-svc", "512m");
        heaps.put("traffic-svc", "512m");
        heaps.forEach((process, heap) -> {
            if (System.getProperty("sluice.e2e.heap." + process) == null) {
                System.setProperty("sluice.e2e.heap." + process, Layout.heap(process, heap));
            }
        });
    }
}
