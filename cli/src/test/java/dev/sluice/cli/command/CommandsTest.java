package dev.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.cli.CliHarness;
import dev.sluice.cli.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands against the Kubernetes test server (CRUD): what they write, what they print. */
class CommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(true);
        Fixtures.seedPausedCanary(cli.client);
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    private Rollout web() {
        return cli.client.resources(Rollout.class).inNamespace("shop").withName("web").get();
    }

    @Test
    void promote_writes_the_command_annotation_bound_to_the_revision_shown() throws Exception {
        CliHarness.Run run = cli.run("promote", "web", "--reason", "looks good");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("rollout 'web' promote requested for revision 5c7e9a1b3");
        JsonNode command = JSON.readTree(web().getMetadata().getAnnotations().get(CommandRequest.ANNOTATION));
        assertThat(command.path("command").asText()).isEqualTo("promote");
        assertThat(command.path("revision").asText()).isEqualTo("5c7e9a1b3");
        assertThat(command.path("reason").asText()).isEqualTo("looks good");
        assertThat(command.path("id").asText()).hasSize(36);
        assertThat(command.path("requestedBy").asText()).isNotBlank();
    }

    @Test
    void promote_full_and_abort_name_their_command() throws Exception {
        assertThat(cli.run("promote", "web", "--full").exit()).isZero();
        assertThat(JSON.readTree(web().getMetadata().getAnnotations().get(CommandRequest.ANNOTATION)).path("command").asText())
                .isEqualTo("promote-full");
    }

    @Test
    void a_second_command_waits_for_the_first_and_then_fails_with_one_line_when_no_controller_takes_it() {
        assertThat(cli.run("pause", "web").exit()).isZero();
        CliHarness.Run second = cli.run("abort", "web");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err().strip()).startsWith("error: rollout 'web' still has an earlier command").doesNotContain("\n")
                .contains("is the Sluice controller running?");
    }

    @Test
    void set_image_changes_only_the_named_container() {
        CliHarness.Run run = cli.run("set", "image", "web", "app=web:3");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(web().getSpec().template.getSpec().getContainers().get(0).getImage()).isEqualTo("web:3");

        CliHarness.Run unknown = cli.run("set", "image", "web", "sidecar=envoy:1");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("error: rollout 'web' has no container 'sidecar' (containers: app)\n");
    }

    @Test
    void undo_puts_back_the_previous_revisions_template_without_the_hash_label() {
        CliHarness.Run run = cli.run("undo", "web");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("rolled back to revision 1 (6d4f8b9c7)");
        assertThat(web().getSpec().template.getSpec().getContainers().get(0).getImage()).isEqualTo("web:1");
        assertThat(web().getSpec().template.getMetadata().getLabels()).doesNotContainKey("rollouts-pod-template-hash");

        assertThat(cli.run("undo", "web", "--to-revision", "7").err())
                .isEqualTo("error: rollout 'web' has no revision 7 (revisions 1 to 2)\n");
    }

    @Test
    void restart_sets_restart_at_like_argo_and_leaves_the_pod_template_alone() {
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var template = web().getSpec().template;
        CliHarness.Run run = cli.run("restart", "web", "--in", "10m");
        assertThat(run.exit()).as(run.err()).isZero();
        Instant at = Instant.parse(web().getSpec().restartAt);
        assertThat(at).isBetween(before.plusSeconds(600), Instant.now().plusSeconds(600));
        assertThat(run.out()).isEqualTo("rollout 'web' restarts at " + at + ": pods created before then are replaced one at a time\n");
        assertThat(web().getSpec().template).as("no new revision").isEqualTo(template);
    }

    @Test
    void restart_with_new_revision_stamps_the_pod_template() {
        assertThat(cli.run("restart", "web", "--new-revision").exit()).isZero();
        assertThat(web().getSpec().template.getMetadata().getAnnotations()).containsKey("sluice.dev/restartedAt");
        assertThat(web().getSpec().restartAt).isNull();
    }

    @Test
    void restart_with_a_bad_delay_is_one_line_and_changes_nothing() {
        CliHarness.Run run = cli.run("restart", "web", "--in", "10");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: --in '10' has no unit").doesNotContain("\n\n").endsWith("\n");
        assertThat(run.err().strip()).doesNotContain("\n");
        assertThat(web().getSpec().restartAt).isNull();
    }

    @Test
    void get_prints_the_tree_and_o_json_the_object() throws Exception {
        CliHarness.Run tree = cli.run("get", "rollout", "web");
        assertThat(tree.exit()).as(tree.err()).isZero();
        assertThat(tree.out()).contains("Status:          ॥ Paused").contains("  Step:          1/2").contains("⧉ web-5c7e9a1b3")
                .contains("web:2 (canary)");

        CliHarness.Run json = cli.run("get", "rollout", "web", "-o", "json");
        assertThat(JSON.readTree(json.out()).path("status").path("currentPodHash").asText()).isEqualTo("5c7e9a1b3");
        CliHarness.Run yaml = cli.run("get", "rollout", "web", "-o", "yaml");
        assertThat(yaml.out()).contains("kind: \"Rollout\"").contains("currentPodHash: \"5c7e9a1b3\"");
    }

    @Test
    void list_shows_phase_step_and_weight() {
        CliHarness.Run list = cli.run("list", "rollouts", "-A");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out().lines().toList()).hasSize(2);
        assertThat(list.out().lines().toList().get(1)).startsWith("shop").contains("web", "Canary", "॥ Paused", "1/2");
    }

    @Test
    void status_exits_1_when_degraded_and_prints_the_state() {
        Rollout r = web();
        r.getStatus().phase = dev.sluice.api.rollout.RolloutPhase.Degraded;
        r.getStatus().message = "RolloutAborted: metric error-rate failed with value 0.3";
        cli.client.resource(r).updateStatus();

        CliHarness.Run status = cli.run("status", "web", "--timeout", "5s");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.out()).isEqualTo("Degraded - step 1/2 - RolloutAborted: metric error-rate failed with value 0.3\n");
    }

    @Test
    void status_exits_2_at_the_timeout() {
        CliHarness.Run status = cli.run("status", "web", "--timeout", "1s");
        assertThat(status.exit()).isEqualTo(2);
        assertThat(status.err()).isEqualTo("error: rollout 'web' did not become Healthy within 1s\n");
    }

    @Test
    void an_unknown_rollout_is_one_line_and_exit_1() {
        CliHarness.Run run = cli.run("get", "rollout", "nope");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: rollout 'nope' not found in namespace 'shop'\n");
        assertThat(cli.run("promote", "nope").err()).isEqualTo("error: rollout 'nope' not found in namespace 'shop'\n");
    }
}
