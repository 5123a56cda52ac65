package dev.sluice.hygiene.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.List;

/** terminationGracePeriodSeconds covers the preStop sleep plus the app's own shutdown. */
public final class GracePeriod extends BaseRule {
    public GracePeriod() {
        super("grace-period", Severity.ERROR,
                "terminationGracePeriodSeconds > longest preStop sleep + the app's shutdown (annotation "
                        + Subject.SHUTDOWN_ANNOTATION + ", default " + Subject.DEFAULT_SHUTDOWN_SECONDS + " s)",
                "The kubelet kills the container when the grace period ends, whatever it is doing: requests still in "
                        + "flight after the preStop sleep and the app's drain are cut off.",
                """
                metadata:
                  annotations:
                    lint.sluice.dev/shutdown-seconds: "20"   # the app's own graceful shutdown
                spec:
                  template:
                    spec:
                      terminationGracePeriodSeconds: 35      # > preStop sleep 5 + shutdown 20
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        long sleep = s.containers().stream().mapToLong(c -> preStopSleepSeconds(c.node())).max().orElse(0);
        long needed = sleep + s.shutdownSeconds();
        long grace = s.gracePeriodSeconds();
        if (grace > needed) {
            return List.of();
        }
        return List.of(finding(s, "spec.template.spec.terminationGracePeriodSeconds",
                grace + " s does not exceed the preStop sleep " + sleep + " s + shutdown " + s.shutdownSeconds() + " s = "
                        + needed + " s: requests in flight are cut off"));
    }

    /**
     * The seconds a container's preStop hook sleeps: the {@code sleep} action, {@code exec: [sleep, N]} (or
     * {@code /bin/sleep}), or {@code exec: [sh, -c, "sleep N"]} (also followed by {@code ;}, {@code &&} or a space and more); 0 for anything else.
     */
    public static long preStopSleepSeconds(JsonNode container) {
        JsonNode preStop = container.path("lifecycle").path("preStop");
        if (preStop.path("sleep").path("seconds").isNumber()) {
            return preStop.path("sleep").path("seconds").asLong();
        }
        JsonNode command = preStop.path("exec").path("command");
        if (command.size() == 2 && command.get(0).asText().matches("(/bin/|/usr/bin/)?sleep")
                && command.get(1).asText().matches("[0-9]+")) {
            return Long.parseLong(command.get(1).asText());
        }
        String script = command.size() == 3 && command.get(1).asText().equals("-c") ? command.get(2).asText() : "";
        if (script.matches("sleep [0-9]+([ ;&].*)?")) {
            return Long.parseLong(script.substring("sleep ".length()).split("[^0-9]", 2)[0]);
        }
        return 0;
    }
}
