package dev.sluice.events;

/**
 * An event the controller emits about one rollout. {@code sequence} is monotonic per rollout, so a
 * consumer ignores a sequence older than the newest it applied; {@code rolloutUid} tells a recreated
 * rollout of the same name apart; {@code revision} is the pod-template hash the step is about.
 */
public interface RolloutStepEvent extends SluiceEvent {
    String rolloutUid();

    String revision();

    int stepIndex();

    long sequence();
}
