package dev.sluice.e2e.chaos;

import dev.sluice.e2e.events.EventLog;
import dev.sluice.e2e.events.ObservedEvent;
import dev.sluice.events.EventType;
import dev.sluice.events.StepStarted;
import dev.sluice.events.Topics;
import dev.sluice.events.TrafficShifted;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a fleet of rollouts went through, read from the event stream after faults: rollouts lost (their newest release
 * reached no outcome), traffic weights applied out of order (a {@code traffic.shifted} whose sequence is lower than one
 * applied before it for the same rollout), duplicate step transitions (a step of one release started under two
 * different sequences: the step was taken twice), and the dead-letter topic's records by cause.
 *
 * @param lost rollout ids whose newest release did not finish
 */
public record FleetReport(int rollouts, List<String> lost, int weightsOutOfOrder, int duplicateStepTransitions,
        Map<String, Integer> deadLettersByCause, List<String> findings) {

    /**
     * @param finished whether a rollout id's newest release reached an outcome (promoted or Degraded)
     */
    public static FleetReport of(EventLog log, Collection<String> rolloutIds, Predicate<String> finished, String bootstrap) {
        List<String> lost = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        int outOfOrder = 0;
        int duplicates = 0;
        for (String id : rolloutIds) {
            if (!finished.test(id)) {
                lost.add(id);
            }
            List<ObservedEvent> events = new ArrayList<>(log.of(id));
            outOfOrder += weightsOutOfOrder(id, events, findings);
            duplicates += duplicateSteps(id, events, findings);
        }
        return new FleetReport(rolloutIds.size(), List.copyOf(lost), outOfOrder, duplicates, deadLetters(bootstrap), List.copyOf(findings));
    }

    /** Applied shifts in publication order (one key, one partition): each sequence must be at least the one before. */
    static int weightsOutOfOrder(String id, List<ObservedEvent> events, List<String> findings) {
        int count = 0;
        Map<String, Long> newest = new HashMap<>();
        for (ObservedEvent e : events.stream().filter(e -> e.type() == EventType.TRAFFIC_SHIFTED)
                .sorted(Comparator.comparingLong(ObservedEvent::offset)).toList()) {
            TrafficShifted s = (TrafficShifted) e.data();
            Long before = newest.get(s.rolloutUid());
            if (before != null && s.sequence() < before) {
                count++;
                findings.add(id + ": weight " + s.canaryWeight() + "% (sequence " + s.sequence() + ") applied after sequence " + before);
            }
            newest.merge(s.rolloutUid(), s.sequence(), Math::max);
        }
        return count;
    }

    /**
     * Step starts in publication order; a release begins at each {@code rollout.revision.detected}. The same step of the
     * same release started under two sequences counts once per extra sequence (a record published again after a crash
     * carries the same sequence and is not a repetition).
     */
    static int duplicateSteps(String id, List<ObservedEvent> events, List<String> findings) {
        int release = 0;
        Map<String, Set<Long>> sequences = new TreeMap<>();
        for (ObservedEvent e : events.stream().filter(e -> e.topic().equals(Topics.STEPS))
                .sorted(Comparator.comparingLong(ObservedEvent::offset)).toList()) {
            if (e.type() == EventType.REVISION_DETECTED) {
                release++;
            } else if (e.type() == EventType.STEP_STARTED) {
                StepStarted s = (StepStarted) e.data();
                sequences.computeIfAbsent(s.rolloutUid() + " release " + release + " revision " + s.revision() + " step " + s.stepIndex(),
                        k -> new HashSet<>()).add(s.sequence());
            }
        }
        int count = 0;
        for (Map.Entry<String, Set<Long>> step : sequences.entrySet()) {
            if (step.getValue().size() > 1) {
                count += step.getValue().size() - 1;
                findings.add(id + ": " + step.getKey() + " started under sequences " + step.getValue());
            }
        }
        return count;
    }

    /** Every record on the dead-letter topic, by cause: SmallRye's {@code dead-letter-reason} header, up to its first colon. */
    public static Map<String, Integer> deadLetters(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Integer> byCause = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEADLETTER).stream()
                    .map(i -> new TopicPartition(Topics.DEADLETTER, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    byCause.merge(cause(r), 1, Integer::sum);
                }
            }
        }
        return byCause;
    }

    static String cause(ConsumerRecord<String, byte[]> r) {
        Header reason = r.headers().lastHeader("dead-letter-reason");
        if (reason == null || reason.value() == null) {
            return "(no reason)";
        }
        String text = new String(reason.value(), StandardCharsets.UTF_8);
        if (text.startsWith("handling ")) {
            return "handler failed";
        }
        int colon = text.indexOf(':');
        return colon > 0 && colon < 60 ? text.substring(0, colon) : text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    public int deadLetterCount() {
        return deadLettersByCause.values().stream().mapToInt(Integer::intValue).sum();
    }
}
