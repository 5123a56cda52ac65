package dev.sluice.analysis.core;

import dev.sluice.analysis.condition.CelValues;
import dev.sluice.analysis.condition.Condition;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.events.MeasurementPhase;
import java.util.List;

/**
 * Judges one provider result with a metric's conditions, with Argo's semantics:
 * <ul>
 * <li>no conditions: Successful (unless the provider failed);</li>
 * <li>success only: anything that is not a success is a failure;</li>
 * <li>failure only: anything that is not a failure is a success;</li>
 * <li>both: failure wins when both hold; neither holds = Inconclusive.</li>
 * </ul>
 * A provider failure, or a condition that cannot be evaluated on this result, is an Error measurement.
 * No data is handed to the conditions as an empty list, as Argo does with an empty vector.
 */
public final class MeasurementJudge {
    private MeasurementJudge() {
    }

    /** The verdict on one result, with each condition's outcome for people who debug. */
    public record Judged(MeasurementPhase phase, String value, String message, Boolean successHolds, Boolean failureHolds) {
    }

    public static Judged judge(Condition success, Condition failure, ProviderResult result) {
        Object celValue;
        String display;
        String note;
        if (result instanceof ProviderResult.Failure f) {
            return new Judged(MeasurementPhase.Error, null, f.message(), null, null);
        } else if (result instanceof ProviderResult.NoData n) {
            celValue = List.of();
            display = "[]";
            note = "no data: " + n.message();
        } else {
            ProviderResult.Value v = (ProviderResult.Value) result;
            celValue = CelValues.of(v.value());
            display = v.display();
            note = null;
        }
        Boolean s = null;
        Boolean f = null;
        if (success != null) {
            Condition.Outcome o = success.evaluate(celValue);
            if (o instanceof Condition.Outcome.Failed failed) {
                return new Judged(MeasurementPhase.Error, display, join(note, failed.message()), null, null);
            }
            s = ((Condition.Outcome.Holds) o).value();
        }
        if (failure != null) {
            Condition.Outcome o = failure.evaluate(celValue);
            if (o instanceof Condition.Outcome.Failed failed) {
                return new Judged(MeasurementPhase.Error, display, join(note, failed.message()), s, null);
            }
            f = ((Condition.Outcome.Holds) o).value();
        }
        MeasurementPhase phase;
        String why;
        if (success == null && failure == null) {
            phase = MeasurementPhase.Successful;
            why = "no conditions: any value succeeds";
        } else if (failure == null) {
            phase = s ? MeasurementPhase.Successful : MeasurementPhase.Failed;
            why = "successCondition '" + success.expression() + "' is " + s;
        } else if (success == null) {
            phase = f ? MeasurementPhase.Failed : MeasurementPhase.Successful;
            why = "failureCondition '" + failure.expression() + "' is " + f;
        } else {
            phase = f ? MeasurementPhase.Failed : s ? MeasurementPhase.Successful : MeasurementPhase.Inconclusive;
            why = "successCondition '" + success.expression() + "' is " + s + ", failureCondition '"
                    + failure.expression() + "' is " + f;
        }
        return new Judged(phase, display, join(note, why), s, f);
    }

    private static String join(String note, String message) {
        return note == null ? message : note + "; " + message;
    }
}
