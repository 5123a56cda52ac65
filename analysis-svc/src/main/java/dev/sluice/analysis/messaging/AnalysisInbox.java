package dev.sluice.analysis.messaging;

import dev.sluice.common.messaging.EventIntake;
import dev.sluice.common.messaging.InboundEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** The analysis service's Kafka inputs: every record passes through {@link EventIntake}. */
@ApplicationScoped
public class AnalysisInbox {
    private static final Logger LOG = Logger.getLogger(AnalysisInbox.class);

    @Inject
    EventIntake intake;

    @Incoming("analysis-steps")
    public CompletionStage<Void> onAnalysisSteps(Message<byte[]> message) {
        return intake.accept(message, this::handle);
    }

    @Incoming("analysis-checks")
    public CompletionStage<Void> onAnalysisChecks(Message<byte[]> message) {
        return intake.accept(message, this::handle);
    }

    CompletionStage<Void> handle(InboundEvent event) {
        LOG.debugf("%s %s event %s", event.rolloutId(), event.type().ceType(), event.envelope().id());
        return CompletableFuture.completedFuture(null);
    }
}
