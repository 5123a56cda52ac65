package dev.sluice.controller.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What of a Service makes the zero-downtime rules ask again: its name and selector, not the revision the controller
 * points it at (which it changes twice in every rollout) nor anything else that moves its resourceVersion.
 */
class ZeroDowntimeJudgedTest {
    @Test
    void pointing_a_service_at_another_revision_does_not_ask_the_rules_again() {
        assertThat(ZeroDowntime.judgedOf(service("web-canary", Map.of("app", "web", "rollouts-pod-template-hash", "aaa"), "7")))
                .isEqualTo(ZeroDowntime.judgedOf(service("web-canary", Map.of("app", "web", "rollouts-pod-template-hash", "bbb"), "8")));
    }

    @Test
    void a_changed_selector_or_another_service_asks_again() {
        String before = ZeroDowntime.judgedOf(service("web-canary", Map.of("app", "web", "rollouts-pod-template-hash", "aaa"), "7"));

        assertThat(ZeroDowntime.judgedOf(service("web-canary", Map.of("app", "shop", "rollouts-pod-template-hash", "aaa"), "8")))
                .isNotEqualTo(before);
        assertThat(ZeroDowntime.judgedOf(service("web-canary", Map.of("app", "web"), "8"))).as("the hash key removed")
                .isNotEqualTo(before);
        assertThat(ZeroDowntime.judgedOf(service("web-stable", Map.of("app", "web", "rollouts-pod-template-hash", "aaa"), "7")))
                .isNotEqualTo(before);
    }

    private static Service service(String name, Map<String, String> selector, String resourceVersion) {
        return new ServiceBuilder().withNewMetadata().withName(name).withResourceVersion(resourceVersion).endMetadata()
                .withNewSpec().withSelector(selector).endSpec().build();
    }
}
