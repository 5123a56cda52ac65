package dev.sluice.analysis.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The example AnalysisTemplates in {@code analysis-svc/PROVIDERS.md}, so each provider's test validates its own. */
public final class ProviderDocExamples {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    private ProviderDocExamples() {
    }

    /** Asserts that PROVIDERS.md has at least one example for the provider and that each passes its validation. */
    public static void assertExamplesValid(MetricProvider provider) throws IOException {
        List<JsonNode> blocks = blocks(provider.type());
        assertThat(blocks).as("examples for %s in PROVIDERS.md", provider.type()).isNotEmpty();
        blocks.forEach(block -> assertThat(provider.validate(block)).as(block.toString()).isEmpty());
    }

    /** Every {@code provider.<type>} block of every AnalysisTemplate example in PROVIDERS.md. */
    static List<JsonNode> blocks(String type) throws IOException {
        String doc = Files.readString(Path.of("PROVIDERS.md"));
        YAMLMapper yaml = new YAMLMapper();
        List<JsonNode> blocks = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(doc);
        while (m.find()) {
            JsonNode template = yaml.readTree(m.group(1));
            assertThat(template.path("apiVersion").asText()).isEqualTo("sluice.dev/v1alpha1");
            assertThat(template.path("kind").asText()).isEqualTo("AnalysisTemplate");
            template.path("spec").path("metrics").forEach(metric -> {
                if (metric.path("provider").has(type)) {
                    blocks.add(metric.path("provider").path(type));
                }
            });
        }
        return blocks;
    }
}
