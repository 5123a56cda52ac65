package dev.sluice.traffic.router;

import java.util.Optional;

/**
 * An object a router writes for one rollout, and the object it is derived from when the router creates it
 * (the NGINX canary Ingress is built from its stable Ingress).
 */
public record Target(String router, ObjectRef ref, Optional<ObjectRef> template) {

    public static Target of(String router, ObjectRef ref) {
        return new Target(router, ref, Optional.empty());
    }
}
