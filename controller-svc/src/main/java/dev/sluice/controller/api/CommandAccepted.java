package dev.sluice.controller.api;

/** A command was published on {@code sluice.rollout.commands}; the replica owning the rollout acts on it. */
public record CommandAccepted(String rolloutId, String command, String type, String requestedBy) {
}
