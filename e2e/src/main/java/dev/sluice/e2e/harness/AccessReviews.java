package dev.sluice.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Kubernetes API test server's answers to TokenReview and SubjectAccessReview, which fabric8's CRUD server
 * would only store: a fixed table of tokens and what each user may do. It lets the end-to-end suite and the demo
 * run the services' in-cluster authentication path (TokenReview + SubjectAccessReview) for real:
 * <ul>
 * <li>{@value #OPERATOR_TOKEN}: user {@code operator}, every verb (reads and acts on rollouts);</li>
 * <li>{@value #VIEWER_TOKEN}: user {@code viewer}, only {@code get}, {@code list} and {@code watch};</li>
 * <li>{@value #SERVICE_TOKEN}: the services' own token, every verb;</li>
 * <li>any other token: not authenticated.</li>
 * </ul>
 */
public final class AccessReviews {
    public static final String OPERATOR_TOKEN = "sluice-operator";
    public static final String VIEWER_TOKEN = "sluice-viewer";
    public static final String SERVICE_TOKEN = "sluice-e2e";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
    private static final Map<String, String> USERS = Map.of(OPERATOR_TOKEN, "operator", VIEWER_TOKEN, "viewer",
            SERVICE_TOKEN, "system:serviceaccount:sluice-system:sluice");

    private AccessReviews() {
    }

    /** Whether a create at {@code path} is a TokenReview or SubjectAccessReview. */
    public static boolean isReview(String path) {
        String p = path == null ? "" : path.split("\\?")[0];
        return p.endsWith("/authentication.k8s.io/v1/tokenreviews") || p.endsWith("/authorization.k8s.io/v1/subjectaccessreviews");
    }

    /** The answer to a create at {@code path}, when it is a review; empty for every other create. */
    public static Optional<String> answer(String path, String body) {
        String p = path == null ? "" : path.split("\\?")[0];
        try {
            if (p.endsWith("/authentication.k8s.io/v1/tokenreviews")) {
                ObjectNode review = (ObjectNode) JSON.readTree(body);
                String user = USERS.get(review.path("spec").path("token").asText(""));
                ObjectNode status = review.putObject("status");
                status.put("authenticated", user != null);
                if (user == null) {
                    status.put("error", "unknown token");
                } else {
                    status.putObject("user").put("username", user).putArray("groups").add("system:authenticated");
                }
                return Optional.of(review.toString());
            }
            if (p.endsWith("/authorization.k8s.io/v1/subjectaccessreviews")) {
                ObjectNode review = (ObjectNode) JSON.readTree(body);
                JsonNode spec = review.path("spec");
                String user = spec.path("user").asText("");
                String verb = spec.path("resourceAttributes").path("verb").asText("");
                boolean allowed = !"viewer".equals(user) ? USERS.containsValue(user) : READ_VERBS.contains(verb);
                ObjectNode status = review.putObject("status");
                status.put("allowed", allowed);
                if (!allowed) {
                    status.put("reason", user + " may not " + verb);
                }
                return Optional.of(review.toString());
            }
        } catch (java.io.IOException | ClassCastException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
