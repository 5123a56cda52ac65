package dev.sluice.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The event catalogue: every v1 CloudEvents type, the topic it travels on, who produces it and the
 * record its data binds to. {@code ce_type} is {@code dev.sluice.<noun>.<verb>.v1}.
 */
public enum EventType {
    REVISION_DETECTED("rollout.revision.detected", Topics.STEPS, "controller", RevisionDetected.class),
    STEP_STARTED("rollout.step.started", Topics.STEPS, "controller", StepStarted.class),
    TRAFFIC_SHIFT_REQUESTED("traffic.shift.requested", Topics.STEPS, "controller", TrafficShiftRequested.class),
    ANALYSIS_REQUESTED("analysis.requested", Topics.STEPS, "controller", AnalysisRequested.class),
    ANALYSIS_CANCEL_REQUESTED("analysis.cancel.requested", Topics.STEPS, "controller", AnalysisCancelRequested.class),
    ROLLOUT_PAUSED("rollout.paused", Topics.STEPS, "controller", RolloutPaused.class),
    ROLLOUT_PROMOTED("rollout.promoted", Topics.STEPS, "controller", RolloutPromoted.class),
    ROLLOUT_ABORTED("rollout.aborted", Topics.STEPS, "controller", RolloutAborted.class),
    ROLLOUT_COMPLETED("rollout.completed", Topics.STEPS, "controller", RolloutCompleted.class),
    ZERO_DOWNTIME_FINDINGS("rollout.zero-downtime.findings", Topics.STEPS, "controller", ZeroDowntimeFindings.class),

    MEASUREMENT_TAKEN("analysis.measurement.taken", Topics.VERDICTS, "analysis", MeasurementTaken.class),
    ANALYSIS_COMPLETED("analysis.completed", Topics.VERDICTS, "analysis", AnalysisCompleted.class),

    TRAFFIC_SHIFTED("traffic.shifted", Topics.TRAFFIC_STATUS, "traffic", TrafficShifted.class),
    TRAFFIC_SHIFT_FAILED("traffic.shift.failed", Topics.TRAFFIC_STATUS, "traffic", TrafficShiftFailed.class),

    COMMAND_PROMOTE("command.promote", Topics.COMMANDS, "other systems, REST", RolloutCommand.class),
    COMMAND_PROMOTE_FULL("command.promote-full", Topics.COMMANDS, "other systems, REST", RolloutCommand.class),
    COMMAND_ABORT("command.abort", Topics.COMMANDS, "other systems, REST", RolloutCommand.class),
    COMMAND_RETRY("command.retry", Topics.COMMANDS, "other systems, REST", RolloutCommand.class),
    COMMAND_PAUSE("command.pause", Topics.COMMANDS, "other systems, REST", RolloutCommand.class),
    COMMAND_RESUME("command.resume", Topics.COMMANDS, "other systems, REST", RolloutCommand.class),

    CHECK_COMPLETED("check.completed", Topics.CHECKS, "other systems", CheckCompleted.class);

    private static final String PREFIX = "dev.sluice.";
    private static final String VERSION = ".v1";

    private final String name;
    private final String topic;
    private final String producer;
    private final Class<? extends SluiceEvent> dataClass;

    EventType(String name, String topic, String producer, Class<? extends SluiceEvent> dataClass) {
        this.name = name;
        this.topic = topic;
        this.producer = producer;
        this.dataClass = dataClass;
    }

    /** The CloudEvents {@code type}, e.g. {@code dev.sluice.traffic.shift.requested.v1}. */
    public String ceType() {
        return PREFIX + name + VERSION;
    }

    public String topic() {
        return topic;
    }

    public String producer() {
        return producer;
    }

    public Class<? extends SluiceEvent> dataClass() {
        return dataClass;
    }

    public boolean isCommand() {
        return topic.equals(Topics.COMMANDS);
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return ceType == null ? Optional.empty() : Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }

    /** Looked up for every record every consumer reads. */
    private static final Map<String, EventType> BY_CE_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::ceType, t -> t));

    public static List<EventType> onTopic(String topic) {
        return Arrays.stream(values()).filter(t -> t.topic.equals(topic)).toList();
    }

    /**
     * The one type whose data is this record. Commands share {@link RolloutCommand}, so their sender names
     * the type explicitly.
     */
    public static EventType forData(SluiceEvent data) {
        List<EventType> matches = Arrays.stream(values()).filter(t -> t.dataClass == data.getClass()).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(data.getClass().getSimpleName()
                    + " is the data of several event types; name the type explicitly");
        }
        return matches.get(0);
    }
}
