package dev.sluice.common.auth;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint whose caller must present a bearer token that {@link CallerCheck} accepts and that is allowed
 * {@link #verb} on {@link #resource} ({@code plural.group}) in the path's {@code namespace} (and {@code name}, when the
 * path has one). Empty members take {@code sluice.auth.verb} / {@code sluice.auth.resource} (default {@code patch}
 * on {@code rollouts.sluice.dev}: the controller's commands).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresCaller {
    /** The Kubernetes verb the caller needs, e.g. {@code create}; empty: {@code sluice.auth.verb}. */
    String verb() default "";

    /** {@code plural.group}, e.g. {@code analysisruns.sluice.dev}; empty: {@code sluice.auth.resource}. */
    String resource() default "";
}
