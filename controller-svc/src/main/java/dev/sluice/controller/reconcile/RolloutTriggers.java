package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the Java Operator SDK for a reconcile of a rollout (an input recorded in its status, its partition gained).
 * The trigger carries the cached Rollout as a resource event: the SDK drops a bare event for a resource it holds no
 * state for, and it holds none for a rollout whose watch events {@link OwnedEvents} filtered out while another
 * replica owned it.
 */
final class RolloutTriggers extends AbstractEventSource<Void, Rollout> {
    RolloutTriggers() {
        super(Void.class, "kafka-inputs");
    }

    /** A reconcile of the rollout soon; nothing when the event source is not running yet (a rebalance reconciles it then). */
    void trigger(ResourceID id, Optional<Rollout> cached) {
        if (!isRunning()) {
            return;
        }
        getEventHandler().handleEvent(cached.<Event>map(r -> new ResourceEvent(ResourceAction.UPDATED, id, r))
                .orElseGet(() -> new Event(id)));
    }

    @Override
    public Set<Void> getSecondaryResources(Rollout primary) {
        return Set.of();
    }
}
