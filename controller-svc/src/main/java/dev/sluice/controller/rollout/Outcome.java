package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutStatus;
import java.util.List;

/** The decisions to carry out, and the status to write once they are durable. */
public record Outcome(List<Decision> decisions, RolloutStatus status) {

    public <T extends Decision> List<T> all(Class<T> type) {
        return decisions.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
