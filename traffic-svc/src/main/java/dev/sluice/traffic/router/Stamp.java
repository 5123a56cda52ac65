package dev.sluice.traffic.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.values.LabelValues;
import dev.sluice.events.Json;
import java.util.List;
import java.util.Optional;

/**
 * What Sluice writes on every route object besides the weights, so the cluster alone tells which rollout an
 * object serves and what it should say: a restarted replica, another replica's drift check and the REST API
 * all read it from here.
 */
public final class Stamp {
    /** Label: the rollout's name (the object lives in the rollout's namespace); for list queries. */
    public static final String ROLLOUT_LABEL = "sluice.dev/rollout";
    /** Annotation: the rollout id {@code namespace/name}. */
    public static final String ROLLOUT = "sluice.dev/rollout";
    public static final String ROLLOUT_UID = "sluice.dev/rollout-uid";
    /** Annotation: the newest request sequence that changed this object. */
    public static final String SEQUENCE = "sluice.dev/sequence";
    /** Annotation: the {@link Desired} state as JSON. */
    public static final String DESIRED = "sluice.dev/desired";
    /** Annotation: names of the routes / rules Sluice added (header routes), comma-separated. */
    public static final String MANAGED_ROUTES = "sluice.dev/managed-routes";

    /** Map entries sorted, so the same desired state always gives the same annotation text. */
    private static final ObjectMapper MAPPER = Json.mapper().copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Stamp() {
    }

    /** What a stamped object says about its rollout; empty for an object Sluice never wrote. */
    public record Found(String rolloutId, String rolloutUid, long sequence, Desired desired) {
    }

    public static void apply(ObjectNode object, Desired desired, String rolloutUid, long sequence) {
        Nodes.object(Nodes.metadata(object), "labels").put(ROLLOUT_LABEL, labelValue(desired.rolloutName()));
        ObjectNode annotations = Nodes.annotations(object);
        annotations.put(ROLLOUT, desired.rolloutId());
        annotations.put(ROLLOUT_UID, rolloutUid);
        annotations.put(SEQUENCE, Long.toString(sequence));
        try {
            annotations.put(DESIRED, MAPPER.writeValueAsString(desired));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the desired state of " + desired.rolloutId(), e);
        }
    }

    /** Whether two desired states are the same, as their annotation text (so a state read back compares with one requested). */
    public static boolean sameDesired(Desired a, Desired b) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(a)).equals(MAPPER.readTree(MAPPER.writeValueAsString(b)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the desired state of " + a.rolloutId(), e);
        }
    }

    /** Removes everything {@link #apply} wrote (the label and the annotations); the weights stay as they are. */
    public static void remove(ObjectNode object) {
        JsonNode labels = Nodes.metadata(object).get("labels");
        if (labels instanceof ObjectNode l) {
            l.remove(ROLLOUT_LABEL);
        }
        ObjectNode annotations = Nodes.annotations(object);
        annotations.remove(List.of(ROLLOUT, ROLLOUT_UID, SEQUENCE, DESIRED, MANAGED_ROUTES));
    }

    public static Optional<Found> read(JsonNode object) {
        Optional<String> rollout = Nodes.annotation(object, ROLLOUT);
        Optional<String> desired = Nodes.annotation(object, DESIRED);
        if (rollout.isEmpty() || desired.isEmpty()) {
            return Optional.empty();
        }
        try {
            long sequence = Long.parseLong(Nodes.annotation(object, SEQUENCE).orElse("-1"));
            Desired d = MAPPER.readValue(desired.get(), Desired.class);
            return Optional.of(new Found(rollout.get(), Nodes.annotation(object, ROLLOUT_UID).orElse(""), sequence, d));
        } catch (JsonProcessingException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The rollout's name as a label value: {@link LabelValues}, the same shortening (head and hash) the controller and
     * analysis-svc use; the annotation keeps the full id.
     */
    public static String labelValue(String rolloutName) {
        return LabelValues.of(rolloutName);
    }
}
