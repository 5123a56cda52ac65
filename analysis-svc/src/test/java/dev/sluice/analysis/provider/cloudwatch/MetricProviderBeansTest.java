package dev.sluice.analysis.provider.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In the booted service, the run engine (and the dry-run endpoint) find the six providers of this issue as CDI
 * beans by their Argo key. It lives with CloudWatch because that bean is the one with an injected constructor
 * (its endpoint override setting), the likeliest to fail to wire.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class MetricProviderBeansTest {

    @Inject
    @Any
    Instance<MetricProvider> providers;

    @Test
    void theSixProvidersAreBeansFoundByTheirArgoKey() {
        List<String> types = providers.stream().map(MetricProvider::type).toList();

        assertThat(types).contains("datadog", "newRelic", "wavefront", "influxdb", "graphite", "cloudWatch")
                .doesNotHaveDuplicates();
        MetricProvider cloudWatch = providers.stream().filter(p -> p.type().equals("cloudWatch")).findFirst().orElseThrow();
        assertThat(cloudWatch.validate(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()))
                .containsExactly("metricDataQueries must list at least one query, each with an id and a metricStat or an expression");
    }
}
