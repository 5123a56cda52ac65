package dev.sluice.api.rollout;

/** What the controller observed and decided; the source of truth (DESIGN §3). */
public class RolloutStatus {
    /** Progressing, Paused, Healthy or Degraded. */
    public String phase;
}
