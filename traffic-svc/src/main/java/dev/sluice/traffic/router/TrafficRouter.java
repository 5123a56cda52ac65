package dev.sluice.traffic.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The router SPI: one traffic router (Istio, NGINX Ingress, Gateway API, Traefik, SMI). Pure: every method takes
 * an object as a JSON tree and returns the tree it should become, or throws {@link RouteException} naming the
 * object and route; reading and writing the cluster is someone else's job. Methods that change an object get
 * their own copy and may change it in place.
 *
 * <p>A new router is a plugin (Argo's {@code trafficRouting.plugins}): one package under {@code router/}
 * implementing this interface with {@link #plugin()} returning its name and reading its configuration with
 * {@link PluginConfig#read}, one line in {@link Routers#all}, and golden files under
 * {@code src/test/resources/golden/<router>/}. Neither the Rollout CRD nor the events change: the user writes
 * {@code plugins: {<name>: {...}}} and the configuration travels as an opaque object (traffic-svc README,
 * "Adding a router"). The built-in routers also read their own {@code TrafficRouting} field.
 */
public interface TrafficRouter {

    /** The router's name as it appears in the routing spec and in events: istio, nginx, gatewayAPI, traefik, smi. */
    String name();

    /**
     * True when the routing spec uses this router through its own {@code TrafficRouting} field (the built-in
     * routers); a plugin-only router keeps the default. Dispatchers ask {@link #usedBy} instead.
     */
    default boolean configuredIn(Desired desired) {
        return false;
    }

    /**
     * The name under {@code trafficRouting.plugins} this router reads its configuration from (Argo's traffic
     * router plugins); empty for a router without a plugin form.
     */
    default Optional<String> plugin() {
        return Optional.empty();
    }

    /** This router's plugin configuration in the routing spec, when it has a plugin form and the spec names it. */
    default Optional<JsonNode> pluginConfig(Desired desired) {
        return plugin().map(name -> desired.routing() == null ? null : desired.routing().plugin(name));
    }

    /** What the dispatchers ask: the routing spec uses this router, under its own field or as a plugin. */
    default boolean usedBy(Desired desired) {
        return configuredIn(desired) || pluginConfig(desired).isPresent();
    }

    /**
     * Every problem with this router's part of a request that no object needs to be read to see (a missing
     * name, a route shape the router cannot write, a plugin configuration it cannot read); the request is
     * dead-lettered with them. Only called when {@link #usedBy} holds.
     */
    default List<String> violations(Desired desired) {
        return List.of();
    }

    /** The objects this router writes for the rollout, in the order they are written. */
    List<Target> targets(Desired desired);

    /** Sets the canary weight (and subset labels, where the router has them). */
    void setWeight(Target target, ObjectNode object, Desired desired);

    /**
     * Makes the routes Sluice adds exactly {@link Desired#addedRoutes()} (header, match and mirror routes, the
     * session-affinity route and cookie): adds or updates them and removes those no longer wanted. The user's
     * own routes stay. Called before {@link #setWeight}.
     */
    void setManagedRoutes(Target target, ObjectNode object, Desired desired);

    /** The weights the object holds now, per managed route. An object without weights returns an empty list. */
    List<RouteWeight> readBack(Target target, ObjectNode object, Desired desired);

    /**
     * The object to create when {@code target} does not exist yet, built from its template ({@code null} for a
     * target without one); empty when a missing object is an error (the user owns it).
     */
    default Optional<ObjectNode> initial(Target target, ObjectNode template, Desired desired) {
        return Optional.empty();
    }

    /**
     * Brings what the object copies from its template up to date (the NGINX canary Ingress follows its stable
     * Ingress's class and rules); called before every write of an object that has a template.
     */
    default void follow(Target target, ObjectNode object, ObjectNode template, Desired desired) {
    }
}
