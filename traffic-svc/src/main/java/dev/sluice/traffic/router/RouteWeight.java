package dev.sluice.traffic.router;

/** The canary weight (percent) found in one route of an object; {@code route} is null for an unnamed one. */
public record RouteWeight(String route, int canaryWeight) {
}
