package dev.sluice.api.rollout;

/** What the user declares. */
public class RolloutSpec {
    /** Desired number of pods. */
    public Integer replicas;
}
