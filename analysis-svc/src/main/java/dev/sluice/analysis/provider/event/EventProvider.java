package dev.sluice.analysis.provider.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.ProviderValues;
import dev.sluice.events.CheckCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An external system's verdict (a test runner, a QA sign-off): waits for a {@code CheckCompleted} on
 * {@code sluice.checks} for this run's rollout, with the given {@code checkName}, for this revision (or with
 * no revision), reported at or after the analysis was requested.
 * <pre>
 * event:
 *   checkName: smoke-tests
 *   timeout: 10m        # how long to wait (default 10m)
 * </pre>
 * {@code result} is {@code {passed, value, message, timedOut}}; without conditions the metric succeeds when
 * {@code result.passed}. No check within the timeout gives {@code passed: false, timedOut: true}: the
 * check failed to report, which fails the metric rather than promoting without it.
 */
@ApplicationScoped
public class EventProvider implements MetricProvider {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final CheckRegistry checks;

    @Inject
    public EventProvider(CheckRegistry checks) {
        this.checks = checks;
    }

    @Override
    public String type() {
        return "event";
    }

    @Override
    public String defaultSuccessCondition() {
        return "result.passed";
    }

    @Override
    public List<String> validate(JsonNode config) {
        List<String> problems = new ArrayList<>();
        if (config == null || !config.isObject()) {
            return List.of("the block must be an object with a checkName");
        }
        String name = ProviderValues.text(config, "checkName");
        if (name == null || name.isBlank()) {
            problems.add("checkName is required");
        }
        if (config.hasNonNull("timeout") && ProviderValues.seconds(config.get("timeout")) == null) {
            problems.add("timeout '" + config.get("timeout").asText() + "' is not seconds or a duration");
        }
        return problems;
    }

    @Override
    public ProviderResult measure(MeasurementRequest request) {
        MeasurementRequest.RunContext run = request.run();
        if (run.rolloutId() == null) {
            return new ProviderResult.Failure("event: no rollout to wait for (a template dry run cannot wait for external checks)");
        }
        String checkName = ProviderValues.text(request.config(), "checkName");
        Duration timeout = Optional.ofNullable(ProviderValues.seconds(request.config().get("timeout"))).orElse(DEFAULT_TIMEOUT);
        CheckRegistry.Wanted wanted = new CheckRegistry.Wanted(run.rolloutId(), run.revision(), checkName, run.reportedSince());
        Optional<CheckCompleted> check = checks.await(wanted, timeout);
        Map<String, Object> result = new LinkedHashMap<>();
        if (check.isEmpty()) {
            result.put("passed", false);
            result.put("timedOut", true);
            result.put("message", "no '" + checkName + "' result for " + run.rolloutId() + " within " + timeout.toSeconds() + "s");
            return new ProviderResult.Value(result, ProviderValues.display(result));
        }
        CheckCompleted c = check.get();
        result.put("passed", c.passed());
        result.put("timedOut", false);
        result.put("value", c.value());
        result.put("message", c.message());
        return new ProviderResult.Value(result, ProviderValues.display(result));
    }
}
