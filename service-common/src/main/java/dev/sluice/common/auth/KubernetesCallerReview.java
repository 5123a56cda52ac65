package dev.sluice.common.auth;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * In-cluster authentication: the bearer token is a Kubernetes service-account (or user) token, checked with a
 * TokenReview, and the caller must be allowed {@code verb} on the target by a SubjectAccessReview, exactly as
 * {@code kubectl} would be. The service account of the service needs {@code create} on tokenreviews and
 * subjectaccessreviews.
 */
public final class KubernetesCallerReview {
    private final KubernetesClient client;

    public KubernetesCallerReview(KubernetesClient client) {
        this.client = client;
    }

    /** Who the token is (a TokenReview only): allowed with the user's name, or a 401. */
    public AuthDecision authenticate(String token) {
        TokenReview review = client.resource(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build()).create();
        if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
            String error = review.getStatus() == null ? null : review.getStatus().getError();
            return new AuthDecision.Refused(401, "the bearer token was not accepted by the Kubernetes API"
                    + (error == null ? "" : ": " + error));
        }
        return new AuthDecision.Allowed(review.getStatus().getUser().getUsername());
    }

    public AuthDecision review(String token, AuthDecision.Target target) {
        TokenReview review = client.resource(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build()).create();
        if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
            String error = review.getStatus() == null ? null : review.getStatus().getError();
            return new AuthDecision.Refused(401, "the bearer token was not accepted by the Kubernetes API"
                    + (error == null ? "" : ": " + error));
        }
        var user = review.getStatus().getUser();
        SubjectAccessReview access = client.resource(new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(user.getUsername()).withGroups(user.getGroups()).withUid(user.getUid())
                .withNewResourceAttributes().withGroup(target.group()).withResource(target.resource()).withVerb(target.verb())
                .withNamespace(target.namespace()).withName(target.name()).endResourceAttributes()
                .endSpec().build()).create();
        if (access.getStatus() == null || !Boolean.TRUE.equals(access.getStatus().getAllowed())) {
            return new AuthDecision.Refused(403, user.getUsername() + " may not " + target.verb() + " " + target.resource()
                    + "." + target.group() + (target.name() == null ? " in namespace " + target.namespace()
                    : " " + target.namespace() + "/" + target.name()));
        }
        return new AuthDecision.Allowed(user.getUsername());
    }
}
