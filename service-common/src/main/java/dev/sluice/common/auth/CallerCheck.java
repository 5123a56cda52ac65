package dev.sluice.common.auth;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Decides whether the caller of an endpoint (a read or a command) is authenticated and allowed. With
 * {@code sluice.auth.static-token} set (local runs), the bearer token must equal it. Without it, the token is
 * reviewed by the Kubernetes API ({@link KubernetesCallerReview}). With neither available, every call is refused.
 * The Kubernetes API's answers (allowed, 401, 403) are kept for {@code sluice.auth.cache-ttl} (10 s) per token and
 * target ({@link ReviewCache}), so a dashboard's stream or a list filtered per namespace does not ask twice a second;
 * a review that failed (API server away) is never kept.
 */
@ApplicationScoped
public class CallerCheck {
    private static final Logger LOG = Logger.getLogger(CallerCheck.class);

    private final Optional<String> staticToken;
    private final Supplier<Optional<KubernetesClient>> kubernetes;
    private final ReviewCache cache;

    @Inject
    public CallerCheck(@ConfigProperty(name = "sluice.auth.static-token") Optional<String> staticToken,
            Instance<KubernetesClient> kubernetes,
            @ConfigProperty(name = "sluice.auth.cache-ttl", defaultValue = "10S") Duration cacheTtl) {
        this(staticToken, () -> kubernetes.isResolvable() ? Optional.of(kubernetes.get()) : Optional.empty(),
                new ReviewCache(cacheTtl, ReviewCache.MAX_ENTRIES, Clock.systemUTC()));
    }

    CallerCheck(Optional<String> staticToken, Supplier<Optional<KubernetesClient>> kubernetes) {
        this(staticToken, kubernetes, new ReviewCache(Duration.ZERO, 0, Clock.systemUTC()));
    }

    CallerCheck(Optional<String> staticToken, Supplier<Optional<KubernetesClient>> kubernetes, ReviewCache cache) {
        this.staticToken = staticToken.filter(t -> !t.isBlank());
        this.kubernetes = kubernetes;
        this.cache = cache;
    }

    /** Who the caller is, whatever it may do: its name, or a 401 problem. For limits per caller. */
    public String caller(String authorizationHeader) {
        AuthDecision d = check(authorizationHeader, null);
        if (d instanceof AuthDecision.Allowed a) {
            return a.caller();
        }
        AuthDecision.Refused r = (AuthDecision.Refused) d;
        throw new dev.sluice.common.problem.ProblemException(r.status(), r.status() == 401 ? "Unauthorized" : "Forbidden",
                r.reason(), java.util.List.of());
    }

    /** {@code target} null: authentication only. */
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
                KubernetesCallerReview review = new KubernetesCallerReview(client.get());
                return cache.get(token.get(), target, () -> target == null ? review.authenticate(token.get())
                        : review.review(token.get(), target));
            } catch (RuntimeException e) {
                LOG.warnf("token review failed: %s", e.getMessage());
                return new AuthDecision.Refused(401, "the token could not be reviewed by the Kubernetes API");
            }
        }
        return new AuthDecision.Refused(401, "no authentication is configured (set sluice.auth.static-token or run in a cluster)");
    }

    /**
     * Which namespaces the caller may {@code verb} {@code resource} ({@code plural.group}) in, for a list filtered to
     * what the caller may read: one review for every namespace at once, else one per namespace asked about (each
     * kept for this predicate's life and in the cache). A caller that is not authenticated at all gets a 401 problem
     * at once, so a page can show its sign-in form instead of an empty list.
     */
    public java.util.function.Predicate<String> namespaces(String authorizationHeader, String verb, String resource) {
        int dot = resource.indexOf('.');
        String group = dot < 0 ? "" : resource.substring(dot + 1);
        String plural = dot < 0 ? resource : resource.substring(0, dot);
        AuthDecision anywhere = check(authorizationHeader, new AuthDecision.Target(group, plural, verb, null, null));
        if (anywhere instanceof AuthDecision.Allowed) {
            return ns -> true;
        }
        AuthDecision.Refused refused = (AuthDecision.Refused) anywhere;
        if (refused.status() == 401) {
            throw new dev.sluice.common.problem.ProblemException(401, "Unauthorized", refused.reason(), java.util.List.of());
        }
        java.util.Map<String, Boolean> known = new java.util.concurrent.ConcurrentHashMap<>();
        return ns -> known.computeIfAbsent(ns, n -> check(authorizationHeader,
                new AuthDecision.Target(group, plural, verb, n, null)) instanceof AuthDecision.Allowed);
    }
}
