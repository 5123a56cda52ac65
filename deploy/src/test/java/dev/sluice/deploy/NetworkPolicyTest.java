package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NetworkPolicies of the rendered Strimzi overlay, applied to Sluice's pod templates as Kubernetes would: every
 * Sluice pod is under a default deny for both directions, is reachable only on its HTTP port, and only analysis
 * may reach arbitrary addresses — never link-local ones (cloud metadata).
 */
class NetworkPolicyTest {
    static final List<JsonNode> RENDERED = Kustomize.render("overlays/strimzi");

    static List<JsonNode> kind(String kind) {
        return RENDERED.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    static Stream<String> services() {
        return ServiceConfig.SERVICES.stream().map(ServiceConfig.Service::name);
    }

    /** The policies whose podSelector.matchLabels all appear on the deployment's pod template. */
    static List<JsonNode> policiesOf(String deployment) {
        JsonNode labels = kind("Deployment").stream().filter(d -> d.at("/metadata/name").asText().equals(deployment)).findFirst()
                .orElseThrow().at("/spec/template/metadata/labels");
        List<JsonNode> selecting = new ArrayList<>();
        for (JsonNode policy : kind("NetworkPolicy")) {
            boolean all = true;
            for (Map.Entry<String, JsonNode> e : policy.at("/spec/podSelector/matchLabels").properties()) {
                all &= e.getValue().asText().equals(labels.path(e.getKey()).asText(null));
            }
            if (all) {
                selecting.add(policy);
            }
        }
        return selecting;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void every_service_is_under_a_default_deny_and_reachable_only_on_its_http_port(String service) {
        List<JsonNode> policies = policiesOf(service);
        assertThat(policies).anySatisfy(p -> {
            assertThat(p.at("/spec/policyTypes")).extracting(JsonNode::asText).contains("Ingress", "Egress");
            assertThat(p.at("/spec/ingress").isMissingNode() && p.at("/spec/egress").isMissingNode()).isTrue();
        });
        List<String> ingressPorts = new ArrayList<>();
        policies.forEach(p -> p.at("/spec/ingress").forEach(rule -> rule.path("ports").forEach(port -> ingressPorts.add(port.path("port").asText()))));
        assertThat(ingressPorts).containsOnly("http");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void only_analysis_may_reach_any_address_and_no_service_reaches_link_local_ones(String service) {
        List<JsonNode> blocks = new ArrayList<>();
        boolean anyPortAnywhere = false;
        for (JsonNode policy : policiesOf(service)) {
            for (JsonNode rule : policy.at("/spec/egress")) {
                rule.path("to").forEach(to -> blocks.add(to.path("ipBlock")));
                anyPortAnywhere |= rule.path("ports").isMissingNode();
            }
        }
        assertThat(anyPortAnywhere).as("egress to any port").isEqualTo(service.equals("sluice-analysis"));
        assertThat(blocks).filteredOn(b -> b.path("cidr").asText().equals("0.0.0.0/0"))
                .allSatisfy(b -> assertThat(b.path("except")).extracting(JsonNode::asText).contains("169.254.0.0/16"));
        assertThat(blocks).filteredOn(b -> b.path("cidr").asText().equals("::/0"))
                .allSatisfy(b -> assertThat(b.path("except")).extracting(JsonNode::asText).contains("fe80::/10", "fd00:ec2::254/128"));
    }

    @Test
    void notify_may_reach_webhooks_and_smtp_servers() {
        List<String> ports = new ArrayList<>();
        policiesOf("sluice-notify").forEach(p -> p.at("/spec/egress").forEach(rule -> rule.path("ports")
                .forEach(port -> ports.add(port.path("port").asText()))));
        assertThat(ports).contains("80", "443", "25", "465", "587");
    }

    @Test
    void kafkas_own_pods_are_left_to_strimzi() {
        assertThat(kind("NetworkPolicy")).allSatisfy(p -> assertThat(p.at("/spec/podSelector/matchLabels")).isNotEmpty());
        assertThat(kind("NetworkPolicy")).noneSatisfy(p -> assertThat(p.at("/spec/podSelector/matchLabels").has("strimzi.io/cluster")).isTrue());
    }
}
