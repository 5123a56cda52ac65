package dev.sluice.events;

import java.util.List;

/** Every Kafka topic Sluice uses. The record key is always the rollout id {@code namespace/name}. */
public final class Topics {
    /** Every decision the controller takes (step events). Producer: controller-svc. */
    public static final String STEPS = "sluice.rollout.steps";
    /** Measurements and run outcomes. Producer: analysis-svc. */
    public static final String VERDICTS = "sluice.analysis.verdicts";
    /** What was applied to which route object, or why not. Producer: traffic-svc. */
    public static final String TRAFFIC_STATUS = "sluice.traffic.status";
    /** Promote, abort, retry, pause, resume. Producers: other systems, CLI, REST. */
    public static final String COMMANDS = "sluice.rollout.commands";
    /** External check results for the {@code event} metric provider. Producers: other systems. */
    public static final String CHECKS = "sluice.checks";
    /** notify-svc's idempotency ledger: which event already reached which recipient (compacted). Producer: notify-svc. */
    public static final String NOTIFY_SENT = "sluice.notify.sent";
    /** Records that could not be read, with the reason in headers. Producers: all services. */
    public static final String DEADLETTER = "sluice.deadletter";

    private Topics() {
    }

    public static List<String> all() {
        return List.of(STEPS, VERDICTS, TRAFFIC_STATUS, COMMANDS, CHECKS, NOTIFY_SENT, DEADLETTER);
    }
}
