package dev.sluice.common.auth;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Decides whether the caller of a mutating endpoint is authenticated and allowed. With
 * {@code sluice.auth.static-token} set (local runs), the bearer token must equal it. Without it, the token is
 * reviewed by the Kubernetes API ({@link KubernetesCallerReview}). With neither available, every call is refused.
 */
@ApplicationScoped
public class CallerCheck {
    private static final Logger LOG = Logger.getLogger(CallerCheck.class);

    private final Optional<String> staticToken;
    private final Supplier<Optional<KubernetesClient>> kubernetes;

    @Inject
    public CallerCheck(@ConfigProperty(name = "sluice.auth.static-token") Optional<String> staticToken,
            Instance<KubernetesClient> kubernetes) {
        this(staticToken, () -> kubernetes.isResolvable() ? Optional.of(kubernetes.get()) : Optional.empty());
    }

    CallerCheck(Optional<String> staticToken, Supplier<Optional<KubernetesClient>> kubernetes) {
        this.staticToken = staticToken.filter(t -> !t.isBlank());
        this.kubernetes = kubernetes;
    }

    public AuthDecision check(String authorizationHeader, AuthDecision.Target target) {
        Optional<String> token = BearerToken.from(authorizationHeader);
        if (token.isEmpty()) {
            return new AuthDecision.Refused(401, "this endpoint needs a caller: send Authorization: Bearer <token>");
        }
        if (staticToken.isPresent()) {
            return BearerToken.matches(staticToken.get(), token.get())
                    ? new AuthDecision.Allowed("static-token")
                    : new AuthDecision.Refused(401, "the bearer token does not match sluice.auth.static-token");
        }
        Optional<KubernetesClient> client = kubernetes.get();
        if (client.isPresent()) {
            try {
                return new KubernetesCallerReview(client.get()).review(token.get(), target);
            } catch (RuntimeException e) {
                LOG.warnf("token review failed: %s", e.getMessage());
                return new AuthDecision.Refused(401, "the token could not be reviewed by the Kubernetes API");
            }
        }
        return new AuthDecision.Refused(401, "no authentication is configured (set sluice.auth.static-token or run in a cluster)");
    }
}
