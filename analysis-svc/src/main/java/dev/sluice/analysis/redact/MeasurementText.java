package dev.sluice.analysis.redact;

import dev.sluice.analysis.core.MeasurementJudge;
import dev.sluice.analysis.core.SingleEvaluation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What a measurement says to the world, made safe and small before it is written to status, published on Kafka,
 * logged or answered: Secret values masked ({@link SecretValues}), then values and messages cut to
 * {@value #MAX_CHARS} characters with a note of how much was left out (a provider may answer a megabyte; status,
 * events and the Kubernetes object size limit must not carry it).
 */
@ApplicationScoped
public class MeasurementText {
    /** The most characters of one value or message kept (4 KiB). */
    public static final int MAX_CHARS = 4096;

    private final SecretValues secrets;

    @Inject
    public MeasurementText(SecretValues secrets) {
        this.secrets = secrets;
    }

    public String clean(String text) {
        return truncate(secrets.redact(text));
    }

    public MeasurementJudge.Judged clean(MeasurementJudge.Judged j) {
        return new MeasurementJudge.Judged(j.phase(), clean(j.value()), clean(j.message()), j.successHolds(), j.failureHolds());
    }

    public SingleEvaluation.Outcome clean(SingleEvaluation.Outcome o) {
        return new SingleEvaluation.Outcome(o.phase(), o.metricName(), clean(o.value()), clean(o.message()), o.metrics().stream()
                .map(m -> new SingleEvaluation.MetricOutcome(m.name(), m.provider(), m.phase(), clean(m.value()), clean(m.message()),
                        m.successCondition(), m.successHolds(), m.failureCondition(), m.failureHolds(), m.dryRun()))
                .toList());
    }

    /** At most {@value #MAX_CHARS} characters: the head, then how many were cut. */
    public static String truncate(String text) {
        if (text == null || text.length() <= MAX_CHARS) {
            return text;
        }
        int keep = MAX_CHARS - 48; // room for the note
        if (Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        return text.substring(0, keep) + "… (" + (text.length() - keep) + " more characters cut)";
    }
}
