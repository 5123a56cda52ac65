package dev.sluice.controller.api;

/**
 * A command was published on {@code sluice.rollout.commands}; the replica owning the rollout acts on it, while
 * {@code revision} (the rollout's {@code status.currentPodHash} when the call came) is still the one rolling out.
 */
public record CommandAccepted(String rolloutId, String command, String type, String requestedBy, String revision) {
}
