package dev.sluice.controller.dashboard;

import dev.sluice.common.auth.AuthDecision;
import dev.sluice.common.auth.CallerCheck;
import dev.sluice.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The dashboard's access rules, the REST API's rules: the bearer token is checked by {@link CallerCheck} (the
 * static token in local runs, TokenReview + SubjectAccessReview in a cluster); reading a rollout needs {@code get}
 * on {@code rollouts.sluice.dev} in its namespace, acting needs {@code patch}.
 */
@ApplicationScoped
public class DashboardAccess {
    static final String GROUP = "sluice.dev";
    static final String RESOURCE = "rollouts";

    @Inject
    CallerCheck check;

    public AuthDecision mayRead(String authorization, String namespace) {
        return check.check(authorization, new AuthDecision.Target(GROUP, RESOURCE, "get", namespace, null));
    }

    public AuthDecision mayPatch(String authorization, String namespace, String name) {
        return check.check(authorization, new AuthDecision.Target(GROUP, RESOURCE, "patch", namespace, name));
    }

    /** The caller's name when it may read {@code namespace} (null: every namespace); otherwise a 401/403 problem. */
    public String requireRead(String authorization, String namespace) {
        AuthDecision d = mayRead(authorization, namespace);
        if (d instanceof AuthDecision.Allowed a) {
            return a.caller();
        }
        AuthDecision.Refused r = (AuthDecision.Refused) d;
        throw new ProblemException(r.status(), r.status() == 401 ? "Unauthorized" : "Forbidden", r.reason(), List.of());
    }
}
