package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.rollout.Rollout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code get rollout --watch} in a real terminal: the packaged launcher runs in a tmux session against the
 * Kubernetes test server (over a kubeconfig, as a user runs it); the test reads the screen with capture-pane,
 * changes the rollout, sees the screen follow, then presses Ctrl-C and sees the program end and the cursor back.
 */
class TerminalWatchIT {
    private static final Path LAUNCHER = Path.of("kubectl-sluice").toAbsolutePath();
    private static final Path JAR = Path.of("target/kubectl-sluice.jar").toAbsolutePath();
    CliHarness cluster;
    Path kubeconfig;
    String session = "sluice-watch-" + ProcessHandle.current().pid();

    @BeforeEach
    void setUp() throws IOException {
        cluster = new CliHarness(true);
        Fixtures.seedPausedCanary(cluster.client);
        kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
        Files.writeString(kubeconfig, TestApiServer.kubeconfig(cluster.client.getConfiguration().getMasterUrl()));
    }

    @AfterEach
    void tearDown() throws Exception {
        tmux("kill-session", "-t", session);
        cluster.close();
        Files.deleteIfExists(kubeconfig);
    }

    @Test
    void watch_redraws_in_place_and_ends_on_ctrl_c() throws Exception {
        assertThat(JAR).as("the runnable jar (package phase)").exists();
        String command = "trap : INT; KUBECTL_SLUICE_JAR=" + JAR + " " + LAUNCHER
                + " get rollout web --watch --kubeconfig " + kubeconfig + "; echo EXITED $?; sleep 30";
        tmux("new-session", "-d", "-s", session, "-x", "140", "-y", "45", "sh", "-c", command);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(screen()).contains("Status:          ॥ Paused")
                .contains("⧉ web-5c7e9a1b3").contains("Step:          1/2"));
        int linesBefore = screen().split("\n").length;

        Rollout r = cluster.client.resources(Rollout.class).inNamespace("shop").withName("web").get();
        r.getStatus().phase = dev.sluice.api.rollout.RolloutPhase.Healthy;
        r.getStatus().message = null;
        r.getStatus().stableRS = "5c7e9a1b3";
        r.getStatus().currentStepIndex = 2;
        cluster.client.resource(r).updateStatus();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(screen()).contains("Status:          ✔ Healthy")
                .contains("Step:          2/2").doesNotContain("॥ Paused").doesNotContain("CanaryPauseStep"));
        // redrawn in place: the frame starts at the top line, nothing scrolled or was appended below
        assertThat(screen().lines().findFirst().orElse("")).startsWith("Name:            web");
        assertThat(screen().split("\n").length).isLessThanOrEqualTo(linesBefore);

        tmux("send-keys", "-t", session, "C-c");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(screen()).contains("EXITED 130"));
        assertThat(screen()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(tmux("display-message", "-p", "-t", session, "#{cursor_flag}").strip()).isEqualTo("1");
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", session).replaceAll("\\s+\n", "\n").strip();
    }

    private static String tmux(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "tmux";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
