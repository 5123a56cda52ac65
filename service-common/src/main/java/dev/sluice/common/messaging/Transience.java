package dev.sluice.common.messaging;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Which failures go away by themselves (an API server or broker that cannot be reached, a write conflict,
 * throttling, a server error, a timeout) and which retrying will not cure (a missing permission, an invalid write,
 * a bug). The first kind is waited out; the second ends in the dead-letter topic with the reason.
 */
public final class Transience {
    private Transience() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k) {
                return isTransientStatus(k.getCode());
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * An HTTP status from the Kubernetes API that goes away by itself: no answer (0), a timeout (408), a write
     * conflict (409), too early (425), throttling (429), a server error (5xx).
     */
    public static boolean isTransientStatus(int code) {
        return code <= 0 || code == 408 || code == 409 || code == 425 || code == 429 || code >= 500;
    }
}
