package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health checks in {@code deploy/argocd/} run by a real Lua 5.1 interpreter (Debian's {@code lua5.1}, the
 * dialect Argo CD embeds) against status fixtures for every phase, the way Argo CD runs them: {@code obj} is the
 * object, the script returns {@code {status, message}}.
 */
class ArgoCdHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = DeployTree.DEPLOY.resolve("argocd");

    static Stream<Arguments> rollouts() {
        return Stream.of(
                Arguments.of("a healthy rollout is Healthy", "{'metadata':{'generation':2},'status':{'phase':'Healthy','observedGeneration':2}}",
                        "Healthy", "Rollout is healthy"),
                Arguments.of("a progressing rollout is Progressing with its message",
                        "{'metadata':{'generation':2},'status':{'phase':'Progressing','observedGeneration':2,'message':'step 1/4: setWeight 20'}}",
                        "Progressing", "step 1/4: setWeight 20"),
                Arguments.of("a paused rollout is Suspended", "{'metadata':{'generation':2},'status':{'phase':'Paused','observedGeneration':2,"
                        + "'message':'CanaryPauseStep'}}", "Suspended", "CanaryPauseStep"),
                Arguments.of("a degraded rollout is Degraded", "{'metadata':{'generation':2},'status':{'phase':'Degraded','observedGeneration':2,"
                        + "'message':'RolloutAborted: metric success-rate failed with value 0.81'}}", "Degraded",
                        "RolloutAborted: metric success-rate failed with value 0.81"),
                Arguments.of("an invalid spec is Degraded with the violation", "{'metadata':{'generation':2},'status':{'phase':'Progressing',"
                        + "'observedGeneration':2,'conditions':[{'type':'Progressing','status':'True'},{'type':'InvalidSpec','status':'True',"
                        + "'message':'spec.replicas: must be at least 0'}]}}", "Degraded", "spec.replicas: must be at least 0"),
                Arguments.of("a Healthy status of an older generation is Progressing", "{'metadata':{'generation':3},'status':{'phase':'Healthy',"
                        + "'observedGeneration':2}}", "Progressing", "Waiting for the Sluice controller to observe generation 3"),
                Arguments.of("a rollout without status is Progressing", "{'metadata':{'generation':1}}", "Progressing",
                        "Waiting for the Sluice controller to observe the rollout"));
    }

    static Stream<Arguments> analysisRuns() {
        return Stream.of(
                Arguments.of("a successful run is Healthy", "{'metadata':{},'status':{'phase':'Successful'}}", "Healthy", "AnalysisRun is successful"),
                Arguments.of("a failed run is Degraded", "{'metadata':{},'status':{'phase':'Failed','message':'metric error-rate failed'}}",
                        "Degraded", "metric error-rate failed"),
                Arguments.of("an errored run is Degraded", "{'metadata':{},'status':{'phase':'Error'}}", "Degraded", "AnalysisRun is error"),
                Arguments.of("an inconclusive run is Suspended", "{'metadata':{},'status':{'phase':'Inconclusive'}}", "Suspended",
                        "AnalysisRun is inconclusive"),
                Arguments.of("a running run is Progressing", "{'metadata':{},'status':{'phase':'Running'}}", "Progressing", "AnalysisRun is running"),
                Arguments.of("a new run is Progressing", "{'metadata':{}}", "Progressing", "AnalysisRun is pending"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rollouts")
    void rollout_health(String sentence, String object, String status, String message) throws Exception {
        assertThat(run("rollout-health.lua", object)).isEqualTo(status + "\n" + message + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("analysisRuns")
    void analysis_run_health(String sentence, String object, String status, String message) throws Exception {
        assertThat(run("analysisrun-health.lua", object)).isEqualTo(status + "\n" + message + "\n");
    }

    @Test
    void the_argocd_cm_patch_carries_the_same_scripts() throws IOException {
        JsonNode patch = new ObjectMapper(new YAMLFactory()).readTree(DIR.resolve("argocd-cm-patch.yaml").toFile());
        assertThat(patch.at("/data/resource.customizations.health.sluice.dev_Rollout").asText())
                .isEqualTo(Files.readString(DIR.resolve("rollout-health.lua")));
        assertThat(patch.at("/data/resource.customizations.health.sluice.dev_AnalysisRun").asText())
                .isEqualTo(Files.readString(DIR.resolve("analysisrun-health.lua")));
    }

    /** Runs the script with {@code obj} bound, as Argo CD does, and prints the returned status and message. */
    private static String run(String script, String object) throws Exception {
        String lua = "obj = " + lua(JSON.readTree(object.replace('\'', '"'))) + "\n"
                + "local hs = (function()\n" + Files.readString(DIR.resolve(script)) + "\nend)()\n"
                + "print(hs.status)\nprint(hs.message)\n";
        Process p = new ProcessBuilder("lua5.1", "-").redirectErrorStream(true).start();
        p.getOutputStream().write(lua.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** A JSON value as a Lua table constructor. */
    static String lua(JsonNode n) {
        if (n.isObject()) {
            StringBuilder b = new StringBuilder("{");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                b.append("[").append(new com.fasterxml.jackson.databind.node.TextNode(f.getKey()).toString()).append("]=").append(lua(f.getValue())).append(",");
            }
            return b.append("}").toString();
        }
        if (n.isArray()) {
            StringBuilder b = new StringBuilder("{");
            n.forEach(e -> b.append(lua(e)).append(","));
            return b.append("}").toString();
        }
        return n.isNull() ? "nil" : n.toString();
    }
}
