package dev.sluice.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The {@code sluice.dev/command} annotation the CLI writes on a Rollout; the controller's CommandAnnotationRelay
 * publishes it as {@code dev.sluice.command.<command>.v1} under the same id and removes it. {@code revision} is the
 * {@code status.currentPodHash} the user saw: the controller ignores the command once another revision rolls out.
 */
public record CommandRequest(String id, String command, String revision, String requestedBy, String reason, Instant time) {
    public static final String ANNOTATION = "sluice.dev/command";
    private static final ObjectMapper JSON = new ObjectMapper();

    public String annotationValue() {
        ObjectNode n = JSON.createObjectNode().put("id", id).put("command", command);
        if (revision != null) n.put("revision", revision);
        if (requestedBy != null) n.put("requestedBy", requestedBy);
        if (reason != null) n.put("reason", reason);
        n.put("time", time.toString());
        return n.toString();
    }

    /**
     * A merge patch that sets the annotation only on the object version the user read: the API server answers 409
     * when the rollout changed in between (e.g. a new revision), so the command never lands on a revision nobody saw.
     */
    public String mergePatch(String resourceVersion) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode metadata = patch.putObject("metadata");
        metadata.putObject("annotations").put(ANNOTATION, annotationValue());
        metadata.put("resourceVersion", resourceVersion);
        return patch.toString();
    }
}
