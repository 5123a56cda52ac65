package dev.sluice.common.messaging;

import dev.sluice.events.CheckCompleted;
import dev.sluice.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A consumer built the way every service builds one: through EventIntake, for check results only. Fails checks named "explode". */
@ApplicationScoped
public class ProbeConsumer {
    final List<CheckCompleted> received = new CopyOnWriteArrayList<>();

    @Inject
    EventIntake intake;

    @Incoming("probe-in")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return intake.accept(message, Set.of(EventType.CHECK_COMPLETED), event -> {
            CheckCompleted check = (CheckCompleted) event.data();
            if (check.checkName().equals("explode")) {
                throw new IllegalStateException("the handler could not store the check");
            }
            received.add(check);
            return CompletableFuture.completedFuture(null);
        });
    }

    public List<CheckCompleted> received() {
        return List.copyOf(received);
    }
}
