package dev.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.CliHarness;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the API server refuses, as the user sees it: one line, non-zero exit, never a stack trace. */
class ApiErrorsTest {
    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(false);
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    @Test
    void forbidden_names_the_missing_rbac_verb_and_the_user() {
        cli.server.expect().get().withPath("/apis/sluice.dev/v1alpha1/namespaces/shop/rollouts/web").andReturn(200,
                "{\"apiVersion\":\"sluice.dev/v1alpha1\",\"kind\":\"Rollout\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"resourceVersion\":\"3\"},"
                        + "\"status\":{\"currentPodHash\":\"abc\"}}").always();
        cli.server.expect().patch().withPath("/apis/sluice.dev/v1alpha1/namespaces/shop/rollouts/web").andReturn(403,
                new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("rollouts.sluice.dev \"web\" is forbidden: User \"bob\" "
                        + "cannot patch resource \"rollouts\" in API group \"sluice.dev\" in the namespace \"shop\"").build()).always();

        CliHarness.Run run = cli.run("promote", "web");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: forbidden: user 'bob' may not patch rollouts.sluice.dev in namespace 'shop' "
                + "(missing RBAC verb 'patch' on 'rollouts.sluice.dev'; ask for a Role that grants it)\n");
    }

    @Test
    void a_cluster_without_the_crd_says_sluice_is_not_installed() {
        cli.server.expect().get().withPath("/apis/sluice.dev/v1alpha1/namespaces/shop/rollouts").andReturn(404,
                new StatusBuilder().withCode(404).withReason("NotFound").withMessage("the server could not find the requested resource").build()).always();

        CliHarness.Run list = cli.run("list", "rollouts");
        CliHarness.Run get = cli.run("get", "rollout", "web");

        assertThat(list.exit()).isEqualTo(1);
        assertThat(list.err()).startsWith("error: the cluster has no rollouts.sluice.dev resource: Sluice is not installed").hasLineCount(1);
        assertThat(get.err()).isEqualTo(list.err());
    }

    @Test
    void forbidden_list_in_all_namespaces() {
        cli.server.expect().get().withPath("/apis/sluice.dev/v1alpha1/rollouts").andReturn(403,
                new StatusBuilder().withCode(403).withMessage("forbidden").build()).always();
        assertThat(cli.run("list", "rollouts", "-A").err()).isEqualTo("error: forbidden: you may not list rollouts.sluice.dev in any namespace "
                + "(missing RBAC verb 'list' on 'rollouts.sluice.dev'; ask for a Role that grants it)\n");
    }
}
