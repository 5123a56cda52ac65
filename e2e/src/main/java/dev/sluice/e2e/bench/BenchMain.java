package dev.sluice.e2e.bench;

import dev.sluice.e2e.cli.Machine;
import dev.sluice.e2e.cli.CommandLine;
import dev.sluice.e2e.events.EventLog;
import dev.sluice.e2e.events.ObservedEvent;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.e2e.harness.KafkaServer;
import dev.sluice.e2e.harness.Layout;
import dev.sluice.e2e.harness.ManagedProcess;
import dev.sluice.e2e.harness.Wait;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.EventType;
import dev.sluice.events.StepStarted;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.events.TrafficShifted;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./sluice bench [--rollouts N] [--samples N] [--parts abcd]}: latency figures of the whole suite on this machine, in one
 * run, everything as separate processes (the same harness as the end-to-end tests, without mesh traffic):
 * <ol type="a">
 * <li>raw Kafka produce → consume round trip on the same broker (the baseline);</li>
 * <li>shift latency: the controller's {@code traffic.shift.requested} (its event time) → {@code traffic.shifted}
 * received by a consumer of the same broker (consumer-side timing, the controller's own consumer polls alike);</li>
 * <li>abort latency: {@code analysis.completed{Failed}} published → the VirtualService holds canary weight 0
 * (seen by a watch on the API server);</li>
 * <li>N rollouts at once through 5 zero-pause steps: step transitions per second, (b) under that load,
 * controller RSS.</li>
 * </ol>
 */
public final class BenchMain {
    /**
     * Rollouts released first and not measured in (b) and (c), at least one per Kafka partition: the first abort or
     * shift after start-up runs cold code paths (class loading, JIT) in every service, and the first verdicts on the
     * fresh broker's verdicts topic reached the controller about 1 s late (measured 1,025–1,090 ms for the first two
     * or three, at most one per partition; every later one 17–48 ms). Neither is what a running system's latency is.
     */
    private final int warmUp = warmUpCount(); // per run: the partition count may come from a system property set in main

    /** The smallest n (at least 3) such that rollouts {@code bench-b|c-0/web .. -(n-1)/web} cover every partition. */
    private static int warmUpCount() {
        int n = 3;
        for (String stage : List.of("b", "c")) {
            java.util.Set<Integer> covered = new java.util.HashSet<>();
            for (int i = 0; covered.size() < KafkaServer.PARTITIONS; i++) {
                byte[] key = ("bench-" + stage + "-" + i + "/web").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                covered.add(org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
                        % KafkaServer.PARTITIONS);
                n = Math.max(n, i + 1);
            }
        }
        return n;
    }

    private static final List<String> FIVE_STEPS = List.of("setWeight: 20", "setWeight: 40", "setWeight: 60",
            "setWeight: 80", "setWeight: 100");

    private final int rollouts;
    private final int samples;
    private final String parts;
    private final int scale;
    private final Map<String, Object> table = new java.util.LinkedHashMap<>();

    private BenchMain(int rollouts, int samples, String parts, int scale) {
        this.rollouts = rollouts;
        this.samples = samples;
        this.parts = parts;
        this.scale = scale;
    }

    static final String USAGE = "usage: ./sluice bench [--rollouts N (default 1000)] [--samples N (default 20)] [--parts abcdef]"
            + " [--scale N (default 10000)]";

    public static void main(String[] args) {
        CommandLine.Parsed parsed = CommandLine.parse(java.util.Arrays.asList(args), java.util.Set.of(),
                java.util.Set.of("--rollouts", "--samples", "--parts", "--scale"));
        CommandLine.Parsed.Run run = CommandLine.runOrExit(parsed, "bench", USAGE,
                "Measures (a) the Kafka round trip, (b) shift latency, (c) abort latency, (d) N rollouts at once;"
                        + " about 3 minutes with the defaults. (e) memory and idle CPU at --scale rollouts with --rollouts of them"
                        + " progressing, (f) --rollouts rollouts with 1, 2 and 3 controller replicas; not in the default parts.");
        Object rolloutsOr = CommandLine.positive(run, "--rollouts", 1000, 100_000);
        Object samplesOr = CommandLine.positive(run, "--samples", 20, 10_000);
        Object scaleOr = CommandLine.positive(run, "--scale", 10_000, 100_000);
        String parts = run.option("--parts", "abcd");
        String problem = rolloutsOr instanceof String m ? m : samplesOr instanceof String m ? m : scaleOr instanceof String m ? m
                : parts.isEmpty() || !parts.matches("[abcdef]+") ? "--parts takes letters of abcdef (got '" + parts + "')" : null;
        if (problem != null) {
            System.err.println("bench: " + problem);
            System.err.println(USAGE);
            System.exit(2);
        }
        int rollouts = (Integer) rolloutsOr;
        int samples = (Integer) samplesOr;
        if (parts.contains("f") && System.getProperty("sluice.e2e.partitions") == null) {
            System.setProperty("sluice.e2e.partitions", "12"); // as the install: room for 1, 2, 3 (and 4, 6, 12) replicas
        }
        if (parts.contains("e") || parts.contains("f")) {
            ScaleBench.sizeHeaps(parts.contains("e"));
        }
        if (System.getProperty(Layout.FULL_JIT) == null) { // measure the services as they run, not as tests start them
            System.setProperty(Layout.FULL_JIT, "true");
        }
        System.exit(new BenchMain(rollouts, samples, parts, (Integer) scaleOr).run());
    }

    private int run() {
        System.out.println("Sluice benchmark: " + Machine.describe());
        Harness.Options options = Harness.Options.defaults("bench").withPrometheus(false).withMeshRequestsPerSecond(0);
        if (parts.contains("f")) { // each replica stamps its events, so the event stream tells who moved a rollout
            options = options.withServiceProperty("controller-svc", "sluice.source", ScaleBench.SOURCE_PREFIX + "0");
        }
        try (Harness h = Harness.start(options)) {
            Cluster cluster = new Cluster(h.kube());
            EventLog events = h.events();
            int lingerMs = servicesLingerMs();
            Percentiles a = kafkaRoundTrip(h.bootstrapServers(), 2000, lingerMs);
            report("(a) Kafka produce->consume round trip (services' producer settings, linger.ms=" + lingerMs + ")", a);
            if (lingerMs != 0) {
                report("(a) Kafka produce->consume round trip, linger.ms=0 (the floor)", kafkaRoundTrip(h.bootstrapServers(), 2000, 0));
            }

            Percentiles none = Percentiles.of(List.of());
            Percentiles b = parts.contains("b") ? shiftLatencySequential(h, cluster, events) : none;
            if (parts.contains("b")) {
                report("(b) shift latency, one rollout at a time", b);
                report("    of which: traffic.shift.requested emitted -> received here", hop(events, EventType.TRAFFIC_SHIFT_REQUESTED));
                report("    of which: traffic.shifted emitted -> received here", hop(events, EventType.TRAFFIC_SHIFTED));
            }
            Load d = parts.contains("d") ? manyRollouts(h, cluster, events) : new Load(none, 0, Double.NaN, 0, 0);
            if (parts.contains("d")) {
                report("(d) shift latency, " + rollouts + " rollouts at once", d.shift());
            }
            ScaleBench scaleParts = new ScaleBench(h, cluster, events);
            if (parts.contains("e")) {
                scaleParts.memoryAtScale(scale, rollouts);
            }
            if (parts.contains("f")) {
                scaleParts.horizontal(rollouts, 3);
            }
            Percentiles c = parts.contains("c") ? abortLatency(h, cluster, events) : none; // stops analysis-svc: last
            if (parts.contains("c")) {
                report("(c) abort latency: Failed verdict -> route at 0%", c);
            }

            System.out.println();
            System.out.println("| measure | n | p50 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|");
            table.forEach((name, value) -> {
                if (value instanceof Percentiles p) {
                    System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |%n", name, p.count(), p.p50(), p.p99(), p.max());
                }
            });
            if (parts.contains("d")) {
                System.out.printf(Locale.ROOT, "%n(d) %d rollouts x 5 steps: %d step transitions in %.1f s = %.1f transitions/s;"
                        + " controller RSS max %d MB (before %d MB)%n", rollouts, d.transitions(), d.seconds(),
                        d.transitions() / d.seconds(), d.maxRssKb() / 1024, d.startRssKb() / 1024);
            }
            System.out.printf(Locale.ROOT, "ratios: (b)/(a) p50 %.1f, p99 %.1f; (b at %d)/(a) p50 %.1f, p99 %.1f;"
                    + " (c)/(a) p50 %.1f, p99 %.1f%n", b.p50() / a.p50(), b.p99() / a.p99(), rollouts,
                    d.shift().p50() / a.p50(), d.shift().p99() / a.p99(), c.p50() / a.p50(), c.p99() / a.p99());
            System.out.println("targets: (c) p99 < 100 ms; (b)/(a) < 5 at 1,000 concurrent rollouts");
            scaleParts.lines().forEach(System.out::println);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("benchmark failed: " + e.getMessage());
            e.printStackTrace();
            return 1;
        }
    }

    private void report(String name, Percentiles p) {
        table.put(name, p);
        System.out.printf(Locale.ROOT, "%-55s n=%-5d p50 %8.2f ms  p99 %8.2f ms  [load average %s]%n", name, p.count(), p.p50(),
                p.p99(), Machine.loadAverage());
    }

    // (a) ----------------------------------------------------------------------------------------------------

    /**
     * The {@code linger.ms} the services' producer runs with: a {@code -Dmp.messaging.outgoing.sluice-out.linger.ms} in the
     * child JVM options, else service-common's configuration, else Kafka 4's client default (5 ms).
     */
    static int servicesLingerMs() {
        String key = "mp.messaging.outgoing.sluice-out.linger.ms";
        Matcher given = java.util.regex.Pattern.compile("-D" + java.util.regex.Pattern.quote(key) + "=(\\d+)")
                .matcher(System.getProperty(Layout.CHILD_JVM_OPTIONS, ""));
        if (given.find()) {
            return Integer.parseInt(given.group(1));
        }
        Properties config = new Properties();
        try (var in = java.nio.file.Files.newInputStream(Layout.detect().root()
                .resolve("service-common/src/main/resources/META-INF/microprofile-config.properties"))) {
            config.load(in);
        } catch (java.io.IOException e) {
            return 5;
        }
        return Integer.parseInt(config.getProperty(key, "5").trim());
    }

    /** One record in flight at a time: producer send (acks=all, idempotent, as the services) → a consumer receives it. */
    static Percentiles kafkaRoundTrip(String bootstrap, int count, int lingerMs) {
        String topic = "sluice.bench.roundtrip-linger-" + lingerMs;
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs));
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Double> millis = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp);
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cp)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            byte[] payload = new byte[400]; // about the size of a step event
            int warmUp = 200;
            for (int i = 0; i < warmUp + count; i++) {
                String key = "k" + i;
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, key, payload));
                boolean received = false;
                long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
                while (!received && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        received |= r.key().equals(key);
                    }
                }
                if (!received) {
                    throw new IllegalStateException("record " + key + " did not come back within 10 s");
                }
                if (i >= warmUp) {
                    millis.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        return Percentiles.of(millis);
    }

    // (b) ----------------------------------------------------------------------------------------------------

    private Percentiles shiftLatencySequential(Harness h, Cluster cluster, EventLog events) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < warmUp + samples / 5 + 1; i++) {
            String ns = "bench-b-" + i;
            createRollout(cluster, ns, FIVE_STEPS, false);
            ids.add(ns + "/web");
        }
        awaitStable(cluster, ids, Duration.ofMinutes(3));
        Instant start = Instant.now();
        for (String id : ids) { // one at a time: release, wait until promoted
            String ns = id.substring(0, id.indexOf('/'));
            String stable = cluster.rollout(ns, "web").at("/status/stableRS").asText();
            cluster.setImage(ns, "web", "bench:2");
            Wait.until(id + " to promote its second revision", Duration.ofMinutes(2), () -> {
                var s = cluster.rollout(ns, "web").path("status");
                return "Healthy".equals(s.path("phase").asText()) && !stable.equals(s.path("stableRS").asText())
                        && s.path("stableRS").asText().equals(s.path("currentPodHash").asText());
            });
        }
        return shiftLatencies(events, ids.subList(warmUp, ids.size()), start);
    }

    /** For every event of {@code type} seen so far: from its record's CreateTime to this process receiving it. */
    private static Percentiles hop(EventLog events, EventType type) {
        return Percentiles.of(events.matching(e -> e.type() == type).stream()
                .map(e -> (double) (e.receivedAt().toEpochMilli() - e.recordTimestampMillis())).toList());
    }

    /** Pairs each traffic.shift.requested (when emitted) with the traffic.shifted of the same sequence (when received). */
    private static Percentiles shiftLatencies(EventLog events, List<String> ids, Instant after) {
        java.util.Set<String> wanted = new java.util.HashSet<>(ids);
        Map<String, Instant> requested = new HashMap<>();
        Map<String, Instant> shifted = new HashMap<>();
        for (ObservedEvent e : events.all()) {
            if (!wanted.contains(e.rolloutId())) {
                continue;
            }
            if (e.data() instanceof TrafficShiftRequested r && r.time().isAfter(after)) {
                // emitted = handed to the controller's producer (the record's CreateTime); the event's own time is
                // earlier, when the step was decided, before that reconcile's ReplicaSet and Service writes
                requested.putIfAbsent(r.rolloutId() + "#" + r.sequence(), Instant.ofEpochMilli(e.recordTimestampMillis()));
            } else if (e.data() instanceof TrafficShifted s) {
                shifted.putIfAbsent(s.rolloutId() + "#" + s.sequence(), e.receivedAt());
            }
        }
        List<Double> millis = new ArrayList<>();
        requested.forEach((key, t) -> {
            Instant got = shifted.get(key);
            if (got != null) {
                millis.add(Duration.between(t, got).toNanos() / 1e6);
            }
        });
        return Percentiles.of(millis);
    }

    // (d) ----------------------------------------------------------------------------------------------------

    record Load(Percentiles shift, long transitions, double seconds, long startRssKb, long maxRssKb) {
    }

    private Load manyRollouts(Harness h, Cluster cluster, EventLog events) {
        System.out.println("(d) creating " + rollouts + " rollouts ...");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < rollouts; i++) {
            String ns = "bench-d-" + i;
            createRollout(cluster, ns, FIVE_STEPS, false);
            ids.add(ns + "/web");
        }
        awaitStable(cluster, ids, Duration.ofMinutes(10));
        ManagedProcess controller = h.controller().process();
        long startRss = controller.rssKb();
        AtomicLong maxRss = new AtomicLong(startRss);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> maxRss.accumulateAndGet(controller.rssKb(), Math::max), 0, 200, TimeUnit.MILLISECONDS);
        System.out.println("(d) releasing a new revision of all " + rollouts + " at once ...");
        Map<String, Long> requestsBefore = apiRequests(h);
        Map<String, Double> cpuBefore = cpuByProcess(h);
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        for (String id : ids) {
            cluster.setImage(id.substring(0, id.indexOf('/')), "web", "bench:2");
        }
        java.util.Set<String> wanted = new java.util.HashSet<>(ids);
        Wait.until("all " + rollouts + " rollouts to promote", Duration.ofMinutes(15), () -> events.matching(e ->
                e.type() == EventType.ROLLOUT_PROMOTED && wanted.contains(e.rolloutId()) && e.data().time().isAfter(start))
                .size() >= rollouts);
        double seconds = (System.nanoTime() - t0) / 1e9;
        sampler.shutdownNow();
        long transitions = events.matching(e -> wanted.contains(e.rolloutId()) && e.data().time().isAfter(start)
                && e.data() instanceof StepStarted).size();
        if (transitions == 0) { // a controller that emits no step.started: count acknowledged shifts instead
            transitions = events.matching(e -> wanted.contains(e.rolloutId()) && e.data().time().isAfter(start)
                    && e.data() instanceof TrafficShifted).size();
        }
        printRequestsPerTransition(requestsBefore, apiRequests(h), transitions);
        printCpuPerTransition(cpuBefore, cpuByProcess(h), transitions);
        return new Load(shiftLatencies(events, ids, start), transitions, seconds, startRss, maxRss.get());
    }

    /** What the API test server served so far, by request shape ({@code PUT rollouts/status}: count). */
    private static Map<String, Long> apiRequests(Harness h) {
        try {
            String json = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(h.kube().getMasterUrl() + "sluice-test/requests")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Long> counts = new java.util.TreeMap<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).fields()
                    .forEachRemaining(f -> counts.put(f.getKey(), f.getValue().asLong()));
            return counts;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void printRequestsPerTransition(Map<String, Long> before, Map<String, Long> after, long transitions) {
        StringBuilder line = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            total += n;
            if (n > 0 && !e.getKey().startsWith("WATCH")) {
                line.append(String.format(Locale.ROOT, "; %s %.2f", e.getKey(), (double) n / transitions));
            }
        }
        System.out.printf(Locale.ROOT, "(d) API requests per step transition: %.2f%s%n", (double) total / transitions, line);
    }

    private static Map<String, Double> cpuByProcess(Harness h) {
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        h.processes().forEach(p -> cpu.merge(p.name(), ScaleBench.cpuSeconds(p), Double::sum));
        return cpu;
    }

    /** CPU milliseconds per step transition of each process of the harness (this benchmark's own JVM is not one). */
    private static void printCpuPerTransition(Map<String, Double> before, Map<String, Double> after, long transitions) {
        StringBuilder line = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double ms = (e.getValue() - before.getOrDefault(e.getKey(), 0.0)) * 1000 / transitions;
            total += ms;
            line.append(String.format(Locale.ROOT, "; %s %.1f", e.getKey(), ms));
        }
        System.out.printf(Locale.ROOT, "(d) CPU ms per step transition: %.1f in the harness's processes%s%n", total, line);
    }

    // (c) ----------------------------------------------------------------------------------------------------

    private Percentiles abortLatency(Harness h, Cluster cluster, EventLog events) {
        // analysis-svc stops: the benchmark itself publishes the verdict the rollouts wait for
        h.analysis().process().stop();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < warmUp + samples; i++) {
            String ns = "bench-c-" + i;
            createRollout(cluster, ns, List.of("setWeight: 20", "analysis:\n  templates: [{templateName: success-rate}]",
                    "setWeight: 100"), true);
            ids.add(ns + "/web");
        }
        awaitStable(cluster, ids, Duration.ofMinutes(3));
        Map<String, Long> atZero = new ConcurrentHashMap<>();
        var informer = h.kube().genericKubernetesResources(Cluster.context("networking.istio.io", "v1", "VirtualService",
                "virtualservices")).inAnyNamespace().inform(new ResourceEventHandler<GenericKubernetesResource>() {
                    @Override
                    public void onAdd(GenericKubernetesResource vs) {
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource vs) {
                        long now = System.nanoTime();
                        var split = dev.sluice.e2e.cluster.RouteSplits.virtualService(
                                new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(vs),
                                List.of(new dev.sluice.e2e.cluster.ServicePair(Manifests.STABLE, Manifests.CANARY)));
                        if (split.isPresent() && split.get().canaryPercent() == 0) {
                            atZero.putIfAbsent(vs.getMetadata().getNamespace(), now);
                        }
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource vs, boolean unknown) {
                    }
                });
        List<Double> millis = new ArrayList<>();
        try {
            for (String id : ids) {
                String ns = id.substring(0, id.indexOf('/'));
                Instant releasedAt = Instant.now();
                cluster.setImage(ns, "web", "bench:2");
                Wait.until(id + " to request its analysis", Duration.ofMinutes(1), () -> !events.matching(e -> e.rolloutId()
                        .equals(id) && e.data() instanceof AnalysisRequested r && r.time().isAfter(releasedAt)).isEmpty());
                Wait.until(id + " to hold 20% on the VirtualService", Duration.ofSeconds(30),
                        () -> cluster.canaryWeight(ns, Router.ISTIO).orElse(-1) == 20);
                atZero.remove(ns);
                AnalysisRequested request = (AnalysisRequested) events.matching(e -> e.rolloutId().equals(id)
                        && e.data() instanceof AnalysisRequested r && r.time().isAfter(releasedAt)).get(0).data();
                long t0 = System.nanoTime();
                h.sender().send(new AnalysisCompleted(id, request.rolloutUid(), request.revision(), request.runName(),
                        request.sequence(), AnalysisPhase.Failed, "success-rate", "0.5",
                        "success-rate measured 0.5, below 0.9 (benchmark verdict)", Instant.now()));
                Wait.until(id + " route at 0%", Duration.ofSeconds(30), () -> atZero.containsKey(ns));
                double ms = (atZero.get(ns) - t0) / 1e6;
                boolean warming = ids.indexOf(id) < warmUp;
                if (!warming) {
                    millis.add(ms);
                }
                System.out.printf(Locale.ROOT, "(c) %s: %.1f ms%s%n", id, ms, warming ? " (warm-up, not counted)" : "");
            }
        } finally {
            informer.close();
        }
        return Percentiles.of(millis);
    }

    // shared ---------------------------------------------------------------------------------------------------

    private static void createRollout(Cluster cluster, String ns, List<String> steps, boolean template) {
        cluster.create(Manifests.namespace(ns));
        cluster.create(Manifests.services(ns));
        cluster.create(Manifests.route(ns, Router.ISTIO));
        if (template) {
            cluster.create(Manifests.webTemplate(ns, java.net.URI.create("http://127.0.0.1:9")));
        }
        cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "bench:1", steps));
    }

    private static void awaitStable(Cluster cluster, List<String> ids, Duration timeout) {
        java.util.Set<String> pending = ConcurrentHashMap.newKeySet();
        pending.addAll(ids);
        Wait.until(ids.size() + " first revisions to become stable", timeout, () -> {
            pending.removeIf(id -> {
                var s = cluster.rollout(id.substring(0, id.indexOf('/')), "web").path("status");
                return "Healthy".equals(s.path("phase").asText()) && !s.path("stableRS").asText("").isEmpty();
            });
            return pending.isEmpty();
        });
    }
}
