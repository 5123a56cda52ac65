package dev.sluice.common.auth;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import org.jboss.logging.Logger;

import dev.sluice.common.problem.Problem;
import dev.sluice.common.problem.ProblemMappers;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Guards endpoints marked {@link RequiresCaller}. The target of authorisation is the path's {@code namespace}
 * and {@code name} with verb {@code sluice.auth.verb} (default {@code patch}) on {@code sluice.auth.resource}
 * (default {@code rollouts.sluice.dev}). A refusal is a problem+json 401 or 403; an allowed caller's name is
 * available to the endpoint as the request property {@link #CALLER}.
 */
@Provider
@RequiresCaller
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthFilter implements ContainerRequestFilter {
    public static final String CALLER = "sluice.caller";
    private static final Logger LOG = Logger.getLogger(BearerAuthFilter.class);

    /** What the caller must be allowed: the endpoint's own verb and resource, else the configured ones, in the path's namespace. */
    static AuthDecision.Target target(RequiresCaller marked, String defaultVerb, String defaultResource, String namespace, String name) {
        String verb = marked == null || marked.verb().isEmpty() ? defaultVerb : marked.verb();
        String resource = marked == null || marked.resource().isEmpty() ? defaultResource : marked.resource();
        int dot = resource.indexOf('.');
        return new AuthDecision.Target(dot < 0 ? "" : resource.substring(dot + 1), dot < 0 ? resource : resource.substring(0, dot),
                verb, namespace, name);
    }

    @Inject
    CallerCheck check;
    @ConfigProperty(name = "sluice.auth.verb", defaultValue = "patch")
    String verb;
    @ConfigProperty(name = "sluice.auth.resource", defaultValue = "rollouts.sluice.dev")
    String resource;

    @Context
    ResourceInfo endpoint;

    @Override
    public void filter(ContainerRequestContext request) {
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        RequiresCaller marked = endpoint == null || endpoint.getResourceMethod() == null ? null
                : endpoint.getResourceMethod().getAnnotation(RequiresCaller.class);
        AuthDecision.Target target = target(marked, verb, resource, path.getFirst("namespace"), path.getFirst("name"));
        AuthDecision decision = check.check(request.getHeaderString(HttpHeaders.AUTHORIZATION), target);
        if (decision instanceof AuthDecision.Allowed allowed) {
            request.setProperty(CALLER, allowed.caller());
            return;
        }
        AuthDecision.Refused refused = (AuthDecision.Refused) decision;
        LOG.infof("refused %s %s (%s %s in %s): %s", request.getMethod(), request.getUriInfo().getPath(), target.verb(),
                target.resource(), target.namespace(), refused.reason());
        var response = ProblemMappers.respond(Problem.of(refused.status(),
                refused.status() == 401 ? "Unauthorized" : "Forbidden", refused.reason()));
        request.abortWith(refused.status() == 401
                ? jakarta.ws.rs.core.Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build()
                : response);
    }
}
