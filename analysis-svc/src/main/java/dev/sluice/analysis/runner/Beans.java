package dev.sluice.analysis.runner;

import dev.sluice.analysis.condition.ConditionCompiler;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Shared values: the clock every time decision reads, and the one condition compiler. */
public class Beans {
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ConditionCompiler conditionCompiler() {
        return new ConditionCompiler();
    }
}
