package dev.sluice.analysis.wiring;

import dev.sluice.analysis.condition.ConditionCompiler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Shared values: the one condition compiler (the clock comes from service-common's ClockProducer). */
public class Beans {
    @Produces
    @Singleton
    ConditionCompiler conditionCompiler() {
        return new ConditionCompiler();
    }
}
