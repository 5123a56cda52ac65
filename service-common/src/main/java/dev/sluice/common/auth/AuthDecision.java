package dev.sluice.common.auth;

/** The answer to "may this caller do this?": allowed with the caller's name, or refused with a status and reason. */
public sealed interface AuthDecision {

    record Allowed(String caller) implements AuthDecision {
    }

    /** {@code status} is 401 (who are you?) or 403 (not allowed). */
    record Refused(int status, String reason) implements AuthDecision {
    }

    /** What the caller wants to change, for authorisation: {@code verb} on {@code resource} in {@code group}. */
    record Target(String group, String resource, String verb, String namespace, String name) {
    }
}
