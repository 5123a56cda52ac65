package dev.sluice.traffic.router;

/**
 * The object or the routing spec cannot take the desired weights; the message names the object and the
 * route exactly, so a person can fix it. Thrown only by pure code, never for I/O.
 */
public class RouteException extends RuntimeException {
    public RouteException(String message) {
        super(message, null, false, false);
    }
}
